package ma.rokhsa.api.payment;

import java.net.URI;

import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Where the gateway sends the payer back ({@code /pay/return}, public). It reads nothing from the
 * database: the browser's word is not proof of payment; the dossier shows the status the gateway's
 * signed callback established.
 */
@RestController
@Hidden
class PaymentReturnPage {

    private final R2dbcPaymentStore store;

    PaymentReturnPage(R2dbcPaymentStore store) {
        this.store = store;
    }

    /**
     * Where the gateway sends the payer back: their dossier's page, which shows the status that counts (the
     * signed callback's, not this redirect's). An unknown order gets a plain page that says so.
     */
    @GetMapping(path = "/pay/return", produces = MediaType.TEXT_HTML_VALUE)
    Mono<ResponseEntity<String>> back(@RequestParam(required = false) String order, @RequestParam(required = false) String result) {
        boolean ok = "ok".equals(result);
        return (order == null ? Mono.<R2dbcPaymentStore.Payment>empty() : store.byOrder(order))
                .map(p -> ResponseEntity.status(HttpStatus.SEE_OTHER)
                        .location(URI.create("/dossiers/" + p.dossierId() + (ok ? "?done=paid" : "?problem=PAYMENT_FAILED"))).<String>build())
                .defaultIfEmpty(page(order, ok));
    }

    private static ResponseEntity<String> page(String order, boolean ok) {
        String body = "<p>" + (ok ? "La passerelle a accepté le paiement de la commande " : "Le paiement de la commande ")
                + "<strong>" + SandboxPage.esc(order) + "</strong>" + (ok ? "." : " n'a pas abouti ; vous pouvez recommencer depuis votre dossier.")
                + "</p><p>Le statut qui fait foi est celui affiché dans votre dossier sur Rokhsa.</p>";
        String page = """
                <!DOCTYPE html>
                <html lang="fr"><head><meta charset="utf-8"><title>Rokhsa - paiement</title>
                <link rel="stylesheet" href="/static/css/rokhsa.css"></head>
                <body><div class="wrap"><h1>%s</h1>%s<p><a href="/">Rokhsa</a></p></div></body></html>
                """.formatted(ok ? "Paiement reçu" : "Paiement non abouti", body);
        return ResponseEntity.status(HttpStatus.OK).contentType(MediaType.parseMediaType("text/html;charset=UTF-8")).body(page);
    }
}
