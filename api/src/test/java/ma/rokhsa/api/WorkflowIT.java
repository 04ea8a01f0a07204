package ma.rokhsa.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import ma.rokhsa.api.support.ApiIT;
import ma.rokhsa.api.support.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import reactor.core.Disposable;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The procedure end to end over HTTP with the demo accounts and a clock the test moves forward: a dossier
 * returned and resubmitted, then reviewed with its opinion on time, its fees paid and its permit issued;
 * another whose opinion comes late and which is refused; another left without a decision until it is
 * deemed approved. Every step is tried by the wrong role or commune first, and the commune's live
 * stream shows each change.
 */
@Import(WorkflowIT.Clocks.class)
// Its clock runs days ahead: its housekeeping would delete the sessions of the other tests' instances, which
// share the database (a browser journey was signed out half-way).
@org.springframework.test.context.TestPropertySource(properties = "rokhsa.sign-in.housekeeping=0")
class WorkflowIT extends ApiIT {

    @TestConfiguration
    static class Clocks {
        @Bean
        @Primary
        MutableClock mutableClock() {
            return new MutableClock(Instant.now(), ZoneId.of("Africa/Casablanca"));
        }
    }

    @Autowired
    MutableClock clock;

    final List<ServerSentEvent<String>> communeStream = new CopyOnWriteArrayList<>();
    Disposable watching;

    @BeforeEach
    void watchTheCommune() {
        watching = as("youssef").get().uri("/api/communes/BML/events").accept(MediaType.TEXT_EVENT_STREAM).exchange()
                .returnResult(new ParameterizedTypeReference<ServerSentEvent<String>>() { }).getResponseBody()
                .filter(e -> e.event() != null).subscribe(communeStream::add);
    }

    @AfterEach
    void stopWatching() {
        watching.dispose();
    }

