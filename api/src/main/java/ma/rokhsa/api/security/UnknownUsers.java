package ma.rokhsa.api.security;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;

import org.springframework.security.core.userdetails.ReactiveUserDetailsService;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.password.PasswordEncoder;
import reactor.core.publisher.Mono;

/**
 * Makes a sign-in with an unknown username cost what a wrong password costs: instead of no account (an
 * answer without hashing, measurably faster, which tells whether an account exists), a stand-in account
 * whose hash is of a random secret thrown away at once, so that the slow check runs and always fails.
 */
final class UnknownUsers implements ReactiveUserDetailsService {

    private final ReactiveUserDetailsService users;
    private final String unmatchableHash;

    /** Hashes the random secret once, here (at start-up: the event loop must not pay it). */
    UnknownUsers(ReactiveUserDetailsService users, PasswordEncoder encoder) {
        this.users = users;
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.unmatchableHash = encoder.encode(Base64.getEncoder().encodeToString(secret));
    }

    @Override
    public Mono<UserDetails> findByUsername(String username) {
        return users.findByUsername(username).switchIfEmpty(Mono.fromSupplier(() -> standIn(username)));
    }

    private UserDetails standIn(String username) {
        Viewer nobody = new Viewer(UUID.randomUUID(), username, "", Role.ARCHITECT, null, null, null);
        return new RokhsaUser(nobody, unmatchableHash, true);
    }
}
