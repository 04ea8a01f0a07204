package ma.rokhsa.api.security;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import ma.rokhsa.api.support.ApiIT;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.interactive.form.PDAcroForm;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What anyone may call, under attack. Verification: a PDF whose thousands of form fields all point at one
 * signature (each would have been verified again, walking the whole field tree each time), sent many times
 * at once, does not stall the rest of the API; too many distinct signatures are refused; one address cannot
 * ask for verifications without end. The public figures: one address cannot ask for them without end either.
 */
@TestPropertySource(properties = {"rokhsa.verify.per-address=25", "rokhsa.public-figures.per-address-per-minute=8"})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
// Its own settings make its own application context: closed after it, not kept for the rest of the run.
@DirtiesContext
class PublicAbuseIT extends ApiIT {

    @Test
    @Order(1)
    void aPdfOfManyFieldsOnOneSignatureIsVerifiedOnceAndTheApiKeepsAnswering() throws Exception {
        byte[] receipt = receipt();
        byte[] hostile = withFields(receipt, 5_000, false);

        // Ten variants at once (each different, so no report is reused), while the API is asked for something else.
        List<Integer> verifications = new CopyOnWriteArrayList<>();
        List<Long> others = new CopyOnWriteArrayList<>();
        WebClient client = WebClient.builder().baseUrl("http://localhost:" + port)
                .codecs(c -> c.defaultCodecs().maxInMemorySize(4 * 1024 * 1024)).build();
        Mono<Void> attack = Flux.range(0, 10).flatMap(i -> client.post().uri("/api/verify").contentType(MediaType.APPLICATION_PDF)
                        .bodyValue(variant(hostile, i))
                        .exchangeToMono(r -> r.bodyToMono(String.class).defaultIfEmpty("").doOnNext(body -> {
                            verifications.add(r.statusCode().value());
                            if (r.statusCode().value() == 200) {
                                // Verified once, as one signature, however many fields point at it.
                                assertThat(body.split("\"fieldName\"", -1)).hasSize(2);
                            }
                        })), 10)
                .then();
        Mono<Void> meanwhile = Flux.range(0, 20).concatMap(i -> Mono.fromCallable(() -> {
            long start = System.nanoTime();
            anonymous.get().uri("/api/communes").exchange().expectStatus().isOk();
            others.add((System.nanoTime() - start) / 1_000_000);
            return i;
        }).subscribeOn(Schedulers.boundedElastic()).delayElement(Duration.ofMillis(50))).then();
        Mono.when(attack, meanwhile).block(Duration.ofMinutes(3));

        assertThat(verifications).hasSize(10).allMatch(s -> s == 200 || s == 503).contains(200);
        assertThat(others).as("milliseconds of the other requests").hasSize(20).allMatch(ms -> ms < 2_000);
    }

    /** Last: it spends the address's allowance. */
    @Test
    @Order(2)
    void tooManyDistinctSignaturesAreRefusedAndOneAddressIsLimited() throws Exception {
        byte[] receipt = receipt();
        anonymous.post().uri("/api/verify").contentType(MediaType.APPLICATION_PDF).bodyValue(withFields(receipt, 25, true))
                .exchange().expectStatus().isEqualTo(422).expectBody().jsonPath("$.code").isEqualTo("TOO_MANY_SIGNATURES");

        // The same document again and again: answered from the report already made, until the address's allowance is spent.
        int status = 200;
        int asked = 0;
        HttpHeaders last = null;
        while (status != 429 && asked < 40) {
            var result = anonymous.post().uri("/api/verify").contentType(MediaType.APPLICATION_PDF).bodyValue(receipt)
                    .exchange().expectBody(String.class).returnResult();
            status = result.getStatus().value();
            last = result.getResponseHeaders();
            asked++;
            assertThat(status).isIn(200, 429);
        }
        assertThat(status).isEqualTo(429);
        assertThat(asked).isLessThanOrEqualTo(26);
        assertThat(last.getFirst(HttpHeaders.RETRY_AFTER)).isNotBlank();
    }

    @Test
    @Order(3)
    void thePublicFiguresAreLimitedPerAddressButNotForSignedInPeople() {
        int answered = 0;
        var result = anonymous.get().uri("/api/stats").exchange().expectBody(String.class).returnResult();
        while (result.getStatus().value() == 200 && answered < 20) {
            answered++;
            result = anonymous.get().uri(answered % 2 == 0 ? "/api/stats" : "/api/ranking").exchange().expectBody(String.class).returnResult();
        }
        assertThat(answered).isEqualTo(8);
        assertThat(result.getStatus().value()).isEqualTo(429);
        assertThat(result.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isNotBlank();
        assertThat(result.getResponseBody()).contains("TOO_MANY_REQUESTS");
        as("youssef").get().uri("/api/ranking").exchange().expectStatus().isOk();
        // Other public endpoints are not counted.
        anonymous.get().uri("/api/communes").exchange().expectStatus().isOk();
    }

    /** A sealed filing receipt, as the platform issues it. */
    private byte[] receipt() {
        UUID dossier = submittedRenovation();
        String reference = (String) dossier("amina", dossier).get("receipt");
        return as("amina").get().uri("/api/dossiers/{id}/issued/{ref}", dossier, reference).exchange().expectStatus().isOk()
                .expectBody(byte[].class).returnResult().getResponseBody();
    }

    /** The PDF with {@code n} more signature fields, pointing at its signature or (distinct) at copies of it. */
    private static byte[] withFields(byte[] pdf, int n, boolean distinct) throws IOException {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            PDAcroForm form = doc.getDocumentCatalog().getAcroForm(null);
            COSArray fields = form.getCOSObject().getCOSArray(COSName.FIELDS);
            COSDictionary signature = (COSDictionary) ((COSDictionary) fields.getObject(0)).getDictionaryObject(COSName.V);
            for (int i = 0; i < n; i++) {
                COSDictionary field = new COSDictionary();
                field.setItem(COSName.FT, COSName.SIG);
                field.setString(COSName.T, "copy" + i);
                COSDictionary value = signature;
                if (distinct) {
                    value = new COSDictionary();
                    for (Map.Entry<COSName, org.apache.pdfbox.cos.COSBase> e : signature.entrySet()) {
                        value.setItem(e.getKey(), e.getValue());
                    }
                }
                field.setItem(COSName.V, value);
                fields.add(field);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        }
    }

    private static byte[] variant(byte[] pdf, int i) {
        byte[] tail = ("\n% variant " + i + "\n").getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[pdf.length + tail.length];
        System.arraycopy(pdf, 0, out, 0, pdf.length);
        System.arraycopy(tail, 0, out, pdf.length, tail.length);
        return out;
    }
}
