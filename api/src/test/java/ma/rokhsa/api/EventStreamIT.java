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
        upload("amina", id, "SITE_PLAN", DossierFlowIT.FRENCH_PDF).expectStatus().isCreated();
        List<ServerSentEvent<String>> first = events("amina", id, null)
                .takeUntil(e -> e.data().contains("\"STORED\"")).collectList().block(Duration.ofSeconds(30));
        String lastSeen = first.get(first.size() - 1).id();

        // While the client is away, more happens.
        upload("amina", id, "CADASTRAL_PLAN", DossierFlowIT.FRENCH_PDF).expectStatus().isCreated();
        List<ServerSentEvent<String>> all = events("amina", id, null)
                .filter(e -> e.data().contains("CADASTRAL_PLAN"))
                .takeUntil(e -> e.data().contains("\"STORED\"")).collectList().block(Duration.ofSeconds(30));
        assertThat(all).hasSize(2);

        List<ServerSentEvent<String>> resumed = events("amina", id, lastSeen)
                .take(Duration.ofSeconds(3)).collectList().block(Duration.ofSeconds(30));
        assertThat(resumed).extracting(ServerSentEvent::id).containsExactlyElementsOf(all.stream().map(ServerSentEvent::id).toList());
        assertThat(resumed).extracting(ServerSentEvent::id).doesNotContain(lastSeen);
        // Ids are strictly increasing.
        List<Long> ids = resumed.stream().map(e -> Long.parseLong(e.id())).toList();
        assertThat(ids).isSorted().doesNotHaveDuplicates();
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
