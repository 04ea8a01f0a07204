package ma.rokhsa.api.payment;

import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Where the gateway sends the payer back ({@code /pay/return}, public). It reads nothing from the
 * database: the browser's word is not proof of payment; the dossier shows the status the gateway's
 * signed callback established.
 */
@RestController
@Hidden
class PaymentReturnPage {

    @GetMapping(path = "/pay/return", produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> back(@RequestParam(required = false) String order, @RequestParam(required = false) String result) {
        boolean ok = "ok".equals(result);
        String body = "<p>" + (ok ? "La passerelle a accepté le paiement de la commande " : "Le paiement de la commande ")
                + "<strong>" + SandboxPage.esc(order) + "</strong>" + (ok ? "." : " n'a pas abouti ; vous pouvez recommencer depuis votre dossier.")
                + "</p><p>Le statut qui fait foi est celui affiché dans votre dossier sur Rokhsa.</p>";
        String page = """
                <!DOCTYPE html>
                <html lang="fr"><head><meta charset="utf-8"><title>Rokhsa - paiement</title>
                <style>body{font-family:sans-serif;max-width:40em;margin:2em auto;padding:0 1em}</style></head>
                <body><h1>%s</h1>%s</body></html>
                """.formatted(ok ? "Paiement reçu" : "Paiement non abouti", body);
        return ResponseEntity.status(HttpStatus.OK).contentType(MediaType.parseMediaType("text/html;charset=UTF-8")).body(page);
    }
}
