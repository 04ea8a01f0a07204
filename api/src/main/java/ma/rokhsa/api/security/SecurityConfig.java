package ma.rokhsa.api.security;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import ma.rokhsa.api.config.RokhsaProperties;
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
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.web.server.DelegatingServerAuthenticationEntryPoint;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.csrf.CookieServerCsrfTokenRepository;
import org.springframework.security.web.server.header.ReferrerPolicyServerHttpHeadersWriter;
import org.springframework.security.web.server.header.XFrameOptionsServerHttpHeadersWriter;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * HTTP security. API clients authenticate with HTTP Basic on every request (no cookie, no CSRF token);
 * browsers sign in on the sign-in page and then carry a session cookie ({@link R2dbcWebSessions}), and
 * every state-changing request authenticated by that cookie must carry the CSRF token (double-submit
 * cookie: no server state, so any instance checks it). Every endpoint needs an account unless it is
 * public by design (health, API docs, reference data, verification, the ranking and statistics, and the
 * public pages). Unauthenticated API calls get a 401 problem, pages a redirect to the sign-in page.
 */
@Configuration
@EnableWebFluxSecurity
@EnableConfigurationProperties(WebSignInProperties.class)
class SecurityConfig {

    /** Paths anyone may call. Everything else needs an account. */
    static final String[] PUBLIC = {
            "/actuator/health", "/actuator/health/**", "/actuator/info",
            "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**", "/webjars/**",
            "/api/ranking", "/api/ranking/**", "/api/stats", "/api/verify", "/api/verify/**",
            "/pki/**", "/pay/**", "/api/payments/callback/**", "/api/dossier-types", "/api/communes",
            // public pages and their assets
            "/", "/login", "/lang/**", "/ranking", "/ranking/**", "/live/ranking", "/stats", "/verify", "/verify/**",
            "/static/**", "/manifest.webmanifest", "/favicon.ico", "/sw.js"
    };

    /** Paths whose POSTs prove themselves otherwise (signed gateway callbacks): no CSRF token asked. */
    private static final String[] OWN_PROOF = {"/pay/**", "/api/payments/callback/**", "/pki/tsa"};

    @Bean
    SecurityWebFilterChain security(ServerHttpSecurity http, ReactiveAuthenticationManager authManager,
                                    R2dbcWebSessions sessions, LoginThrottle throttle, RokhsaProperties props) {
        ServerWebExchangeMatcher api = ServerWebExchangeMatchers.pathMatchers("/api/**", "/actuator/**", "/v3/**", "/pki/**");
        ServerAuthenticationEntryPoint apiEntry = (exchange, ex) -> problem(exchange.getResponse(),
                HttpStatus.UNAUTHORIZED, "UNAUTHENTICATED",
                "Sign in: send your username and password with HTTP Basic authentication.");
        ServerAuthenticationEntryPoint pageEntry = new SignInRedirect();
        DelegatingServerAuthenticationEntryPoint entry = new DelegatingServerAuthenticationEntryPoint(
                new DelegatingServerAuthenticationEntryPoint.DelegateEntry(api, apiEntry));
        entry.setDefaultEntryPoint(pageEntry);

        CookieServerCsrfTokenRepository csrfTokens = new CookieServerCsrfTokenRepository();
        csrfTokens.setCookieCustomizer(c -> c.sameSite("Lax"));
        ServerWebExchangeMatcher ownProof = ServerWebExchangeMatchers.pathMatchers(OWN_PROOF);
        return http
                .csrf(c -> c.csrfTokenRepository(csrfTokens)
                        .csrfTokenRequestHandler(new MultipartCsrfTokenHandler())
                        // Only browsers carry the session cookie: API clients with credentials need no token.
                        .requireCsrfProtectionMatcher(exchange -> csrfNeeded(exchange, api, ownProof))
                        .accessDeniedHandler((exchange, ex) -> api.matches(exchange).flatMap(m -> m.isMatch()
                                ? problem(exchange.getResponse(), HttpStatus.FORBIDDEN, "CSRF_TOKEN_MISSING",
                                "This request changes something and is authenticated by a browser session: send the CSRF token "
                                        + "(header X-XSRF-TOKEN) from the page, or authenticate with HTTP Basic.")
                                : SignInRedirect.expiredForm(exchange))))
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .requestCache(r -> r.requestCache(NoOpServerRequestCache.getInstance()))
                .securityContextRepository(new SessionSecurityContextRepository(sessions))
                .authenticationManager(authManager)
                .httpBasic(b -> b.authenticationEntryPoint(apiEntry))
                .addFilterBefore(new CrossSiteRequests(ownProof), SecurityWebFiltersOrder.CSRF)
                .addFilterBefore(new BasicAuthThrottle(throttle), SecurityWebFiltersOrder.HTTP_BASIC)
                .addFilterAfter(new StreamLimit(props.events().maxStreamsPerUser(), props.events().maxStreamsPerAddress()),
                        SecurityWebFiltersOrder.AUTHORIZATION)
                .addFilterAfter(new PasswordChangeGate(), SecurityWebFiltersOrder.AUTHORIZATION)
                .addFilterAfter(new PublicRateLimit(props.publicFigures().perAddressPerMinute(), Duration.ofMinutes(1)), SecurityWebFiltersOrder.AUTHORIZATION)
                .headers(h -> h
                        .referrerPolicy(r -> r.policy(ReferrerPolicyServerHttpHeadersWriter.ReferrerPolicy.SAME_ORIGIN))
                        .frameOptions(f -> f.mode(XFrameOptionsServerHttpHeadersWriter.Mode.DENY)))
                .exceptionHandling(e -> e
                        .authenticationEntryPoint(entry)
                        .accessDeniedHandler((exchange, ex) -> api.matches(exchange).flatMap(m -> m.isMatch()
                                ? problem(exchange.getResponse(), HttpStatus.FORBIDDEN, "ROLE_NOT_ALLOWED", "Your role does not allow this action.")
                                : SignInRedirect.forbiddenPage(exchange))))
                .authorizeExchange(a -> a
                        .pathMatchers(HttpMethod.OPTIONS, "/**").permitAll()
                        .pathMatchers(PUBLIC).permitAll()
                        .pathMatchers("/actuator/**").hasRole(Role.ADMIN.name())
                        // Operations of one role are refused to the others here, before their body is even read
                        // (the services check again: this is the first line, not the only one).
                        .pathMatchers("/api/admin/**").hasRole(Role.ADMIN.name())
                        .pathMatchers(HttpMethod.POST, "/api/signing-keys").hasRole(Role.ADMIN.name())
                        .pathMatchers(HttpMethod.PUT, "/api/provinces/*/contact").hasRole(Role.ADMIN.name())
                        .pathMatchers(HttpMethod.POST, "/api/dossiers").hasRole(Role.ARCHITECT.name())
                        .anyExchange().authenticated())
                .build();
    }

