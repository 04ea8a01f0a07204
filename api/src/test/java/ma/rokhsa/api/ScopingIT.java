package ma.rokhsa.api;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import ma.rokhsa.api.support.ApiIT;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Access is scoped everywhere: each role tries the others' dossiers. What a caller may not see answers
 * 404, exactly like what does not exist (no 403 that would leak existence).
 */
class ScopingIT extends ApiIT {

    static final List<String> EVERYONE = List.of("amina", "omar", "youssef", "salma", "karim", "fatima", "hassan", "admin");

    @Test
    void eachRoleSeesOnlyWhatItMay() {
        // A renovation goes to the urban agency (karim's organisation) once accepted.
        UUID id = newDossier("amina", "RENOVATION", "BML");
        UUID form = uploadOk(id, "APPLICATION_FORM", "demande-ar.pdf");
        UUID idDoc = uploadOk(id, "PROPERTY_CERTIFICATE", "certificat-fr.pdf");
        UUID lease = uploadOk(id, "ARCHITECTURAL_PLANS", "plan-a0.pdf");
        await().atMost(Duration.ofMinutes(2)).until(() -> List.of(form, idDoc, lease).stream()
                .allMatch(d -> List.of("VALID", "INDEXED").contains(document("amina", id, d).get("status"))));

        // A draft: its architect alone.
        visibleTo(id, form, List.of("amina"));

        as("amina").post().uri("/api/dossiers/{id}/submit", id).exchange().expectStatus().isAccepted();
        // Submitted: the architect, the commune's one-stop shop and president, the administrators.
        visibleTo(id, form, List.of("amina", "youssef", "fatima", "admin"));
        assertThat(listed("youssef", id)).isTrue();
        assertThat(listed("salma", id)).isFalse();
        assertThat(listed("omar", id)).isFalse();
        assertThat(listed("karim", id)).isFalse();

        // Sent to the commission: its members too (the urban agency of the province).
        as("youssef").post().uri("/api/dossiers/{id}/accept", id).exchange().expectStatus().isOk();
        visibleTo(id, form, List.of("amina", "youssef", "fatima", "admin", "karim"));
        assertThat(listed("karim", id)).isTrue();

        // Writes by those who can see but may not act are refused (403), others still get 404.
        upload("youssef", id, "PHOTOS", ExtractionIT.FIXTURES.resolve("photo.png")).expectStatus().isForbidden();
        as("omar").post().uri("/api/dossiers/{id}/submit", id).exchange().expectStatus().isNotFound();
        as("salma").post().uri("/api/dossiers/{id}/accept", id).exchange().expectStatus().isNotFound();
        as("karim").post().uri("/api/dossiers/{id}/return", id).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("reasons", List.of("x"))).exchange().expectStatus().isForbidden();
    }

    private void visibleTo(UUID dossier, UUID document, List<String> allowed) {
        for (String user : EVERYONE) {
            int expected = allowed.contains(user) ? 200 : 404;
            as(user).get().uri("/api/dossiers/{id}", dossier).exchange().expectStatus().isEqualTo(expected);
            as(user).get().uri("/api/dossiers/{id}/checklist", dossier).exchange().expectStatus().isEqualTo(expected);
            as(user).get().uri("/api/documents/{id}", document).exchange().expectStatus().isEqualTo(expected);
            as(user).get().uri("/api/documents/{id}/content", document).exchange().expectStatus().isEqualTo(expected);
            as(user).get().uri("/api/documents/{id}/text", document).exchange().expectStatus().isEqualTo(expected);
            if (expected == 404) {
                as(user).get().uri("/api/dossiers/{id}", dossier).exchange().expectBody()
                        .jsonPath("$.code").isEqualTo("NOT_FOUND");
                as(user).get().uri("/api/dossiers/{id}/events", dossier).accept(MediaType.TEXT_EVENT_STREAM)
                        .exchange().expectStatus().isNotFound();
            }
        }
        // Something that does not exist looks the same.
        as("amina").get().uri("/api/dossiers/{id}", UUID.randomUUID()).exchange().expectStatus().isNotFound();
    }

    private boolean listed(String user, UUID dossier) {
        Map<?, ?> page = as(user).get().uri("/api/dossiers?size=200").exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
        return ((List<?>) page.get("items")).stream().anyMatch(i -> ((Map<?, ?>) i).get("id").equals(dossier.toString()));
    }

    private UUID uploadOk(UUID dossier, String kind, String file) {
        Map<?, ?> d = upload("amina", dossier, kind, ExtractionIT.FIXTURES.resolve(file)).expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody();
        return UUID.fromString((String) d.get("id"));
    }
}
