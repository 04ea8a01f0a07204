package ma.rokhsa.api.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;

import com.github.benmanes.caffeine.cache.Cache;
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
final class CachingAuthenticationManager implements ReactiveAuthenticationManager {

    private final ReactiveAuthenticationManager delegate;
    private final Cache<String, Authentication> cache;
    private final byte[] salt = new byte[32];

    CachingAuthenticationManager(ReactiveAuthenticationManager delegate, Duration ttl, long maxEntries) {
        this.delegate = delegate;
        this.cache = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(maxEntries).build();
        new SecureRandom().nextBytes(salt);
    }

    @Override
    public Mono<Authentication> authenticate(Authentication authentication) {
        if (!(authentication instanceof UsernamePasswordAuthenticationToken token) || token.getCredentials() == null) {
            return delegate.authenticate(authentication);
        }
        String key = key(token.getName(), token.getCredentials().toString());
        Authentication cached = cache.getIfPresent(key);
        if (cached != null) {
            return Mono.just(cached);
        }
        return delegate.authenticate(authentication).doOnNext(a -> cache.put(key, a));
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
