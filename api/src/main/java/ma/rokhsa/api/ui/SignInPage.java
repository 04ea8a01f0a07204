package ma.rokhsa.api.ui;

import java.net.URI;
import java.time.Duration;

import ma.rokhsa.api.security.ClientAddress;
import ma.rokhsa.api.security.LoginThrottle;
import ma.rokhsa.api.security.R2dbcWebSessions;
import ma.rokhsa.api.security.RokhsaUser;
import ma.rokhsa.api.security.WebSignInProperties;
import org.springframework.http.HttpCookie;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseCookie;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.AuthenticationException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Signing in and out in the browser. A right password opens a session ({@link R2dbcWebSessions}) whose
 * cookie is HttpOnly, SameSite=Lax and Secure over TLS; wrong passwords are throttled per account and per
 * address ({@link LoginThrottle}) and the page says for how long. The language switch lives here too, as it
 * is the other thing a visitor does before anything else.
 */
@Controller
class SignInPage {

    private final ReactiveAuthenticationManager auth;
    private final R2dbcWebSessions sessions;
    private final LoginThrottle throttle;
    private final WebSignInProperties props;

    SignInPage(ReactiveAuthenticationManager auth, R2dbcWebSessions sessions, LoginThrottle throttle, WebSignInProperties props) {
        this.auth = auth;
        this.sessions = sessions;
        this.throttle = throttle;
        this.props = props;
    }

    @GetMapping("/login")
    Mono<Rendering> form(@RequestParam(required = false) String next, @RequestParam(required = false) String ended, Model model) {
        if (model.getAttribute("me") != null) {
            return Mono.just(Rendering.redirectTo(safeNext(next, PageAdvice.home((ma.rokhsa.api.security.Viewer) model.getAttribute("me")))).build());
        }
        return Mono.just(page(next, null, null, ended != null ? "signin.signedOut" : null, 0).build());
    }

    @PostMapping("/login")
    Mono<Rendering> signIn(ServerWebExchange exchange) {
        return exchange.getFormData().flatMap(form -> signIn(exchange, form));
    }

    private Mono<Rendering> signIn(ServerWebExchange exchange, MultiValueMap<String, String> form) {
        String username = trim(form.getFirst("username"));
        String password = form.getFirst("password") == null ? "" : form.getFirst("password");
        String next = form.getFirst("next");
        if (username.isEmpty() || password.isEmpty()) {
            exchange.getResponse().setStatusCode(HttpStatus.BAD_REQUEST);
            return Mono.just(page(next, username, username.isEmpty() ? "username" : "password",
                    username.isEmpty() ? "signin.usernameMissing" : "signin.passwordMissing", 0).status(HttpStatus.BAD_REQUEST).build());
        }
        String address = ClientAddress.of(exchange);
        return throttle.lockedFor(username, address).flatMap(locked -> {
            if (!locked.isZero()) {
                return Mono.just(locked(exchange, next, username, locked));
            }
            return auth.authenticate(UsernamePasswordAuthenticationToken.unauthenticated(username, password))
                    .filter(a -> a.isAuthenticated() && a.getPrincipal() instanceof RokhsaUser)
                    .map(a -> (RokhsaUser) a.getPrincipal())
                    .onErrorResume(AuthenticationException.class, e -> Mono.empty())
                    .flatMap(user -> throttle.succeeded(username)
                            .then(sessions.open(user.viewer().id(), address, exchange.getRequest().getHeaders().getFirst(HttpHeaders.USER_AGENT)))
                            .map(token -> {
                                exchange.getResponse().addCookie(sessionCookie(exchange, token, props.maxAge()));
                                return Rendering.redirectTo(safeNext(next, PageAdvice.home(user.viewer()))).build();
                            }))
                    .switchIfEmpty(Mono.defer(() -> throttle.failed(username, address).map(lock -> lock.isZero()
                            ? page(next, username, "password", "signin.wrong", 0).status(HttpStatus.UNAUTHORIZED).build()
                            : locked(exchange, next, username, lock))));
        });
    }

    private Rendering locked(ServerWebExchange exchange, String next, String username, Duration lock) {
        long seconds = Math.max(1, lock.toSeconds());
        exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        return page(next, username, "password", "signin.locked", (seconds + 59) / 60).status(HttpStatus.TOO_MANY_REQUESTS).build();
    }

    @PostMapping("/logout")
    Mono<Rendering> signOut(ServerWebExchange exchange) {
        HttpCookie cookie = exchange.getRequest().getCookies().getFirst(R2dbcWebSessions.COOKIE);
        return sessions.close(cookie == null ? null : cookie.getValue()).then(Mono.fromSupplier(() -> {
            exchange.getResponse().addCookie(sessionCookie(exchange, "", Duration.ZERO));
            return Rendering.redirectTo("/login?ended").build();
        }));
    }

    /** Switches the page language and goes back to where the visitor was. Works without JavaScript. */
    @GetMapping("/lang/{code}")
    Mono<Rendering> language(@org.springframework.web.bind.annotation.PathVariable String code,
                             @RequestParam(required = false) String next, ServerWebExchange exchange) {
        Lang lang = Lang.of(code);
        if (lang != null) {
            exchange.getResponse().addCookie(Lang.cookie(lang));
        }
        return Mono.just(Rendering.redirectTo(safeNext(next, "/")).build());
    }

    private static Rendering.Builder<?> page(String next, String username, String errorField, String message, long minutes) {
        return Rendering.view("public/login")
                .modelAttribute("next", next == null ? "" : next)
                .modelAttribute("username", username == null ? "" : username)
                .modelAttribute("errorField", errorField == null ? "" : errorField)
                .modelAttribute("message", message == null ? "" : message)
                .modelAttribute("minutes", minutes);
    }

    private static ResponseCookie sessionCookie(ServerWebExchange exchange, String value, Duration maxAge) {
        boolean tls = exchange.getRequest().getSslInfo() != null || "https".equalsIgnoreCase(exchange.getRequest().getURI().getScheme());
        return ResponseCookie.from(R2dbcWebSessions.COOKIE, value).path("/").httpOnly(true).sameSite("Lax")
                .secure(tls).maxAge(maxAge).build();
    }

    /** A local path to go back to: never another site ({@code //evil}, {@code /\evil}, absolute URLs). */
    static String safeNext(String next, String fallback) {
        if (next == null || next.isBlank() || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")
                || next.contains("\r") || next.contains("\n")) {
            return fallback;
        }
        try {
            URI u = URI.create(next);
            return u.getHost() == null && u.getScheme() == null ? next : fallback;
        } catch (IllegalArgumentException e) {
            return fallback;
        }
    }

    private static String trim(String s) {
        return s == null ? "" : s.strip();
    }
}
