package ma.rokhsa.api.security;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authentication.UserDetailsRepositoryReactiveAuthenticationManager;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * HTTP security: every endpoint authenticated (HTTP Basic against the accounts in PostgreSQL) unless
 * it is public by design (health, API docs, and later verification and the ranking). Stateless: no
 * session, no CSRF token (no cookies are issued).
 */
@Configuration
@EnableWebFluxSecurity
class SecurityConfig {

    /** Paths anyone may call. Everything else needs an account. */
    static final String[] PUBLIC = {
            "/actuator/health", "/actuator/health/**", "/actuator/info",
            "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**", "/webjars/**",
            "/api/ranking", "/api/ranking/**", "/api/stats", "/api/verify", "/api/verify/**",
            "/pki/**", "/pay/**", "/api/payments/callback/**", "/api/dossier-types", "/api/communes"
    };

    @Bean
    SecurityWebFilterChain api(ServerHttpSecurity http, ReactiveAuthenticationManager authManager) {
        return http
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .authenticationManager(authManager)
                .httpBasic(b -> b.authenticationEntryPoint((exchange, ex) -> problem(exchange.getResponse(),
                                HttpStatus.UNAUTHORIZED, "UNAUTHENTICATED",
                                "Sign in: send your username and password with HTTP Basic authentication.")))
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((exchange, ex) -> problem(exchange.getResponse(),
                                HttpStatus.UNAUTHORIZED, "UNAUTHENTICATED",
                                "Sign in: send your username and password with HTTP Basic authentication."))
                        .accessDeniedHandler((exchange, ex) -> problem(exchange.getResponse(),
                                HttpStatus.FORBIDDEN, "FORBIDDEN", "Your role does not allow this action.")))
                .authorizeExchange(a -> a
                        .pathMatchers(HttpMethod.OPTIONS, "/**").permitAll()
                        .pathMatchers(PUBLIC).permitAll()
                        .pathMatchers("/actuator/**").hasRole(Role.ADMIN.name())
                        .anyExchange().authenticated())
                .build();
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    /** Password hashing is deliberately slow: it runs on its own bounded scheduler, never on the event loop. */
    @Bean(destroyMethod = "dispose")
    Scheduler passwordScheduler() {
        return Schedulers.newBoundedElastic(Math.max(2, Runtime.getRuntime().availableProcessors()), 10_000, "password");
    }

    @Bean
    ReactiveAuthenticationManager authenticationManager(R2dbcUserStore users, PasswordEncoder encoder,
                                                        Scheduler passwordScheduler) {
        var delegate = new UserDetailsRepositoryReactiveAuthenticationManager(users);
        delegate.setPasswordEncoder(encoder);
        delegate.setScheduler(passwordScheduler);
        return new CachingAuthenticationManager(delegate, Duration.ofMinutes(2), 50_000);
    }

    private static Mono<Void> problem(ServerHttpResponse response, HttpStatus status, String code, String detail) {
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (status == HttpStatus.UNAUTHORIZED) {
            response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"Rokhsa\"");
        }
        String body = "{\"type\":\"https://rokhsa.ma/problems/" + code.toLowerCase() + "\",\"title\":\""
                + status.getReasonPhrase() + "\",\"status\":" + status.value() + ",\"detail\":\"" + detail
                + "\",\"code\":\"" + code + "\"}";
        DataBuffer buffer = response.bufferFactory().wrap(body.getBytes(StandardCharsets.UTF_8));
        return response.writeWith(Mono.just(buffer));
    }
}