    @Test
    void returnedThenResubmittedThenIssued() {
        String pin = activeKeyFor("fatima");
        UUID id = submittedRenovation();

        // Completeness check: the one-stop shop of the commune only.
        as("amina").post().uri("/api/dossiers/{id}/return", id).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("reasons", List.of("x"))).exchange().expectStatus().isForbidden();
        as("salma").post().uri("/api/dossiers/{id}/return", id).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("reasons", List.of("x"))).exchange().expectStatus().isNotFound();
        as("youssef").post().uri("/api/dossiers/{id}/return", id).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("reasons", List.of()))
                .exchange().expectStatus().isBadRequest();
        clock.advance(Duration.ofDays(2));
        as("youssef").post().uri("/api/dossiers/{id}/return", id).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("reasons", List.of("Le plan de situation manque : ajoutez-le.")))
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("RETURNED");

        // While returned, the legal clock stops: 20 days pass, no tacit approval.
        clock.advance(Duration.ofDays(20));
        as("admin").post().uri("/api/admin/deadlines/check").exchange().expectStatus().isOk();
        assertThat(status("amina", id)).isEqualTo("RETURNED");
        // The dossier itself says what to complete (not only the live event did), to the architect and to staff.
        for (String user : List.of("amina", "youssef")) {
            as(user).get().uri("/api/dossiers/{id}", id).exchange().expectStatus().isOk().expectBody()
                    .jsonPath("$.lastReturn.reasons[0]").isEqualTo("Le plan de situation manque : ajoutez-le.")
                    .jsonPath("$.lastReturn.returnedBy").isEqualTo("youssef")
                    .jsonPath("$.lastReturn.returnedAt").exists();
        }

        // The architect adds a document (earlier ones are kept) and resubmits.
        UUID added = uploaded(id, "PHOTOS", "photo.png");
        awaitValid(id, List.of(added));
        as("amina").post().uri("/api/dossiers/{id}/submit", id).exchange().expectStatus().isAccepted()
                .expectBody().jsonPath("$.receipt").value(r -> assertThat((String) r).endsWith("-R2"));
        assertThat((List<?>) dossier("amina", id).get("documents")).hasSize(4);

        // Accepted and dispatched to the urban agency; only its members give its opinion.
        as("fatima").post().uri("/api/dossiers/{id}/accept", id).exchange().expectStatus().isForbidden();
        as("youssef").post().uri("/api/dossiers/{id}/accept", id).exchange().expectStatus().isOk();
        as("youssef").post().uri("/api/dossiers/{id}/opinions", id).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("opinion", "FAVOURABLE")).exchange().expectStatus().isForbidden();
        as("salma").post().uri("/api/dossiers/{id}/opinions", id).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("opinion", "FAVOURABLE")).exchange().expectStatus().isNotFound();
        // Too early to decide: the opinion is still awaited.
        draft("youssef", id, "PERMIT", "Conforme").expectStatus().isEqualTo(409).expectBody().jsonPath("$.code").isEqualTo("OPINIONS_PENDING");
        clock.advance(Duration.ofDays(3));
        as("karim").post().uri("/api/dossiers/{id}/opinions", id).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("opinion", "FAVOURABLE_WITH_CONDITIONS", "reasons", List.of("Façade conforme"),
                        "conditions", "Respecter l'alignement sur rue"))
                .exchange().expectStatus().isCreated()
                .expectBody().jsonPath("$.summary").isEqualTo("1 of 1 opinions received").jsonPath("$.late").isEmpty();
        as("karim").post().uri("/api/dossiers/{id}/opinions", id).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("opinion", "FAVOURABLE")).exchange().expectStatus().isEqualTo(409);

        // Decision drafted (preview), fees due and shown with their calculation, paid online, signed, issued.
        draft("amina", id, "PERMIT", "Conforme").expectStatus().isForbidden();
        draft("youssef", id, "PERMIT", "Conforme au plan d'aménagement").expectStatus().isOk();
        assertThat(status("amina", id)).isEqualTo("FEES_DUE");
        as("amina").get().uri("/api/dossiers/{id}/fees", id).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.total").value(t -> assertThat(((Number) t).doubleValue()).isPositive())
                .jsonPath("$.lines[0].label").exists();
        as("fatima").post().uri("/api/dossiers/{id}/decision/sign", id).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("pin", pin)).exchange().expectStatus().isEqualTo(409).expectBody().jsonPath("$.code").isEqualTo("FEES_NOT_PAID");
        payFees(id, "fail");
        assertThat(status("amina", id)).isEqualTo("FEES_DUE");
        payFees(id, "pay");
        assertThat(status("amina", id)).isEqualTo("FEES_PAID");
        as("youssef").post().uri("/api/dossiers/{id}/decision/sign", id).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("pin", pin)).exchange().expectStatus().isForbidden();
        as("fatima").post().uri("/api/dossiers/{id}/decision/sign", id).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("pin", pin)).exchange().expectStatus().isOk();
        assertThat(status("amina", id)).isEqualTo("ISSUED");
        as("amina").get().uri("/api/dossiers/{id}/decision/document", id).exchange().expectStatus().isOk()
                .expectHeader().contentType(MediaType.APPLICATION_PDF);

        // The commune's stream told the whole story, in order.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(statuses(id)).containsExactly(
                "SUBMITTED", "RETURNED", "SUBMITTED", "IN_REVIEW", "DECISION_DRAFTED", "FEES_DUE", "FEES_PAID", "SIGNED", "ISSUED"));
        assertThat(communeStream).anySatisfy(e -> assertThat(e.event()).isEqualTo("opinion.given"));
        assertThat(communeStream).anySatisfy(e -> assertThat(e.event()).isEqualTo("payment.status"));
    }

    @Test
    void opinionsOnTimeAndLateThenARefusal() {
        String pin = activeKeyFor("fatima");
        // A large project (30 days to decide): its commission has four bodies; only the urban agency answers.
        UUID id = newDossier("amina", "BUILDING_LARGE", "BML");
        List<UUID> docs = List.of(uploaded(id, "APPLICATION_FORM", "demande-ar.pdf"),
                uploaded(id, "PROPERTY_CERTIFICATE", "certificat-fr.pdf"), uploaded(id, "CADASTRAL_PLAN", "plan-a0.pdf"),
                uploaded(id, "SITE_PLAN", "plan-a0.pdf"), uploaded(id, "ARCHITECTURAL_PLANS", "plan-a0.pdf"),
                uploaded(id, "ARCHITECT_CONTRACT", "certificat-fr.pdf"), uploaded(id, "URBAN_INFORMATION_NOTE", "demande-ar.pdf"));
        awaitValid(id, docs);
        as("amina").post().uri("/api/dossiers/{id}/submit", id).exchange().expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.missing[0]").isEqualTo("figures");
        as("amina").put().uri("/api/dossiers/{id}/figures", id).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("coveredArea", Map.of("HOUSING_COLLECTIVE", 850), "worksCost", 4_000_000))
                .exchange().expectStatus().isOk();
        as("amina").post().uri("/api/dossiers/{id}/submit", id).exchange().expectStatus().isAccepted();
        as("youssef").post().uri("/api/dossiers/{id}/accept", id).exchange().expectStatus().isOk();

        clock.advance(Duration.ofDays(5));
        as("karim").post().uri("/api/dossiers/{id}/opinions", id).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("opinion", "UNFAVOURABLE", "reasons", List.of("Hauteur supérieure au maximum autorisé")))
                .exchange().expectStatus().isCreated()
                .expectBody().jsonPath("$.summary").isEqualTo("1 of 4 opinions received");
        // Past their due date (15 working days, so later around the holidays), the others are late; the decision
        // deadline is not reached yet. (A fixed 20 more days fell short when the 15 working days spanned New Year.)
        Map<String, Object> pending = ((List<Map<String, Object>>) as("youssef").get().uri("/api/dossiers/{id}/opinions", id).exchange()
                .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody().get("opinions")).stream()
                .filter(o -> o.get("opinion") == null).findFirst().orElseThrow();
        java.time.LocalDate due = java.time.LocalDate.parse((String) pending.get("dueDate"));
        java.time.LocalDate today = clock.instant().atZone(java.time.ZoneId.of("Africa/Casablanca")).toLocalDate();
        clock.advance(Duration.ofDays(java.time.temporal.ChronoUnit.DAYS.between(today, due) + 1));
        as("admin").post().uri("/api/admin/deadlines/check").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.deemedApproved").isEmpty();
        as("youssef").get().uri("/api/dossiers/{id}/opinions", id).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.summary").isEqualTo("1 of 4 opinions received; late: BM-ONEE, BM-PC, BM-TEL");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(communeStream)
                .anySatisfy(e -> assertThat(e.event() + e.data()).contains("opinion.late").contains(id.toString())));
        // The urban agency's unfavourable opinion binds: no permit; a refusal needs reasons.
        draft("youssef", id, "PERMIT", "Conforme").expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.code").isEqualTo("BINDING_UNFAVOURABLE_OPINION");
        as("youssef").post().uri("/api/dossiers/{id}/decision", id).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("outcome", "REFUSAL", "reasons", List.of())).exchange().expectStatus().isBadRequest();
        draft("youssef", id, "REFUSAL", "Hauteur supérieure à 8,50 m").expectStatus().isOk();
        assertThat(status("amina", id)).isEqualTo("DECISION_DRAFTED");
        as("fatima").post().uri("/api/dossiers/{id}/decision/sign", id).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("pin", pin)).exchange().expectStatus().isOk();
        assertThat(status("amina", id)).isEqualTo("REFUSED");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(statuses(id)).containsExactly(
                "SUBMITTED", "IN_REVIEW", "DECISION_DRAFTED", "SIGNED", "REFUSED"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void silenceIsApprovalWhenTheDecisionDeadlinePasses() {
        UUID id = submittedRenovation();
        // An alert reaches the one-stop shop before the deadline...
        clock.advance(Duration.ofDays(13));
        as("admin").post().uri("/api/admin/deadlines/check").exchange().expectStatus().isOk();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(communeStream).anySatisfy(e ->
                assertThat(e.event() + e.data()).contains("deadline.alert").contains(id.toString()).contains("\"decision\"")));
        assertThat(status("amina", id)).isEqualTo("SUBMITTED");
        // ...and past 15 days (a small project) without a decision, the dossier is deemed approved.
        clock.advance(Duration.ofDays(3));
        Map<?, ?> report = as("admin").post().uri("/api/admin/deadlines/check").exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
        assertThat((List<Object>) report.get("deemedApproved")).contains(dossier("amina", id).get("reference"));
        assertThat(status("amina", id)).isEqualTo("DEEMED_APPROVED");
        String certificate = dossier("amina", id).get("reference") + "-T";
        anonymous.get().uri(verificationLink("amina", id, certificate)).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.kind").isEqualTo("TACIT_APPROVAL").jsonPath("$.report.verdict").isEqualTo("VALID");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(statuses(id)).containsExactly("SUBMITTED", "DEEMED_APPROVED"));
        // Nothing can be decided any more.
        draft("youssef", id, "REFUSAL", "Trop tard").expectStatus().isEqualTo(409);
    }

    private List<String> statuses(UUID dossier) {
        JsonMapper json = JsonMapper.builder().build();
        return communeStream.stream().filter(e -> "dossier.status".equals(e.event()) && e.data().contains(dossier.toString()))
                .map(e -> json.readTree(e.data()).path("status").asString()).toList();
    }
}
