package ma.rokhsa.api.payment;

import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.r2dbc.postgresql.codec.Json;
import ma.rokhsa.api.support.ApiIT;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Online payment over HTTP against the real database: the architect starts a payment, the sandbox
 * gateway's page pays or fails it, and its signed callback settles it; replays, tampered amounts,
 * wrong currencies and forged signatures are refused or flagged and never counted.
 */
class PaymentIT extends ApiIT {

    private static final Pattern HIDDEN = Pattern.compile("<input type=\"hidden\" name=\"([^\"]*)\" value=\"([^\"]*)\">");

    @Autowired
    PaymentService payments;
    @Autowired
    SandboxGateway gateway;
    @Autowired
    DatabaseClient db;
    @Autowired
    JsonMapper json;

    /**
     * A Béni Mellal dossier of 120.4 m2 of individual housing (121 m2 x 25 MAD = 3025.00 MAD) whose fees
     * are due. The review workflow is not on this branch: the test stands in for it (submitted, decision
     * drafted) and then fixes the fees as the workflow will.
     */
    UUID dossierWithFeesDue() {
        UUID id = newDossier("amina");
        as("amina").put().uri("/api/dossiers/{id}/figures", id).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("coveredArea", Map.of("HOUSING_INDIVIDUAL", 120.4)))
                .exchange().expectStatus().isOk();
        as("amina").post().uri("/api/dossiers/{id}/payments", id).exchange().expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.code").isEqualTo("FEES_NOT_DUE");
        db.sql("UPDATE dossier SET status = 'DECISION_DRAFTED', submitted_at = now() WHERE id = :id").bind("id", id).then().block();
        FeesDue due = payments.markFeesDue(id).block();
        assertThat(due.amount()).isEqualByComparingTo("3025.00");
        assertThat(due.paid()).isFalse();
        assertThat(due.calculation().lines()).singleElement().satisfies(l -> assertThat(l.base()).isEqualByComparingTo("121"));
        // Idempotent: fixed once.
        assertThat(payments.markFeesDue(id).block().fixedAt()).isEqualTo(due.fixedAt());
        return id;
    }

    Map<String, Object> start(UUID dossier, int status) {
        return as("amina").post().uri("/api/dossiers/{id}/payments", dossier).exchange().expectStatus().isEqualTo(status)
                .expectBody(new ParameterizedTypeReference<Map<String, Object>>() { }).returnResult().getResponseBody();
    }

    /** The sandbox page of a payment, and the hidden order fields of its form. */
    MultiValueMap<String, String> openPage(Map<String, Object> started) {
        String html = anonymous.get().uri(URI.create((String) started.get("redirectUrl"))).exchange()
                .expectStatus().isOk().expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(html).contains("SANDBOX").contains("AUCUN PAIEMENT RÉEL").contains((String) started.get("orderId")).contains("Payer");
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        Matcher m = HIDDEN.matcher(html);
        while (m.find()) {
            form.add(unescape(m.group(1)), unescape(m.group(2)));
        }
        assertThat(form).containsKeys("oid", "amount", "currency", "hash", "callbackUrl");
        return form;
    }

    /** Presses a button of the sandbox page; returns where the browser is sent. */
    URI press(MultiValueMap<String, String> orderForm, String outcome) {
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>(orderForm);
        form.set("outcome", outcome);
        return anonymous.post().uri("/pay/{oid}/complete", orderForm.getFirst("oid"))
                .contentType(MediaType.APPLICATION_FORM_URLENCODED).body(BodyInserters.fromFormData(form))
                .exchange().expectStatus().isSeeOther()
                .returnResult(Void.class).getResponseHeaders().getLocation();
    }

    WebTestClient.ResponseSpec callback(Map<String, String> params) {
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        params.forEach(form::add);
        return anonymous.post().uri("/api/payments/callback/sandbox").contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData(form)).exchange();
    }

    Map<String, Object> paymentsOf(String user, UUID dossier) {
        return as(user).get().uri("/api/dossiers/{id}/payments", dossier).exchange().expectStatus().isOk()
                .expectBody(new ParameterizedTypeReference<Map<String, Object>>() { }).returnResult().getResponseBody();
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Map<String, Object> view) {
        return (List<Map<String, Object>>) view.get("payments");
    }

    long count(String sql, UUID dossier) {
        return db.sql(sql).bind("d", dossier).map(r -> r.get(0, Long.class)).one().block();
    }

    @Test
    @SuppressWarnings("unchecked")
    void payingOnTheSandboxPageSettlesTheFees() {
        UUID id = dossierWithFeesDue();
        Map<String, Object> started = start(id, 201);
        assertThat(started.get("amount")).isEqualTo(3025.00);
        assertThat(started.get("currency")).isEqualTo("MAD");
        assertThat(started.get("status")).isEqualTo("PENDING");
        assertThat((String) started.get("orderId")).matches("BML-\\d{4}-\\d{6}-P01");
        assertThat((String) started.get("redirectUrl")).startsWith("http://localhost:" + port + "/pay/");
        // A second click reuses the pending order instead of opening another.
        assertThat(start(id, 200).get("orderId")).isEqualTo(started.get("orderId"));
        // Only the dossier's architect pays; others do not even see the dossier.
        as("omar").post().uri("/api/dossiers/{id}/payments", id).exchange().expectStatus().isNotFound();
        as("youssef").post().uri("/api/dossiers/{id}/payments", id).exchange().expectStatus().isForbidden();
        assertThat(payments.feesPaid(id).block()).isFalse();

        URI back = press(openPage(started), "pay");
        assertThat(back.toString()).startsWith("http://localhost:" + port + "/pay/return").contains("result=ok");
        // The payer lands back on their dossier's page, which shows the status the signed callback set.
        anonymous.get().uri(back).exchange().expectStatus().isSeeOther()
                .expectHeader().location("/dossiers/" + id + "?done=paid");
        // An order the platform does not know gets a page that says so, not an error.
        anonymous.get().uri("/pay/return?order=BML-1999-000001-P01&result=ok").exchange().expectStatus().isOk()
                .expectBody(String.class).value(h -> assertThat(h).contains("BML-1999-000001-P01"));

        assertThat(payments.feesPaid(id).block()).isTrue();
        Map<String, Object> view = paymentsOf("amina", id);
        assertThat(view.get("feesPaid")).isEqualTo(true);
        assertThat(view.get("paid")).isEqualTo(3025.00);
        assertThat(((Map<String, Object>) view.get("due")).get("amount")).isEqualTo(3025.00);
        assertThat(list(view)).singleElement().satisfies(p -> {
            assertThat(p.get("status")).isEqualTo("PAID");
            assertThat((String) p.get("transactionId")).startsWith("SBX");
            assertThat((List<Map<String, Object>>) p.get("history")).extracting(h -> h.get("to")).containsExactly("PENDING", "PAID");
        });
        // The commune's reviewer sees it too; another commune's does not.
        assertThat(paymentsOf("youssef", id).get("feesPaid")).isEqualTo(true);
        as("salma").get().uri("/api/dossiers/{id}/payments", id).exchange().expectStatus().isNotFound();
        as("amina").post().uri("/api/dossiers/{id}/payments", id).exchange().expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.code").isEqualTo("ALREADY_PAID");

        // Every change is on the dossier's stream.
        List<ServerSentEvent<String>> seen = events("amina", id, null).takeUntil(e -> "fees.paid".equals(e.event()))
                .collectList().block(Duration.ofSeconds(30));
        assertThat(seen).extracting(ServerSentEvent::event).containsSubsequence("fees.due", "payment.status", "payment.status", "fees.paid");
        List<Map<String, Object>> changes = seen.stream().filter(e -> "payment.status".equals(e.event()))
                .map(e -> json.readValue(e.data(), new TypeReference<Map<String, Object>>() { })).toList();
        assertThat(changes).extracting(c -> c.get("status")).containsExactly("PENDING", "PAID");
        assertThat(changes.get(1)).containsEntry("previousStatus", "PENDING").containsEntry("orderId", started.get("orderId"))
                .containsEntry("currency", "MAD").containsEntry("amount", 3025.00);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aDeclinedCardFailsThePaymentAndTheArchitectCanTryAgain() {
        UUID id = dossierWithFeesDue();
        Map<String, Object> first = start(id, 201);
        URI back = press(openPage(first), "fail");
        assertThat(back.toString()).contains("result=fail");
        assertThat(payments.feesPaid(id).block()).isFalse();
        Map<String, Object> view = paymentsOf("amina", id);
        assertThat(view.get("feesPaid")).isEqualTo(false);
        assertThat(view.get("paid")).isEqualTo(0);
        assertThat(list(view)).singleElement().satisfies(p -> {
            assertThat(p.get("status")).isEqualTo("FAILED");
            assertThat((String) p.get("reason")).startsWith("DECLINED: 05");
        });

        Map<String, Object> second = start(id, 201);
        assertThat((String) second.get("orderId")).endsWith("-P02");
        press(openPage(second), "pay");
        assertThat(payments.feesPaid(id).block()).isTrue();
        assertThat(list(paymentsOf("amina", id))).extracting(p -> p.get("status")).containsExactly("FAILED", "PAID");
    }

    @Test
    void aReplayedCallbackIsAnsweredAgainButCountedOnce() {
        UUID id = dossierWithFeesDue();
        Map<String, Object> started = start(id, 201);
        MultiValueMap<String, String> order = openPage(started);
        press(order, "pay");
        assertThat(payments.feesPaid(id).block()).isTrue();

        // Replay exactly what the gateway sent, as stored: sequentially and concurrently.
        Map<String, String> sent = json.readValue(db.sql("SELECT c.params FROM payment_callback c JOIN payment p ON p.id = c.payment_id WHERE p.dossier_id = :d")
                .bind("d", id).map(r -> r.get(0, Json.class).asString()).one().block(), new TypeReference<Map<String, String>>() { });
        callback(sent).expectStatus().isOk().expectBody(String.class).isEqualTo("ACTION=POSTAUTH");
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        sent.forEach(form::add);
        List<String> answers = Flux.range(0, 8)
                .flatMap(i -> WebClient.create("http://localhost:" + port).post().uri("/api/payments/callback/sandbox")
                        .contentType(MediaType.APPLICATION_FORM_URLENCODED).body(BodyInserters.fromFormData(form))
                        .retrieve().bodyToMono(String.class))
                .collectList().block(Duration.ofSeconds(30));
        assertThat(answers).hasSize(8).containsOnly("ACTION=POSTAUTH");

        // Pressing "Pay" again is a second card approval for the same order: refused (not captured), not counted.
        URI back = press(order, "pay");
        assertThat(back.toString()).contains("result=fail");

        assertThat(count("SELECT count(*) FROM payment WHERE dossier_id = :d AND status = 'PAID'", id)).isEqualTo(1);
        assertThat(paymentsOf("amina", id).get("paid")).isEqualTo(3025.00);
        assertThat(count("SELECT count(*) FROM payment_callback c JOIN payment p ON p.id = c.payment_id WHERE p.dossier_id = :d", id)).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM event WHERE dossier_id = :d AND type = 'payment.status'", id)).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM event WHERE dossier_id = :d AND type = 'fees.paid'", id)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM event WHERE dossier_id = :d AND type = 'payment.anomaly'", id)).isEqualTo(1);
    }

    @Test
    void aTamperedAmountIsFlaggedAndNotCounted() {
        UUID id = dossierWithFeesDue();
        Map<String, Object> started = start(id, 201);
        Map<String, String> order = SandboxGatewayTest.query(URI.create((String) started.get("redirectUrl")));

        // The payer edits the amount in the redirect: the gateway's page refuses the order.
        Map<String, String> edited = new HashMap<>(order);
        edited.put("amount", "1.00");
        StringBuilder url = new StringBuilder("/pay/" + order.get("oid") + "?");
        edited.forEach((k, v) -> url.append(k).append('=').append(java.net.URLEncoder.encode(v, StandardCharsets.UTF_8)).append('&'));
        anonymous.get().uri(URI.create("http://localhost:" + port + url)).exchange().expectStatus().isBadRequest()
                .expectBody(String.class).value(h -> assertThat(h).contains("Commande refusée"));

        // A gateway that charged another amount, with a genuine signature: flagged, refused, not counted.
        Map<String, String> cheap = new HashMap<>(order);
        cheap.put("amount", "1.00");
        callback(gateway.callbackFor(cheap, true)).expectStatus().isOk().expectBody(String.class).isEqualTo("FAILURE");
        assertThat(payments.feesPaid(id).block()).isFalse();
        assertThat(list(paymentsOf("amina", id))).singleElement().satisfies(p -> {
            assertThat(p.get("status")).isEqualTo("FLAGGED");
            assertThat((String) p.get("reason")).startsWith("AMOUNT_MISMATCH").contains("3025.00").contains("1.00");
        });
        // A later genuine approval of a flagged payment is refused too: a person must look at it.
        callback(gateway.callbackFor(order, true)).expectStatus().isOk().expectBody(String.class).isEqualTo("FAILURE");
        assertThat(payments.feesPaid(id).block()).isFalse();
        assertThat(count("SELECT count(*) FROM event WHERE dossier_id = :d AND type = 'payment.status' AND data->>'status' = 'FLAGGED'", id)).isEqualTo(1);
    }

    @Test
    void aWrongCurrencyIsFlaggedAndNotCounted() {
        UUID id = dossierWithFeesDue();
        Map<String, String> order = SandboxGatewayTest.query(URI.create((String) start(id, 201).get("redirectUrl")));
        Map<String, String> dollars = new HashMap<>(order);
        dollars.put("currency", "840");
        callback(gateway.callbackFor(dollars, true)).expectStatus().isOk().expectBody(String.class).isEqualTo("FAILURE");
        assertThat(payments.feesPaid(id).block()).isFalse();
        assertThat(list(paymentsOf("amina", id))).singleElement().satisfies(p -> {
            assertThat(p.get("status")).isEqualTo("FLAGGED");
            assertThat((String) p.get("reason")).startsWith("CURRENCY_MISMATCH").contains("840");
        });
    }

    @Test
    void aForgedSignatureGetsAProblemAndChangesNothing() {
        UUID id = dossierWithFeesDue();
        Map<String, String> order = SandboxGatewayTest.query(URI.create((String) start(id, 201).get("redirectUrl")));
        Map<String, String> declined = gateway.callbackFor(order, false);

        // A declined callback turned into an approval without the secret.
        Map<String, String> forged = new HashMap<>(declined);
        forged.put("ProcReturnCode", "00");
        forged.put("Response", "Approved");
        EntityExchangeResult<byte[]> r = callback(forged).expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo("BAD_SIGNATURE").returnResult();
        assertThat(new String(r.getResponseBody(), StandardCharsets.UTF_8)).doesNotContain(declined.get("hash"));
        // Signed with another secret; no signature at all.
        HmacParameterSigner impostor = new HmacParameterSigner("not-the-platform-secret-but-long-enough".getBytes(StandardCharsets.UTF_8));
        callback(impostor.signed(forged)).expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo("BAD_SIGNATURE");
        Map<String, String> unsigned = new HashMap<>(forged);
        unsigned.remove("hash");
        callback(unsigned).expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo("BAD_SIGNATURE");
        // Unknown gateway or order.
        anonymous.post().uri("/api/payments/callback/paypal").contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData("oid", "x")).exchange().expectStatus().isNotFound();
        Map<String, String> otherOrder = new HashMap<>(order);
        otherOrder.put("oid", "NOWHERE-2026-000001-P01");
        callback(gateway.callbackFor(otherOrder, true)).expectStatus().isNotFound();

        assertThat(payments.feesPaid(id).block()).isFalse();
        assertThat(list(paymentsOf("amina", id))).singleElement().satisfies(p -> assertThat(p.get("status")).isEqualTo("PENDING"));
        assertThat(count("SELECT count(*) FROM payment_callback c JOIN payment p ON p.id = c.payment_id WHERE p.dossier_id = :d", id)).isZero();
        assertThat(count("SELECT count(*) FROM event WHERE dossier_id = :d AND type LIKE 'payment.%'", id)).isEqualTo(1);

        // The genuine declined callback still works afterwards.
        callback(declined).expectStatus().isOk().expectBody(String.class).isEqualTo("APPROVED");
        assertThat(list(paymentsOf("amina", id))).singleElement().satisfies(p -> assertThat(p.get("status")).isEqualTo("FAILED"));
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void aRefusedCallbackCannotWriteLinesIntoTheLog(CapturedOutput output) {
        String forgedLine = "2026-12-04T10:00:00.000Z  INFO 1 --- [rokhsa] [main] ma.rokhsa.api.payment.PaymentService : Payment paid";
        callback(Map.of("oid", "BML-2026-000001-P01\r\n" + forgedLine, "hash", "not-a-signature"))
                .expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo("BAD_SIGNATURE");
        assertThat(output.getAll()).contains("Refused a sandbox callback for order BML-2026-000001-P01")
                .doesNotContain("\n" + forgedLine);
    }

    @Test
    void nothingToPayIsPaidAtOnce() {
        UUID id = newDossier("amina", "SIMPLE_DECLARATION", "BML");
        db.sql("UPDATE dossier SET status = 'DECISION_DRAFTED', submitted_at = now() WHERE id = :id").bind("id", id).then().block();
        FeesDue due = payments.markFeesDue(id).block();
        assertThat(due.amount()).isEqualByComparingTo(BigDecimal.ZERO);
        assertThat(due.paid()).isTrue();
        assertThat(payments.feesPaid(id).block()).isTrue();
        as("amina").post().uri("/api/dossiers/{id}/payments", id).exchange().expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.code").isEqualTo("ALREADY_PAID");
    }

    private static String unescape(String s) {
        return s.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }
}