    /**
     * Which requests must carry the CSRF token: state-changing ones from browsers. On the API, only those
     * authenticated by the session cookie (API clients send credentials, anonymous calls have no session to
     * abuse); on pages, all of them (the sign-in form too), except gateway callbacks that prove themselves.
     */
    private static Mono<ServerWebExchangeMatcher.MatchResult> csrfNeeded(ServerWebExchange exchange,
            ServerWebExchangeMatcher api, ServerWebExchangeMatcher ownProof) {
        HttpMethod m = exchange.getRequest().getMethod();
        if (m == HttpMethod.GET || m == HttpMethod.HEAD || m == HttpMethod.OPTIONS || m == HttpMethod.TRACE
                || exchange.getRequest().getHeaders().containsHeader(HttpHeaders.AUTHORIZATION)) {
            return ServerWebExchangeMatcher.MatchResult.notMatch();
        }
        return ownProof.matches(exchange).flatMap(own -> own.isMatch() ? ServerWebExchangeMatcher.MatchResult.notMatch()
                : api.matches(exchange).flatMap(isApi -> !isApi.isMatch() || SessionSecurityContextRepository.cookieAuthenticated(exchange)
                        ? ServerWebExchangeMatcher.MatchResult.match() : ServerWebExchangeMatcher.MatchResult.notMatch()));
    }

    /** Ended sessions and forgotten failures are deleted every hour, on every instance (cheap, idempotent). */
    @Bean(destroyMethod = "dispose")
    reactor.core.Disposable signInHousekeeping(R2dbcWebSessions sessions, LoginThrottle throttle, WebSignInProperties props) {
        if (props.housekeeping().isZero()) {
            return reactor.core.Disposables.disposed();
        }
        return ma.rokhsa.api.config.Periodic.every(Duration.ofMinutes(2), props.housekeeping())
                .concatMap(i -> sessions.deleteEnded().then(throttle.prune())
                        .onErrorResume(e -> Mono.empty()))
                .subscribe();
    }

    /**
     * Sign-ins are observed (counted and timed); the filter chain and its authorisation decisions, which run on
     * every request, are not: their spans cost about 3% of a page's CPU and nothing here traces requests.
     * Each request stays timed as a whole by WebFlux's {@code http.server.requests}.
     */
    @Bean
    SecurityObservationSettings securityObservations() {
        return SecurityObservationSettings.withDefaults().shouldObserveRequests(false).shouldObserveAuthorizations(false).build();
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
    CachingAuthenticationManager authenticationManager(R2dbcUserStore users, PasswordEncoder encoder,
                                                        Scheduler passwordScheduler) {
        var delegate = new UserDetailsRepositoryReactiveAuthenticationManager(new UnknownUsers(users, encoder));
        delegate.setPasswordEncoder(encoder);
        delegate.setScheduler(passwordScheduler);
        return new CachingAuthenticationManager(delegate, Duration.ofMinutes(2), 50_000);
    }

    /** A problem response (RFC 9457) written by a filter of the chain, before any controller: code, and what to do. */
    static Mono<Void> problem(ServerHttpResponse response, HttpStatus status, String code, String detail) {
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
