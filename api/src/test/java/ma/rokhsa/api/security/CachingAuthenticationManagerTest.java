package ma.rokhsa.api.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

class CachingAuthenticationManagerTest {

    private final AtomicInteger checks = new AtomicInteger();

    /** A slow password check, as BCrypt is: right password "demo". */
    private final ReactiveAuthenticationManager slow = a -> Mono.delay(Duration.ofMillis(200)).then(Mono.defer(() -> {
        checks.incrementAndGet();
        return "demo".equals(a.getCredentials())
                ? Mono.just(UsernamePasswordAuthenticationToken.authenticated(a.getName(), null, List.of()))
                : Mono.error(new BadCredentialsException("Bad credentials"));
    }));

    private final CachingAuthenticationManager manager = new CachingAuthenticationManager(slow, Duration.ofMinutes(2), 100);

    private static Authentication basic(String user, String password) {
        return UsernamePasswordAuthenticationToken.unauthenticated(user, password);
    }

    @Test
    void requestsArrivingTogetherShareOneCheckAndLaterOnesNeedNone() {
        List<Authentication> all = Flux.range(0, 8).flatMap(i -> manager.authenticate(basic("amina", "demo")))
                .collectList().block(Duration.ofSeconds(5));
        assertThat(all).hasSize(8).allSatisfy(a -> assertThat(a.isAuthenticated()).isTrue());
        assertThat(checks).hasValue(1);
        assertThat(manager.authenticate(basic("amina", "demo")).block(Duration.ofSeconds(5)).getName()).isEqualTo("amina");
        assertThat(checks).hasValue(1);
    }

    @Test
    void aWrongPasswordIsCheckedEveryTimeAndNeverKept() {
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> manager.authenticate(basic("amina", "wrong")).block(Duration.ofSeconds(5)))
                    .isInstanceOf(BadCredentialsException.class);
        }
        assertThat(checks).hasValue(2);
        assertThat(manager.authenticate(basic("amina", "demo")).block(Duration.ofSeconds(5)).isAuthenticated()).isTrue();
        assertThat(checks).hasValue(3);
    }

    @Test
    void oneRequestGivingUpDoesNotCancelTheCheckOthersWaitFor() {
        manager.authenticate(basic("omar", "demo")).timeout(Duration.ofMillis(50)).onErrorResume(e -> Mono.empty())
                .block(Duration.ofSeconds(5));
        assertThat(manager.authenticate(basic("omar", "demo")).block(Duration.ofSeconds(5)).isAuthenticated()).isTrue();
        assertThat(checks).hasValue(1);
    }
}
