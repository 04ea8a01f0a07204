package ma.rokhsa.api.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import reactor.core.publisher.Mono;

/**
 * Remembers successful HTTP Basic authentications for a short time, so that a client sending the same
 * credentials on every request (that is what Basic means) pays the deliberately slow password hash
 * once, not per request. The key is a salted SHA-256 of username and password, kept in memory only;
 * the salt is random per process, so the cache holds nothing that could be replayed elsewhere.
 */
final class CachingAuthenticationManager implements ReactiveAuthenticationManager, AuthenticationCache {

    private final ReactiveAuthenticationManager delegate;
    private final AsyncCache<String, Outcome> cache;
    private final byte[] salt = new byte[32];

    CachingAuthenticationManager(ReactiveAuthenticationManager delegate, Duration ttl, long maxEntries) {
        this.delegate = delegate;
        this.cache = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(maxEntries).buildAsync();
        new SecureRandom().nextBytes(salt);
    }

    @Override
    public Mono<Authentication> authenticate(Authentication authentication) {
        if (!(authentication instanceof UsernamePasswordAuthenticationToken token) || token.getCredentials() == null) {
            return delegate.authenticate(authentication);
        }
        String key = key(token.getName(), token.getCredentials().toString());
        // Requests arriving together with the same credentials (a client uploading several files at once, just
        // as its entry expired) share one check, so the slow hash runs once, not once per request. A failed
        // or empty check is dropped by its first waiter, so that the next attempt checks again. One request
        // giving up must not cancel the check the others wait for.
        return Mono.defer(() -> {
            CompletableFuture<Outcome> shared = cache.get(key, (k, executor) -> delegate.authenticate(authentication)
                    .map(Outcome::success)
                    .onErrorResume(e -> Mono.just(Outcome.failure(e)))
                    .defaultIfEmpty(Outcome.NONE)
                    .toFuture());
            return Mono.fromFuture(shared, true).flatMap(o -> {
                if (o.authentication() != null) {
                    return Mono.just(o.authentication());
                }
                cache.asMap().remove(key, shared);
                return o.error() == null ? Mono.empty() : Mono.error(o.error());
            });
        });
    }

    @Override
    public void evict(String username) {
        // Keys are salted hashes: the entries are found by the name in their outcome (a rare event, a scan is fine).
        cache.asMap().entrySet().removeIf(e -> {
            Outcome o = e.getValue().getNow(null);
            return o == null || o.authentication() != null && o.authentication().getName().equalsIgnoreCase(username);
        });
    }

    @Override
    public void evictAll() {
        cache.synchronous().invalidateAll();
    }

    /**
     * What a check gave. A failure is a value, not an exceptional future: Caffeine would log every wrong
     * password as a warning with its stack trace.
     */
    private record Outcome(Authentication authentication, Throwable error) {
        static final Outcome NONE = new Outcome(null, null);

        static Outcome success(Authentication a) {
            return new Outcome(a, null);
        }

        static Outcome failure(Throwable e) {
            return new Outcome(null, e);
        }
    }

    private String key(String username, String password) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(salt);
            md.update(username.getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            md.update(password.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
