package ma.rokhsa.api;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import ma.rokhsa.api.support.ApiIT;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;

import static org.assertj.core.api.Assertions.assertThat;

/** Live status: Last-Event-ID resume gives exactly what was missed; heartbeats; scoping of the streams. */
class EventStreamIT extends ApiIT {

    @Test
    void resumingWithLastEventIdGivesExactlyWhatWasMissed() {
        UUID id = newDossier("amina");
        UUID first = uploaded(id, "SITE_PLAN", "certificat-fr.pdf");
        List<ServerSentEvent<String>> seen = events("amina", id, null)
                .takeUntil(e -> e.data().contains("\"STORED\"")).collectList().block(Duration.ofSeconds(30));
        String lastSeen = seen.get(seen.size() - 1).id();

        // While the client is away, more happens: the first document goes on, a second one arrives.
        UUID second = uploaded(id, "CADASTRAL_PLAN", "demande-ar.pdf");
        awaitIndexed(id, List.of(first, second));

        List<String> everything = events("amina", id, null).take(Duration.ofSeconds(3)).map(ServerSentEvent::id)
                .collectList().block(Duration.ofSeconds(30));
        List<String> missed = everything.stream().filter(e -> Long.parseLong(e) > Long.parseLong(lastSeen)).toList();
        List<String> resumed = events("amina", id, lastSeen).take(Duration.ofSeconds(3)).map(ServerSentEvent::id)
                .collectList().block(Duration.ofSeconds(30));
        assertThat(missed).isNotEmpty();
        assertThat(resumed).containsExactlyElementsOf(missed);
        // Ids are strictly increasing.
        List<Long> ids = resumed.stream().map(Long::parseLong).toList();
        assertThat(ids).isSorted().doesNotHaveDuplicates();
    }

    private void awaitIndexed(UUID dossier, List<UUID> docs) {
        org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(2)).until(() -> docs.stream()
                .allMatch(d -> "INDEXED".equals(document("amina", dossier, d).get("status"))));
    }

    @Test
    void idleStreamsGetHeartbeats() {
        UUID id = newDossier("amina");
        List<ServerSentEvent<String>> raw = as("amina").get().uri("/api/dossiers/{id}/events", id)
                .accept(MediaType.TEXT_EVENT_STREAM).exchange().expectStatus().isOk()
                .returnResult(new ParameterizedTypeReference<ServerSentEvent<String>>() { }).getResponseBody()
                .take(Duration.ofSeconds(5)).collectList().block(Duration.ofSeconds(10));
        assertThat(raw).filteredOn(e -> "heartbeat".equals(e.comment())).isNotEmpty();
        assertThat(raw.get(0).comment()).isEqualTo("connected");
    }

    @Test
    void streamsAreScopedLikeTheDossiers() {
        UUID id = newDossier("amina");
        as("omar").get().uri("/api/dossiers/{id}/events", id).accept(MediaType.TEXT_EVENT_STREAM).exchange().expectStatus().isNotFound();
        as("youssef").get().uri("/api/dossiers/{id}/events", id).accept(MediaType.TEXT_EVENT_STREAM).exchange().expectStatus().isNotFound();
        anonymous.get().uri("/api/dossiers/{id}/events", id).accept(MediaType.TEXT_EVENT_STREAM).exchange().expectStatus().isUnauthorized();
        // Commune streams: the commune's reviewer and signatory, and admins; nobody else.
        as("salma").get().uri("/api/communes/BML/events").accept(MediaType.TEXT_EVENT_STREAM).exchange().expectStatus().isNotFound();
        as("amina").get().uri("/api/communes/BML/events").accept(MediaType.TEXT_EVENT_STREAM).exchange().expectStatus().isNotFound();
        as("karim").get().uri("/api/communes/BML/events").accept(MediaType.TEXT_EVENT_STREAM).exchange().expectStatus().isNotFound();
    }

    @Test
    void aCommuneStreamCarriesNothingAboutDrafts() {
        List<ServerSentEvent<String>> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        var sub = as("youssef").get().uri("/api/communes/BML/events").accept(MediaType.TEXT_EVENT_STREAM)
                .exchange().expectStatus().isOk()
                .returnResult(new ParameterizedTypeReference<ServerSentEvent<String>>() { }).getResponseBody()
                .filter(e -> e.event() != null).subscribe(seen::add);
        try {
            UUID id = newDossier("amina");
            upload("amina", id, "SITE_PLAN", DossierFlowIT.FRENCH_PDF).expectStatus().isCreated();
            // The architect's own stream sees the upload...
            events("amina", id, null).takeUntil(e -> e.data().contains("\"STORED\"")).blockLast(Duration.ofSeconds(30));
            // ...the commune's one-stop shop does not: it is a draft.
            assertThat(seen).noneMatch(e -> e.data().contains(id.toString()));
        } finally {
            sub.dispose();
        }
    }
}
