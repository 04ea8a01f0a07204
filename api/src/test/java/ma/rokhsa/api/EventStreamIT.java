package ma.rokhsa.api;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import ma.rokhsa.api.support.ApiIT;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.Disposable;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

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
    void staffFollowADossierFromItsFilingOnly() {
        UUID id = submittedRenovation();
        List<ServerSentEvent<String>> architect = events("amina", id, null).takeUntil(e -> e.data().contains("\"SUBMITTED\""))
                .collectList().block(Duration.ofSeconds(30));
        List<ServerSentEvent<String>> reviewer = events("youssef", id, null).takeUntil(e -> e.data().contains("\"SUBMITTED\""))
                .collectList().block(Duration.ofSeconds(30));
        // The architect's stream replays the drafting (creation, every document's steps); the one-stop shop's
        // starts with the filing: a draft is the architect's own business.
        assertThat(architect).anyMatch(e -> "document.status".equals(e.event()));
        assertThat(reviewer).singleElement().satisfies(e -> assertThat(e.data()).contains("\"SUBMITTED\""));
    }

    /** Opens a live stream that stays open; counts down once it is connected (its first comment) or refused. */
    private static Disposable openStream(WebClient raw, String path, String user, CountDownLatch settled, AtomicInteger connected) {
        return raw.get().uri(path).accept(MediaType.TEXT_EVENT_STREAM)
                .headers(h -> {
                    if (user != null) {
                        h.setBasicAuth(user, "demo");
                    }
                })
                .retrieve().bodyToFlux(new ParameterizedTypeReference<ServerSentEvent<String>>() { })
                .index() // read the whole stream (taking only the first event would close the connection)
                .subscribe(e -> {
                    if (e.getT1() == 0) {
                        connected.incrementAndGet();
                        settled.countDown();
                    }
                }, e -> settled.countDown());
    }

    /** The status of one more stream's answer, and its body when refused; a stream that opens is closed at its first event. */
    private static String oneMore(WebClient raw, String path, String user) {
        try {
            raw.get().uri(path).accept(MediaType.TEXT_EVENT_STREAM)
                    .headers(h -> {
                        if (user != null) {
                            h.setBasicAuth(user, "demo");
                        }
                    })
                    .retrieve().bodyToFlux(new ParameterizedTypeReference<ServerSentEvent<String>>() { })
                    .blockFirst(Duration.ofSeconds(20));
            return "200";
        } catch (WebClientResponseException e) {
            return e.getStatusCode().value() + " " + e.getHeaders().getFirst("Retry-After") + " " + e.getResponseBodyAsString();
        }
    }

    @Test
    void liveStreamsAreCappedPerPersonAndAnonymousOnesPerAddress() throws InterruptedException {
        UUID id = newDossier("omar");
        // A client of its own, without a connection pool: each stream holds its connection.
        WebClient raw = WebClient.builder().baseUrl("http://localhost:" + port)
                .clientConnector(new ReactorClientHttpConnector(HttpClient.create(ConnectionProvider.newConnection()))).build();
        List<Disposable> open = new java.util.ArrayList<>();
        try {
            int perUser = props.events().maxStreamsPerUser();
            CountDownLatch settled = new CountDownLatch(perUser);
            AtomicInteger connected = new AtomicInteger();
            for (int i = 0; i < perUser; i++) {
                open.add(openStream(raw, "/api/dossiers/" + id + "/events", "omar", settled, connected));
            }
            assertThat(settled.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(connected).hasValue(perUser);
            // One more, on any stream: refused with a reason and when to retry; other people are not affected.
            assertThat(oneMore(raw, "/api/ranking/events", "omar")).startsWith("429 30 ").contains("\"code\":\"TOO_MANY_STREAMS\"");
            assertThat(oneMore(raw, "/api/ranking/events", "amina")).isEqualTo("200");
            // A stream closed gives its place back.
            open.remove(0).dispose();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> oneMore(raw, "/api/ranking/events", "omar").equals("200"));

            // Anonymous streams (the public ranking's) are counted per address.
            int perAddress = props.events().maxStreamsPerAddress();
            CountDownLatch anonymousSettled = new CountDownLatch(perAddress);
            for (int i = 0; i < perAddress; i++) {
                open.add(openStream(raw, "/api/ranking/events", null, anonymousSettled, new AtomicInteger()));
            }
            assertThat(anonymousSettled.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(oneMore(raw, "/api/ranking/events", null)).startsWith("429 ").contains("TOO_MANY_STREAMS");
        } finally {
            open.forEach(Disposable::dispose);
        }
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
