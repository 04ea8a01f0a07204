package ma.rokhsa.api.payment;

import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.swagger.v3.oas.annotations.Hidden;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * The sandbox gateway's own pages, standing in for a bank's hosted payment page: {@code GET /pay/{orderId}}
 * shows the signed order with "Pay" and "Fail" buttons; pressing one makes the sandbox post the signed
 * callback to the platform (server to server, over HTTP, as a real gateway does) and send the browser
 * back to the order's return URL. Plain HTML, clearly marked as a test page; no card is ever asked for.
 */
@RestController
@Hidden
@ConditionalOnProperty(name = "rokhsa.payment.sandbox.enabled", havingValue = "true", matchIfMissing = true)
class SandboxPage {

    private static final Logger log = LoggerFactory.getLogger(SandboxPage.class);
    private static final List<String> ORDER_FIELDS = List.of("clientid", "oid", "amount", "currency", "okUrl", "failUrl",
            "callbackUrl", "description", "TranType", "storetype", "hashAlgorithm", "lang", "rnd", HmacParameterSigner.HASH);

    private final SandboxGateway gateway;
    private final WebClient http = WebClient.builder()
            .clientConnector(new ReactorClientHttpConnector(HttpClient.create().responseTimeout(Duration.ofSeconds(20))))
            .build();

    SandboxPage(SandboxGateway gateway) {
        this.gateway = gateway;
    }

    @GetMapping(path = "/pay/{orderId}", produces = MediaType.TEXT_HTML_VALUE)
    Mono<ResponseEntity<String>> page(@PathVariable String orderId, @RequestParam Map<String, String> query) {
        Map<String, String> order = orderOf(query);
        if (!orderId.equals(order.get("oid")) || !gateway.genuineOrder(order)) {
            return Mono.just(html(HttpStatus.BAD_REQUEST, "Commande refusée",
                    "<p>Cette demande de paiement n'est pas signée par la plateforme ou a été modifiée (montant, devise, adresse de retour...). "
                            + "Aucun paiement n'est possible. Recommencez depuis votre dossier.</p>"));
        }
        StringBuilder hidden = new StringBuilder();
        order.forEach((k, v) -> hidden.append("<input type=\"hidden\" name=\"").append(esc(k)).append("\" value=\"").append(esc(v)).append("\">\n"));
        String body = """
                <table>
                <tr><th>Marchand</th><td>%s</td></tr>
                <tr><th>Commande</th><td>%s</td></tr>
                <tr><th>Objet</th><td>%s</td></tr>
                <tr><th>Montant</th><td><strong>%s MAD</strong></td></tr>
                </table>
                <form method="post" action="/pay/%s/complete">
                %s<button type="submit" class="button" name="outcome" value="pay">Payer (Pay)</button>
                <button type="submit" class="button button-warning" name="outcome" value="fail">Échec (Fail)</button>
                </form>
                <p class="note">Le bouton « Payer » simule une carte acceptée, « Échec » une carte refusée. La passerelle de test envoie
                alors le résultat signé à la plateforme puis vous y ramène.</p>
                """.formatted(esc(order.get("clientid")), esc(order.get("oid")), esc(order.get("description")),
                esc(display(order.get("amount"))), esc(orderId), hidden);
        return Mono.just(html(HttpStatus.OK, "Paiement de test", body));
    }

    @PostMapping(path = "/pay/{orderId}/complete", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    Mono<ResponseEntity<String>> complete(@PathVariable String orderId, ServerWebExchange exchange) {
        return exchange.getFormData().flatMap(form -> {
            Map<String, String> order = orderOf(form.toSingleValueMap());
            boolean pay = "pay".equals(form.getFirst("outcome"));
            if (!orderId.equals(order.get("oid")) || !gateway.genuineOrder(order)) {
                return Mono.just(html(HttpStatus.BAD_REQUEST, "Commande refusée", "<p>Cette demande de paiement n'est pas signée par la plateforme.</p>"));
            }
            Map<String, String> callback = gateway.callbackFor(order, pay);
            MultiValueMap<String, String> formBody = new LinkedMultiValueMap<>();
            callback.forEach(formBody::add);
            return http.post().uri(URI.create(order.get("callbackUrl")))
                    .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                    .body(BodyInserters.fromFormData(formBody))
                    .exchangeToMono(r -> r.bodyToMono(String.class).defaultIfEmpty("")
                            .map(text -> r.statusCode().is2xxSuccessful() ? text.strip() : "HTTP " + r.statusCode().value()))
                    .onErrorResume(e -> {
                        log.warn("Sandbox gateway could not deliver the callback of order {}: {}", orderId, e.toString());
                        return Mono.just("UNREACHABLE");
                    })
                    .map(answer -> {
                        boolean captured = pay && gateway.answer(PaymentGateway.Answer.ACCEPT).equals(answer);
                        if (pay && !captured) {
                            log.info("Sandbox gateway: the platform answered '{}' to order {}: payment reversed", answer, orderId);
                        }
                        if (answer.startsWith("HTTP") || answer.equals("UNREACHABLE")) {
                            return html(HttpStatus.BAD_GATEWAY, "Plateforme injoignable",
                                    "<p>La passerelle de test n'a pas pu transmettre le résultat à la plateforme (" + esc(answer)
                                            + "). Aucun paiement n'a été débité. <a href=\"" + esc(order.get("failUrl")) + "\">Retour</a></p>");
                        }
                        return ResponseEntity.status(HttpStatus.SEE_OTHER)
                                .location(URI.create(captured ? order.get("okUrl") : order.get("failUrl")))
                                .<String>build();
                    });
        });
    }

    private static Map<String, String> orderOf(Map<String, String> params) {
        Map<String, String> order = new LinkedHashMap<>();
        for (String f : ORDER_FIELDS) {
            if (params.containsKey(f)) {
                order.put(f, params.get(f));
            }
        }
        // Unknown extra fields are kept so that the signature check covers them (and fails if they were added).
        params.forEach((k, v) -> {
            if (!k.equals("outcome")) {
                order.putIfAbsent(k, v);
            }
        });
        return order;
    }

    static ResponseEntity<String> html(HttpStatus status, String title, String body) {
        String page = """
                <!DOCTYPE html>
                <html lang="fr"><head><meta charset="utf-8"><title>%s - SANDBOX</title>
                <link rel="stylesheet" href="/static/css/rokhsa.css">
                </head><body class="wrap">
                <div class="banner banner-error sandbox">PASSERELLE DE TEST (SANDBOX) - AUCUN PAIEMENT RÉEL - TEST GATEWAY, NO REAL MONEY</div>
                <h1>%s</h1>
                %s
                </body></html>
                """.formatted(esc(title), esc(title), body);
        return ResponseEntity.status(status).contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                .header("Cache-Control", "no-store").body(page);
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    private static String display(String amount) {
        try {
            DecimalFormat f = new DecimalFormat("#,##0.00", DecimalFormatSymbols.getInstance(Locale.FRANCE));
            return f.format(new BigDecimal(amount));
        } catch (RuntimeException e) {
            return amount;
        }
    }
}
