package ma.rokhsa.api;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import ma.rokhsa.api.support.ApiIT;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests that arrive together where one at a time is meant: guesses of a PIN sent in parallel, and a
 * decision signed twice at once (a double click). The limits hold, and what is issued stays issued.
 */
class SigningRacesIT extends ApiIT {

    @Test
    void twentyPinGuessesAtOnceCheckOnlyThreeThenTheKeyIsLocked() {
        String pin = activeKeyFor("mustapha");
        String key = keyOf("mustapha");

        List<String> answers = Flux.range(0, 20)
                .flatMap(i -> client("mustapha").post().uri("/api/signing-keys/{id}/pin", key)
                        .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("oldPin", "12345670", "newPin", "69315824"))
                        .exchangeToMono(r -> r.bodyToMono(Map.class).map(b -> r.statusCode().value() + " " + b.get("code"))), 20)
                .collectList().block(Duration.ofSeconds(60));

        assertThat(answers).filteredOn(a -> a.equals("422 WRONG_PIN")).hasSize(3);
        assertThat(answers).filteredOn(a -> a.equals("423 KEY_LOCKED")).hasSize(17);
        Map<String, Object> view = as("mustapha").get().uri("/api/signing-keys/{id}", key).exchange().expectStatus().isOk()
                .expectBody(new ParameterizedTypeReference<Map<String, Object>>() { }).returnResult().getResponseBody();
        assertThat(view.get("status")).isEqualTo("LOCKED");
        assertThat(view.get("attemptsLeft")).isEqualTo(0);
        // The right PIN does not reopen a locked key.
        as("mustapha").post().uri("/api/signing-keys/{id}/pin", key).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("oldPin", pin, "newPin", "69315824")).exchange().expectStatus().isEqualTo(423)
                .expectBody().jsonPath("$.code").isEqualTo("KEY_LOCKED");
    }

    @Test
    void aDecisionSignedTwiceAtOnceIsIssuedOnceAndNeverReplaced() {
        String pin = activeKeyFor("fatima");
        UUID dossier = reviewedRenovation("FAVOURABLE");
        draft("youssef", dossier, "PERMIT", "Conforme au plan d'aménagement").expectStatus().isOk();
        payFees(dossier, "pay");

        List<Integer> answers = Flux.range(0, 2)
                .flatMap(i -> client("fatima").post().uri("/api/dossiers/{id}/decision/sign", dossier)
                        .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("pin", pin))
                        .exchangeToMono(r -> r.releaseBody().thenReturn(r.statusCode().value())), 2)
                .collectList().block(Duration.ofSeconds(120));
        assertThat(answers).containsExactlyInAnyOrder(200, 409);

        byte[] permit = permit(dossier);
        as("fatima").post().uri("/api/dossiers/{id}/decision/sign", dossier).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("pin", pin)).exchange().expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.code").isEqualTo("ALREADY_SIGNED");
        assertThat(permit(dossier)).isEqualTo(permit);
        assertThat(status("amina", dossier)).isEqualTo("ISSUED");
        // One signature event on the key's trail for this decision.
        String reference = (String) as("fatima").get().uri("/api/dossiers/{id}/decision", dossier).exchange()
                .expectBody(Map.class).returnResult().getResponseBody().get("reference");
        String trail = as("fatima").get().uri("/api/signing-keys/{id}", keyOf("fatima")).exchange()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(trail.split(reference, -1)).hasSize(2);
    }

    private byte[] permit(UUID dossier) {
        return as("amina").get().uri("/api/dossiers/{id}/decision/document", dossier).exchange().expectStatus().isOk()
                .expectBody(byte[].class).returnResult().getResponseBody();
    }

    private String keyOf(String holder) {
        List<Map<String, Object>> keys = as(holder).get().uri("/api/signing-keys").exchange().expectStatus().isOk()
                .expectBody(new ParameterizedTypeReference<List<Map<String, Object>>>() { }).returnResult().getResponseBody();
        // The holder's one key not revoked (listed by creation time, which other tests' clocks may have moved).
        return (String) keys.stream().filter(k -> !"REVOKED".equals(k.get("status"))).findFirst().orElseThrow().get("id");
    }

    private WebClient client(String user) {
        return WebClient.builder().baseUrl("http://localhost:" + port).defaultHeaders(h -> h.setBasicAuth(user, "demo")).build();
    }
}
