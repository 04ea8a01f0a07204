package ma.rokhsa.api.ui;

import ma.rokhsa.api.admin.Accounts;
import ma.rokhsa.api.security.RokhsaUser;
import ma.rokhsa.api.security.Viewer;
import ma.rokhsa.api.web.ApiProblem;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** The signed-in person's own password: changed here, and first of all when an administrator set it. */
@Controller
class AccountPage {

    private final Accounts accounts;

    AccountPage(Accounts accounts) {
        this.accounts = accounts;
    }

    @GetMapping("/account/password")
    Mono<Rendering> form(ServerWebExchange exchange) {
        return required(exchange).map(required -> page(required, null, null).build());
    }

    @PostMapping("/account/password")
    Mono<Rendering> change(Viewer v, ServerWebExchange exchange) {
        return Mono.zip(exchange.getFormData(), required(exchange)).flatMap(t -> {
            MultiValueMap<String, String> form = t.getT1();
            boolean required = t.getT2();
            String current = value(form.getFirst("current"));
            String next = value(form.getFirst("next"));
            if (current.isEmpty()) {
                return Mono.just(refused(exchange, required, "current", "password.currentMissing"));
            }
            if (Accounts.weakness(v.username(), current, next) != null) {
                return Mono.just(refused(exchange, required, "next", "password.weak"));
            }
            if (!next.equals(value(form.getFirst("confirm")))) {
                return Mono.just(refused(exchange, required, "confirm", "password.mismatch"));
            }
            return accounts.changePassword(v, current, next)
                    .then(Mono.fromSupplier(() -> Rendering.redirectTo(PageAdvice.home(v)).build()))
                    .onErrorResume(ApiProblem.class, e -> Mono.just("WRONG_PASSWORD".equals(e.code())
                            ? refused(exchange, required, "current", "password.currentWrong")
                            : refused(exchange, required, "next", "password.weak")));
        });
    }

    private static Mono<Boolean> required(ServerWebExchange exchange) {
        return exchange.getPrincipal()
                .map(RokhsaUser::mustChangePassword)
                .defaultIfEmpty(false);
    }

    private static Rendering refused(ServerWebExchange exchange, boolean required, String field, String message) {
        exchange.getResponse().setStatusCode(HttpStatus.UNPROCESSABLE_CONTENT);
        return page(required, field, message).status(HttpStatus.UNPROCESSABLE_CONTENT).build();
    }

    private static Rendering.Builder<?> page(boolean required, String errorField, String message) {
        return Rendering.view("account/password")
                .modelAttribute("required", required)
                .modelAttribute("errorField", errorField == null ? "" : errorField)
                .modelAttribute("message", message == null ? "" : message);
    }

    private static String value(String s) {
        return s == null ? "" : s;
    }
}
