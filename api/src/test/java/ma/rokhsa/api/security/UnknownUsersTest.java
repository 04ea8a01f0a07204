package ma.rokhsa.api.security;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UserDetailsRepositoryReactiveAuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.userdetails.ReactiveUserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** An unknown username costs the same password check as a known one with a wrong password, and never signs in. */
class UnknownUsersTest {

    private final AtomicInteger hashChecks = new AtomicInteger();
    private final PasswordEncoder real = PasswordEncoderFactories.createDelegatingPasswordEncoder();
    private final PasswordEncoder counting = new PasswordEncoder() {
        @Override
        public String encode(CharSequence raw) {
            return real.encode(raw);
        }

        @Override
        public boolean matches(CharSequence raw, String encoded) {
            hashChecks.incrementAndGet();
            return real.matches(raw, encoded);
        }
    };

    private final RokhsaUser amina = new RokhsaUser(new Viewer(UUID.randomUUID(), "amina", "Amina", Role.ARCHITECT, null, null, null),
            real.encode("the-right-one"), true);
    private final ReactiveUserDetailsService accounts = name -> name.equals("amina") ? Mono.just(amina) : Mono.empty();

    @Test
    void anUnknownNameIsCheckedLikeAWrongPasswordAndRefusedAlike() {
        var manager = new UserDetailsRepositoryReactiveAuthenticationManager(new UnknownUsers(accounts, real));
        manager.setPasswordEncoder(counting);

        assertThatThrownBy(() -> manager.authenticate(UsernamePasswordAuthenticationToken.unauthenticated("amina", "wrong"))
                .block(Duration.ofSeconds(10))).isInstanceOf(BadCredentialsException.class);
        assertThat(hashChecks).hasValue(1);
        assertThatThrownBy(() -> manager.authenticate(UsernamePasswordAuthenticationToken.unauthenticated("nobody", "wrong"))
                .block(Duration.ofSeconds(10))).isInstanceOf(BadCredentialsException.class);
        assertThat(hashChecks).as("the unknown name had its password hashed too").hasValue(2);
        // Nothing a caller sends opens the stand-in.
        assertThatThrownBy(() -> manager.authenticate(UsernamePasswordAuthenticationToken.unauthenticated("nobody", ""))
                .block(Duration.ofSeconds(10))).isInstanceOf(BadCredentialsException.class);
        assertThat(manager.authenticate(UsernamePasswordAuthenticationToken.unauthenticated("amina", "the-right-one"))
                .block(Duration.ofSeconds(10)).isAuthenticated()).isTrue();
    }
}
