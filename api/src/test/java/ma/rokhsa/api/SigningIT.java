package ma.rokhsa.api;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import ma.rokhsa.api.support.ApiIT;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The signature key procedure of the circular and a signed decision, over HTTP with the demo accounts:
 * the PIN reaches the holder only (SMS outbox and a real SMTP exchange), cannot sign before it is
 * changed, locks after 3 wrong tries, is reissued by an administrator; the signed permit verifies, a
 * modified copy does not, and a revoked key signs no more.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SigningIT extends ApiIT {

    static final int SMTP_PORT;

    static {
        try (var s = new java.net.ServerSocket(0)) {
            SMTP_PORT = s.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @RegisterExtension
    static GreenMailExtension smtp = new GreenMailExtension(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
            .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication())
            .withPerMethodLifecycle(false);

    @DynamicPropertySource
    static void mail(DynamicPropertyRegistry r) {
        r.add("spring.mail.host", () -> "127.0.0.1");
        r.add("spring.mail.port", () -> SMTP_PORT);
    }

    @Test
    void theWholeKeyProcedureAndASignedPermit() throws Exception {
        // The province's key contact, registered by the administrator with the circular's form.
        as("admin").put().uri("/api/provinces/BM/contact").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("fullName", "Hassan Ouali", "title", "Chef de division des collectivités locales",
                        "phone", "+212600000005", "postalAddress", "Province de Béni Mellal, BP 12", "email", "hassan@demo.rokhsa.ma",
                        "username", "hassan"))
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.username").isEqualTo("hassan");
        as("youssef").put().uri("/api/provinces/BM/contact").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("fullName", "x", "title", "x", "phone", "1", "postalAddress", "x", "email", "x@x.ma"))
                .exchange().expectStatus().isForbidden();

        // Issued for fatima: the answer carries no PIN; the PIN goes to fatima only, by SMS and email.
        Map<?, ?> key = as("admin").post().uri("/api/signing-keys").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("holder", "fatima")).exchange().expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody();
        String keyId = (String) key.get("id");
        assertThat(key.get("status")).isEqualTo("ISSUED");
        assertThat(key.toString()).doesNotContainPattern("\\b\\d{8}\\b");
        String pin = lastPin("fatima");
        assertThat(sms("hassan")).isEmpty();
        assertThat(sms("admin")).isEmpty();
        await().atMost(Duration.ofSeconds(30)).until(() -> smtp.getReceivedMessages().length > 0);
        MimeMessage mail = smtp.getReceivedMessages()[smtp.getReceivedMessages().length - 1];
        assertThat(mail.getAllRecipients()).extracting(Object::toString).containsExactly("fatima@demo.rokhsa.ma");
        assertThat(GreenMailUtil.getBody(mail)).contains(pin);

        // The holder cannot use it before the contact hands it over.
        as("fatima").post().uri("/api/signing-keys/{id}/pin", keyId).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("oldPin", pin, "newPin", "58213947")).exchange().expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.code").isEqualTo("KEY_NOT_HANDED_OVER");
        as("hassan").post().uri("/api/signing-keys/{id}/handover", keyId).exchange().expectStatus().isEqualTo(409);
        as("admin").post().uri("/api/signing-keys/{id}/ship", keyId).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("SHIPPED");
        as("youssef").post().uri("/api/signing-keys/{id}/handover", keyId).exchange().expectStatus().isForbidden();
        as("hassan").post().uri("/api/signing-keys/{id}/handover", keyId).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("HANDED_OVER");

        // A reviewed dossier with a drafted permit whose fees are paid.
        UUID dossier = reviewedRenovation("FAVOURABLE");
        draft("youssef", dossier, "PERMIT", "Conforme au plan d'aménagement").expectStatus().isOk()
                .expectBody().jsonPath("$.reference").value(r -> assertThat((String) r).endsWith("-P"));
        assertThat(status("amina", dossier)).isEqualTo("FEES_DUE");
        sign("fatima", dossier, pin).expectStatus().isEqualTo(409).expectBody().jsonPath("$.code").isEqualTo("FEES_NOT_PAID");
        payFees(dossier, "pay");
        assertThat(status("amina", dossier)).isEqualTo("FEES_PAID");
        byte[] preview = as("fatima").get().uri("/api/dossiers/{id}/decision/preview", dossier).exchange().expectStatus().isOk()
                .expectBody(byte[].class).returnResult().getResponseBody();
        assertThat(new String(preview, 0, 5)).isEqualTo("%PDF-");
        as("amina").get().uri("/api/dossiers/{id}/decision/preview", dossier).exchange().expectStatus().isNotFound();

        // Signing before the first PIN change is refused; the wrong role or commune too.
        sign("fatima", dossier, pin).expectStatus().isEqualTo(409).expectBody().jsonPath("$.code").isEqualTo("PIN_CHANGE_REQUIRED");
        sign("youssef", dossier, pin).expectStatus().isForbidden();
        sign("salma", dossier, pin).expectStatus().isNotFound();

        // PIN change: a wrong old PIN counts; the right one activates the key.
        as("fatima").post().uri("/api/signing-keys/{id}/pin", keyId).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("oldPin", "00000001", "newPin", "58213947")).exchange().expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.code").isEqualTo("WRONG_PIN").jsonPath("$.attemptsLeft").isEqualTo(2);
        as("fatima").post().uri("/api/signing-keys/{id}/pin", keyId).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("oldPin", pin, "newPin", "111111")).exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("WEAK_PIN");
        as("fatima").post().uri("/api/signing-keys/{id}/pin", keyId).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("oldPin", pin, "newPin", "58213947")).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("ACTIVE").jsonPath("$.wrongPins").isEqualTo(0);

        // Wrong PIN at signing counts; the right one signs and issues the permit.
        sign("fatima", dossier, "12345670").expectStatus().isEqualTo(422).expectBody().jsonPath("$.code").isEqualTo("WRONG_PIN");
        Map<?, ?> signed = sign("fatima", dossier, "58213947").expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        String reference = (String) signed.get("reference");
        assertThat(signed.get("signedBy")).isEqualTo("fatima");
        as("amina").get().uri("/api/dossiers/{id}", dossier).exchange().expectBody().jsonPath("$.status").isEqualTo("ISSUED");
        byte[] permit = as("amina").get().uri("/api/dossiers/{id}/decision/document", dossier).exchange().expectStatus().isOk()
                .expectBody(byte[].class).returnResult().getResponseBody();

        // Anyone can verify it, with the link of its QR code (reference and code) or by uploading it.
        String link = local(signed.get("verificationUrl"));
        assertThat(link).isEqualTo(verificationLink("amina", dossier, reference)).startsWith("/api/verify/" + reference + "?t=");
        anonymous.get().uri(link).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.report.verdict").isEqualTo("VALID")
                .jsonPath("$.report.signatures[0].chainTrusted").isEqualTo(true)
                .jsonPath("$.report.signatures[0].timestamp.valid").isEqualTo(true)
                .jsonPath("$.report.signatures[0].signerName").value(n -> assertThat((String) n).contains("Fatima"));
        verifyUpload(permit).jsonPath("$.verdict").isEqualTo("VALID");
        byte[] tampered = permit.clone();
        int at = indexOf(permit, "/Contents") - 200;
        tampered[at] = (byte) (tampered[at] ^ 0x01);
        verifyUpload(tampered).jsonPath("$.verdict").isEqualTo("INVALID");
        anonymous.post().uri("/api/verify").contentType(MediaType.APPLICATION_PDF).bodyValue("not a pdf".getBytes())
                .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo("NOT_A_PDF");
        pdfsigAccepts(permit);

        // Three wrong PINs lock the key (the successful signature reset the count); then even the right PIN is refused.
        for (int left = 2; left >= 0; left--) {
            as("fatima").post().uri("/api/signing-keys/{id}/pin", keyId).contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("oldPin", "12345670", "newPin", "69315824")).exchange().expectStatus().isEqualTo(422)
                    .expectBody().jsonPath("$.code").isEqualTo("WRONG_PIN").jsonPath("$.attemptsLeft").isEqualTo(left);
        }
        as("fatima").post().uri("/api/signing-keys/{id}/pin", keyId).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("oldPin", "58213947", "newPin", "69315824")).exchange().expectStatus().isEqualTo(423)
                .expectBody().jsonPath("$.code").isEqualTo("KEY_LOCKED");
        as("hassan").post().uri("/api/signing-keys/{id}/reissue-pin", keyId).exchange().expectStatus().isForbidden();
        int before = sms("fatima").size();
        // A reissued PIN goes to the holder, but the key goes back to the province's contact, who hands it over again.
        as("admin").post().uri("/api/signing-keys/{id}/reissue-pin", keyId).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("SHIPPED");
        assertThat(sms("fatima")).hasSize(before + 1);
        String reissued = lastPin("fatima");
        as("fatima").post().uri("/api/signing-keys/{id}/pin", keyId).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("oldPin", reissued, "newPin", "69315824")).exchange().expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.code").isEqualTo("KEY_NOT_HANDED_OVER");
        as("hassan").post().uri("/api/signing-keys/{id}/handover", keyId).exchange().expectStatus().isOk();
        as("fatima").post().uri("/api/signing-keys/{id}/pin", keyId).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("oldPin", reissued, "newPin", "69315824")).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("ACTIVE");

        // The audit trail has every step.
        as("admin").get().uri("/api/signing-keys/{id}", keyId).exchange().expectBody()
                .jsonPath("$.events[*].type").value(types -> assertThat((List<String>) types).containsSubsequence(
                        "ISSUED", "PIN_SENT", "SHIPPED", "HANDED_OVER", "WRONG_PIN", "PIN_CHANGED", "ACTIVATED", "SIGNED",
                        "LOCKED", "PIN_REISSUED", "PIN_SENT", "HANDED_OVER", "PIN_CHANGED"));

        // Revocation: no new signature; the permit signed before still verifies, reporting the revocation after signing.
        as("admin").post().uri("/api/signing-keys/{id}/revoke", keyId).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("reason", "KEY_COMPROMISE")).exchange().expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("REVOKED");
        UUID second = reviewedRenovation("UNFAVOURABLE");
        draft("youssef", second, "PERMIT", "x").expectStatus().isEqualTo(409).expectBody().jsonPath("$.code").isEqualTo("BINDING_UNFAVOURABLE_OPINION");
        draft("youssef", second, "REFUSAL", "Hauteur supérieure au maximum autorisé").expectStatus().isOk();
        sign("fatima", second, "69315824").expectStatus().isEqualTo(409).expectBody().jsonPath("$.code").isEqualTo("NO_SIGNING_KEY");
        anonymous.get().uri(link).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.report.signatures[0].revocation.status").isEqualTo("REVOKED_AFTER_SIGNING");
        byte[] crl = anonymous.get().uri("/pki/issuing.crl").exchange().expectStatus().isOk().expectBody(byte[].class).returnResult().getResponseBody();
        assertThat(crl.length).isGreaterThan(100);
    }

    @Test
    void theFilingReceiptIsSealedAndVerifiable() {
        UUID dossier = submittedRenovation();
        String receipt = (String) dossier("amina", dossier).get("receipt");
        // References follow each other: without the code of the document's QR code, nothing is said about it.
        anonymous.get().uri("/api/verify/{ref}", receipt).exchange().expectStatus().isNotFound();
        anonymous.get().uri("/api/verify/{ref}?t={t}", receipt, "AAAAAAAAAAAAAAAAAAAAAA").exchange().expectStatus().isNotFound();
        String link = verificationLink("amina", dossier, receipt);
        assertThat(link.replace(receipt, receipt.replaceAll("R1$", "R2"))).satisfies(other ->
                anonymous.get().uri(other).exchange().expectStatus().isNotFound());
        anonymous.get().uri(link).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.kind").isEqualTo("RECEIPT")
                .jsonPath("$.report.verdict").isEqualTo("VALID")
                .jsonPath("$.report.signatures[0].signerName").value(n -> assertThat((String) n).contains("Rokhsa"));
        byte[] pdf = as("amina").get().uri("/api/dossiers/{id}/issued/{ref}", dossier, receipt).exchange().expectStatus().isOk()
                .expectBody(byte[].class).returnResult().getResponseBody();
        assertThat(new String(pdf, 0, 5)).isEqualTo("%PDF-");
        as("omar").get().uri("/api/dossiers/{id}/issued/{ref}", dossier, receipt).exchange().expectStatus().isNotFound();
    }

    // ---- helpers

    private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec sign(String user, UUID dossier, String pin) {
        return as(user).post().uri("/api/dossiers/{id}/decision/sign", dossier).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("pin", pin)).exchange();
    }

    private org.springframework.test.web.reactive.server.WebTestClient.BodyContentSpec verifyUpload(byte[] pdf) {
        return anonymous.post().uri("/api/verify").contentType(MediaType.APPLICATION_PDF).bodyValue(pdf)
                .exchange().expectStatus().isOk().expectBody();
    }

    private List<Map<String, Object>> sms(String user) {
        return as(user).get().uri("/api/me/sms").exchange().expectStatus().isOk()
                .expectBody(new ParameterizedTypeReference<List<Map<String, Object>>>() { }).returnResult().getResponseBody();
    }

    private String lastPin(String user) {
        List<Map<String, Object>> messages = sms(user);
        assertThat(messages).isNotEmpty();
        Matcher m = Pattern.compile("\\b(\\d{6,8})\\b").matcher((String) messages.get(0).get("body"));
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    private static int indexOf(byte[] data, String s) {
        byte[] p = s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        outer:
        for (int i = 0; i <= data.length - p.length; i++) {
            for (int j = 0; j < p.length; j++) {
                if (data[i + j] != p[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError(s + " not found");
    }

    /** poppler's pdfsig, an independent validator, where installed. */
    private static void pdfsigAccepts(byte[] pdf) throws Exception {
        Process which = new ProcessBuilder("sh", "-c", "command -v pdfsig").start();
        if (which.waitFor() != 0) {
            return;
        }
        Path f = Files.createTempFile("permit", ".pdf");
        Files.write(f, pdf);
        Process p = new ProcessBuilder("pdfsig", f.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        assertThat(out).contains("Signature is Valid");
    }
}
