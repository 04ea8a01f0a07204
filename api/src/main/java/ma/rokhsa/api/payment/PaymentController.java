package ma.rokhsa.api.payment;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import ma.rokhsa.api.security.Viewer;
import ma.rokhsa.api.web.ApiProblem;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** Paying a dossier's fees, the gateway callback (public, signature-checked), and the payments of a dossier. */
@RestController
@Tag(name = "Payments")
class PaymentController {

    private final PaymentService payments;

    PaymentController(PaymentService payments) {
        this.payments = payments;
    }

    record StartedView(UUID paymentId, String orderId, java.math.BigDecimal amount, String currency, PaymentStatus status,
                       String gateway, URI redirectUrl) {
    }

    @PostMapping("/api/dossiers/{id}/payments")
    @Operation(summary = "Pay the fees due online (the dossier's architect): returns where to send the payer")
    Mono<ResponseEntity<StartedView>> start(Viewer viewer, @PathVariable UUID id) {
        return payments.start(viewer, id).map(s -> {
            StartedView v = new StartedView(s.paymentId(), s.orderId(), s.amount(), s.currency(), s.status(), s.gateway(), s.redirectUrl());
            return s.created()
                    ? ResponseEntity.created(URI.create("/api/dossiers/" + id + "/payments")).body(v)
                    : ResponseEntity.ok(v);
        });
    }

    @GetMapping("/api/dossiers/{id}/payments")
    @Operation(summary = "The fees due, the amount paid and every payment of a dossier with its history")
    Mono<PaymentService.PaymentsView> list(Viewer viewer, @PathVariable UUID id) {
        return payments.list(viewer, id);
    }

    @PostMapping(path = "/api/payments/callback/{gateway}", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    @Operation(summary = "The gateway's server-to-server callback (public; its signature is verified). Answers, in plain text, "
            + "ACTION=POSTAUTH (accepted: capture), APPROVED (a decline, recorded) or FAILURE (refused: do not capture)")
    Mono<ResponseEntity<String>> callback(@PathVariable String gateway, ServerWebExchange exchange) {
        return exchange.getFormData().flatMap(form -> {
            Map<String, String> params = new LinkedHashMap<>();
            for (Map.Entry<String, List<String>> e : form.entrySet()) {
                if (e.getValue().size() != 1) {
                    return Mono.error(ApiProblem.badRequest("BAD_CALLBACK", "Parameter " + e.getKey() + " is given more than once."));
                }
                params.put(e.getKey(), e.getValue().get(0));
            }
            return payments.callback(gateway, params);
        }).map(answer -> ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body(answer));
    }
}
