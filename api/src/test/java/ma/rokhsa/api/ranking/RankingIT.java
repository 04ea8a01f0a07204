package ma.rokhsa.api.ranking;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import ma.rokhsa.api.events.EventLog;
import ma.rokhsa.api.support.ApiIT;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * The public ranking and statistics over HTTP, on a small hand-computed history (2025, in communes of
 * its own) written with SQL the way the workflow records decisions: the indicators and the order are
 * checked exactly; a decision recorded now (outcome + dossier.status event in one transaction) reaches
 * the live stream; the national statistics move by exactly what was added.
 */
class RankingIT extends ApiIT {

    private static final ZoneId MA = ZoneId.of("Africa/Casablanca");
    private static final UUID AMINA = UUID.fromString("00000000-0000-4000-8000-000000000001");
    private static final ParameterizedTypeReference<Map<String, Object>> MAP = new ParameterizedTypeReference<>() { };
    private static boolean loaded;

    @Autowired
    DatabaseClient db;
    @Autowired
    TransactionalOperator tx;
    @Autowired
    EventLog eventLog;
    @Autowired
    JsonMapper json;
    /** The application's clock: "now" for the live ranking and the statistics is its now. */
    @Autowired
    java.time.Clock clock;

    // ---------------------------------------------------------------------------------------------
    // The history: 2025-Q1 (1 January 00:00 +01:00 to 1 April 00:00 +00:00, Ramadan time), communes RK*.
    // ---------------------------------------------------------------------------------------------

    @BeforeEach
    void history() {
        if (loaded) {
            return;
        }
        loaded = true;
        for (String[] c : new String[][] {{"RKA", "Ranking A"}, {"RKB", "Ranking B"}, {"RKC", "Ranking C"}, {"RKD", "Ranking D"},
                {"RKE", "Ranking E"}, {"RKL", "Ranking Live"}, {"RKM", "Ranking Burst"}, {"RKS", "Ranking Stats"}}) {
            db.sql("INSERT INTO commune (code, name_fr, name_ar, province_code) VALUES (:c, :n, :a, 'BM')")
                    .bind("c", c[0]).bind("n", c[1]).bind("a", "ترتيب " + c[0]).then().block();
        }

        // RKA: six small projects, all within the deadline (3, 5, 5, 7, 9, 10 legal days), one refused, one returned.
        UUID a1 = decided("RKA", false, "2025-01-05T10:00", "2025-01-08T10:00", "ISSUED", 3, true, 1);
        UUID a2 = decided("RKA", false, "2025-01-10T10:00", "2025-01-15T10:00", "ISSUED", 5, true, 0);
        UUID a3 = decided("RKA", false, "2025-02-01T10:00", "2025-02-06T10:00", "REFUSED", 5, true, 0);
        decided("RKA", false, "2025-02-10T10:00", "2025-02-17T10:00", "ISSUED", 7, true, 0);
        decided("RKA", false, "2025-03-01T10:00", "2025-03-10T10:00", "ISSUED", 9, true, 0);
        // Decided late on the last evening of the quarter: in it.
        decided("RKA", false, "2025-03-21T10:00", "2025-03-31T23:30", "ISSUED", 10, true, 0);
        // Decided at the very first instant of Q2, and on the last minute of 2024: outside Q1.
        decided("RKA", false, "2025-03-01T10:00", "2025-04-01T00:00", "ISSUED", 30, false, 0);
        decided("RKA", false, "2024-12-20T10:00", "2024-12-31T23:59", "ISSUED", 11, true, 0);
        // Open at the end of Q1 (decided in Q2), 7 legal days by then: backlog, within its deadline.
        UUID ab = decided("RKA", false, "2025-03-25T12:00", "2025-04-03T12:00", "ISSUED", 9, true, 0);
        clock(ab, "2025-03-25T12:00", "2025-04-03T12:00");
        // Opinions due in Q1: urban agency 3 of 3 on time; civil protection 2 of 3 (one a day late in Morocco,
        // though on time by UTC's calendar). One due in Q2 does not count.
        opinion(a1, "BM-AU", "2025-01-07", "2025-01-07T09:00");
        opinion(a2, "BM-AU", "2025-01-13", "2025-01-12T09:00");
        opinion(a3, "BM-AU", "2025-02-04", "2025-02-04T17:00");
        opinion(a1, "BM-PC", "2025-01-07", "2025-01-06T09:00");
        opinion(a2, "BM-PC", "2025-01-14", "2025-01-15T00:30");
        opinion(a3, "BM-PC", "2025-02-04", "2025-02-03T09:00");
        opinion(ab, "BM-PC", "2025-04-02", "2025-04-09T09:00");

        // RKB: five small (10, 12, 14 within; 16 refused late; 16 tacit) and two large (20 within; 35 late).
        decided("RKB", false, "2025-01-02T10:00", "2025-01-14T10:00", "ISSUED", 10, true, 1);
        decided("RKB", false, "2025-01-03T10:00", "2025-01-15T10:00", "ISSUED", 12, true, 0);
        decided("RKB", false, "2025-01-04T10:00", "2025-01-18T10:00", "ISSUED", 14, true, 0);
        decided("RKB", false, "2025-02-01T10:00", "2025-02-17T10:00", "REFUSED", 16, false, 0);
        decided("RKB", false, "2025-02-02T10:00", "2025-02-18T10:00", "DEEMED_APPROVED", 16, false, 0);
        decided("RKB", true, "2025-02-05T10:00", "2025-02-25T10:00", "ISSUED", 20, true, 0);
        decided("RKB", true, "2025-02-06T10:00", "2025-03-20T10:00", "ISSUED", 35, false, 2);
        // Backlog at the end of Q1: one still returned to its architect today (9 legal days, clock stopped),
        // one decided in Q2 that had used 50 legal days by then (past its deadline).
        UUID returned = dossier("RKB", "BUILDING_SMALL", "RETURNED", "2025-03-01T12:00");
        clock(returned, "2025-03-01T12:00", "2025-03-10T12:00");
        UUID late = decided("RKB", false, "2025-02-10T12:00", "2025-04-20T12:00", "ISSUED", 69, false, 0);
        clock(late, "2025-02-10T12:00", "2025-04-20T12:00");

        // RKC and RKE, alike: five small (8, 15 within; 16, 16 tacit; 20 refused late); opinions 1 of 3 on time.
        for (String c : List.of("RKC", "RKE")) {
            UUID c1 = decided(c, false, "2025-01-10T10:00", "2025-01-18T10:00", "ISSUED", 8, true, 0);
            UUID c2 = decided(c, false, "2025-01-11T10:00", "2025-01-26T10:00", "ISSUED", 15, true, 0);
            decided(c, false, "2025-02-01T10:00", "2025-02-17T10:00", "DEEMED_APPROVED", 16, false, 0);
            decided(c, false, "2025-02-02T10:00", "2025-02-18T10:00", "DEEMED_APPROVED", 16, false, 0);
            UUID c5 = decided(c, false, "2025-02-03T10:00", "2025-02-23T10:00", "REFUSED", 20, false, 0);
            opinion(c1, "BM-AU", "2025-02-01", null);
            opinion(c2, "BM-AU", "2025-03-01", null);
            opinion(c5, "BM-ONEE", "2025-02-15", "2025-02-14T09:00");
            opinion(c5, "BM-AU", "2025-04-10", "2025-04-30T09:00");
        }

        // RKD: three quick decisions only: listed, not ranked.
        for (int i = 0; i < 3; i++) {
            decided("RKD", false, "2025-02-0" + (i + 1) + "T10:00", "2025-02-0" + (i + 3) + "T10:00", "ISSUED", 2, true, 0);
        }
    }

    @Test
    void quarterRankingHasTheHandComputedIndicatorsAndOrder() {
        Map<String, Object> r = anonymous.get().uri("/api/ranking?period=2025-Q1").exchange()
                .expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody();
        assertThat(r.get("period")).isEqualTo("2025-Q1");
        assertThat(OffsetDateTime.parse((String) r.get("from")).toInstant()).isEqualTo(Instant.parse("2024-12-31T23:00:00Z"));
        assertThat(OffsetDateTime.parse((String) r.get("to")).toInstant()).isEqualTo(Instant.parse("2025-04-01T00:00:00Z"));
        assertThat(r.get("asOf")).isEqualTo(r.get("to"));
        assertThat((String) at(r, "formula.text")).startsWith("score = 100 x (0.30 W + 0.20 S + 0.20 (1 - T) + 0.15 (1 - B) + 0.15 O)");
        assertThat(((List<?>) at(r, "formula.terms"))).hasSize(5);
        assertThat(at(r, "formula.minDecided")).isEqualTo(5);

        // Ranked: A 89.5; B 50.8; C and E 44.0 (a shared third place, listed by name).
        assertThat(r.get("ranked")).isEqualTo(4);
        List<Map<String, Object>> communes = list(r, "communes");
        List<Map<String, Object>> ranked = communes.subList(0, 4);
        assertThat(ranked).extracting(c -> c.get("code")).containsExactly("RKA", "RKB", "RKC", "RKE");
        assertThat(ranked).extracting(c -> c.get("rank")).containsExactly(1, 2, 3, 3);
        assertThat(ranked).extracting(c -> ((Number) c.get("score")).doubleValue()).containsExactly(89.5, 50.8, 44.0, 44.0);
        assertThat(list(r, "top10")).extracting(c -> c.get("code")).containsExactly("RKA", "RKB", "RKC", "RKE");
        assertThat(list(r, "bottom10")).extracting(c -> c.get("code")).containsExactly("RKA", "RKB", "RKC", "RKE");
        assertThat(list(r, "top10").get(0)).containsEntry("name", "Ranking A").containsEntry("nameAr", "ترتيب RKA")
                .containsEntry("provinceCode", "BM").containsEntry("provinceName", "Béni Mellal").containsEntry("decided", 6);
        assertThat(communes.subList(4, communes.size())).allSatisfy(c -> assertThat(c.get("rank")).isNull());

        // A: W 1, S 1 - median(3, 5, 5, 7, 9, 10) / 15 = 0.6, no tacit, backlog 1 within its deadline, opinions 5 of 6.
        Map<String, Object> a = commune(r, "RKA");
        assertThat(at(a, "decided")).isEqualTo(6);
        assertSize(at(a, "indicators.small"), 15, 6, 6.0, 9.5, 6, 1.0, 0, 0.0, 1, 1, 0.167, 1, 0);
        assertSize(at(a, "indicators.large"), 30, 0, null, null, 0, null, 0, null, 0, 0, null, 0, 0);
        assertThat((Map<String, Object>) at(a, "indicators.all")).containsEntry("decided", 6)
                .containsEntry("withinDeadlineShare", 1.0).containsEntry("tacitApprovals", 0).containsEntry("tacitApprovalShare", 0.0)
                .containsEntry("returnedShare", 0.167).containsEntry("backlog", 1).containsEntry("backlogPastDeadline", 0)
                .containsEntry("backlogPastDeadlineShare", 0.0);
        assertThat((Map<String, Object>) at(a, "indicators.opinions")).containsEntry("due", 6).containsEntry("onTime", 5)
                .containsEntry("onTimeShare", 0.833);
        assertThat(list(a, "indicators.opinions.byOrganisation"))
                .extracting(o -> List.of(o.get("code"), o.get("kind"), o.get("due"), o.get("onTime"), o.get("onTimeShare")))
                .containsExactly(List.of("BM-AU", "AU", 3, 3, 1.0), List.of("BM-PC", "PC", 3, 2, 0.667));
        assertComponents(a, 1.0, 0.6, 1.0, 1.0, 0.833);

        // B: W 4/7, S (5 x (1 - 14/15) + 2 x (1 - 27.5/30)) / 7, T 1/7, B 1/2, no opinion due (weights / 0.85).
        Map<String, Object> b = commune(r, "RKB");
        assertSize(at(b, "indicators.small"), 15, 5, 14.0, 16.0, 3, 0.6, 1, 0.2, 1, 1, 0.2, 2, 1);
        assertSize(at(b, "indicators.large"), 30, 2, 27.5, 33.5, 1, 0.5, 0, 0.0, 0, 1, 0.5, 0, 0);
        assertThat((Map<String, Object>) at(b, "indicators.all")).containsEntry("decided", 7)
                .containsEntry("withinDeadlineShare", 0.571).containsEntry("tacitApprovals", 1).containsEntry("tacitApprovalShare", 0.143)
                .containsEntry("returnedShare", 0.286).containsEntry("backlog", 2).containsEntry("backlogPastDeadline", 1)
                .containsEntry("backlogPastDeadlineShare", 0.5);
        assertThat((Map<String, Object>) at(b, "indicators.opinions")).containsEntry("due", 0).containsEntry("onTimeShare", null);
        assertComponents(b, 0.571, 0.5 / 7, 0.857, 0.5, null);

        // C: W 2/5, S 0 (median 16 days of 15), T 2/5, no backlog, opinions 1 of 3 (never given: late).
        Map<String, Object> c = commune(r, "RKC");
        assertSize(at(c, "indicators.small"), 15, 5, 16.0, 18.4, 2, 0.4, 2, 0.4, 1, 0, 0.0, 0, 0);
        assertComponents(c, 0.4, 0.0, 0.6, 1.0, 0.333);
        assertThat(list(c, "indicators.opinions.byOrganisation"))
                .extracting(o -> List.of(o.get("code"), o.get("due"), o.get("onTime")))
                .containsExactly(List.of("BM-AU", 2, 0), List.of("BM-ONEE", 1, 1));

        // D: listed with its indicators, not ranked, and says why.
        Map<String, Object> d = commune(r, "RKD");
        assertThat(d).containsEntry("rank", null).containsEntry("score", null).containsEntry("decided", 3)
                .containsEntry("unrankedReason", "Only 3 dossiers decided in this period; a commune is ranked from 5.");
        assertThat(communes.get(4).get("code")).isEqualTo("RKD");
        assertComponents(d, 1.0, 1 - 0.133, 1.0, 1.0, null);

        // A commune with nothing decided says so.
        assertThat(commune(r, "BML").get("unrankedReason")).asString().startsWith("No dossier decided in this period");
    }

    @Test
    void aYearCountsEveryDecisionOfTheYear() {
        Map<String, Object> r = anonymous.get().uri("/api/ranking?period=2025").exchange()
                .expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody();
        assertThat(r.get("period")).isEqualTo("2025");
        assertThat(commune(r, "RKA").get("decided")).isEqualTo(8);
        assertThat(commune(r, "RKB").get("decided")).isEqualTo(8);
        assertThat(commune(r, "RKD").get("decided")).isEqualTo(3);
        // Still open at the end of 2025: the dossier returned to its architect in March.
        assertThat(at(commune(r, "RKB"), "indicators.small.backlog")).isEqualTo(1);
    }

    @Test
    void aPeriodThatIsNotOneIsABadRequestThatSaysWhatToSend() {
        for (String bad : List.of("2026-Q5", "Q3-2026", "rolling-30", "2026-07", "1999", "last quarter")) {
            Map<String, Object> p = anonymous.get().uri(u -> u.path("/api/ranking").queryParam("period", bad).build()).exchange()
                    .expectStatus().isBadRequest()
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody(MAP).returnResult().getResponseBody();
            assertThat(p.get("code")).as(bad).isEqualTo("BAD_PERIOD");
            assertThat((String) p.get("detail")).as(bad).contains(bad);
        }
        Map<String, Object> future = anonymous.get().uri("/api/ranking?period=2099-Q1").exchange()
                .expectStatus().isBadRequest().expectBody(MAP).returnResult().getResponseBody();
        assertThat(future.get("code")).isEqualTo("PERIOD_IN_FUTURE");
        assertThat((String) future.get("detail")).contains("2099-01-01");
    }

    @Test
    void rankingStreamAndStatisticsArePublic() {
        Map<String, Object> live = anonymous.get().uri("/api/ranking").exchange()
                .expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody();
        assertThat(live.get("period")).isEqualTo("rolling-90");
        assertThat(Duration.between(OffsetDateTime.parse((String) live.get("from")), OffsetDateTime.parse((String) live.get("to"))))
                .isEqualTo(Duration.ofDays(90));
        anonymous.get().uri("/api/ranking?period=rolling-90").exchange().expectStatus().isOk();
        anonymous.get().uri("/api/stats").exchange().expectStatus().isOk();
        List<ServerSentEvent<String>> first = anonymous.get().uri("/api/ranking/events").accept(MediaType.TEXT_EVENT_STREAM).exchange()
                .expectStatus().isOk().expectHeader().contentTypeCompatibleWith(MediaType.TEXT_EVENT_STREAM)
                .returnResult(new ParameterizedTypeReference<ServerSentEvent<String>>() { }).getResponseBody()
                .take(Duration.ofSeconds(3)).collectList().block(Duration.ofSeconds(10));
        assertThat(first.get(0).comment()).isEqualTo("connected");
        // The latest ranking comes at once, then heartbeats (every 2 s in tests).
        assertThat(first).anySatisfy(e -> assertThat(e.event()).isEqualTo("ranking.updated"));
        assertThat(first).anySatisfy(e -> assertThat(e.comment()).isEqualTo("heartbeat"));
    }

    @Test
    void aDecisionSignedNowReachesTheLiveRankingStream() {
        List<ServerSentEvent<String>> seen = new CopyOnWriteArrayList<>();
        Disposable sub = subscribe(seen);
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> seen.stream().anyMatch(e -> "connected".equals(e.comment())));
            long eventId = decideNow("RKL", false, 4, "ISSUED");
            ServerSentEvent<String> update = awaitUpdate(seen, eventId, u -> "RKL".equals(at(u, "commune.code")));
            Map<String, Object> u = json.readValue(update.data(), Map.class);
            assertThat(Long.parseLong(update.id())).isGreaterThanOrEqualTo(eventId);
            assertThat(u.get("period")).isEqualTo("rolling-90");
            assertThat((List<Object>) u.get("communes")).contains("RKL");
            assertThat((Map<String, Object>) u.get("commune")).containsEntry("decided", 1).containsEntry("rank", null);
            assertThat(u).containsKeys("top10", "bottom10", "ranked", "computedAt", "eventId");

            // The same on the live ranking itself.
            Map<String, Object> r = anonymous.get().uri("/api/ranking?period=rolling-90").exchange()
                    .expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody();
            assertSize(at(commune(r, "RKL"), "indicators.small"), 15, 1, 4.0, 4.0, 1, 1.0, 0, 0.0, 0, 0, 0.0, 0, 0);
        } finally {
            sub.dispose();
        }
    }

    @Test
    void aBurstOfDecisionsIsCoalescedAndACommuneEntersTheRankingLive() {
        List<ServerSentEvent<String>> seen = new CopyOnWriteArrayList<>();
        Disposable sub = subscribe(seen);
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> seen.stream().anyMatch(e -> "connected".equals(e.comment())));
            int before = seen.size();
            long last = 0;
            for (int i = 0; i < 6; i++) {
                last = decideNow("RKM", i % 2 == 0, 2 + i, i == 5 ? "REFUSED" : "ISSUED");
            }
            ServerSentEvent<String> update = awaitUpdate(seen, last, u -> "RKM".equals(at(u, "commune.code"))
                    && ((Number) at(u, "commune.decided")).intValue() == 6);
            Map<String, Object> u = json.readValue(update.data(), Map.class);
            assertThat((Map<String, Object>) u.get("commune")).containsEntry("decided", 6);
            assertThat(at(u, "commune.rank")).isNotNull();
            assertThat(list(u, "top10")).extracting(e -> e.get("code")).contains("RKM");
            long updatesForBurst = seen.subList(before, seen.size()).stream()
                    .filter(e -> e.data() != null && e.data().contains("\"RKM\"")).count();
            assertThat(updatesForBurst).as("six decisions in a burst, fewer updates").isLessThan(6);
        } finally {
            sub.dispose();
        }
    }

    @Test
    void nationalStatisticsMoveByExactlyWhatWasAdded() {
        List<ServerSentEvent<String>> seen = new CopyOnWriteArrayList<>();
        Disposable sub = subscribe(seen);
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> seen.stream().anyMatch(e -> "connected".equals(e.comment())));
            // A decision (decided 400 days ago) drops the cached figures: 'before' is current.
            long first = tx.transactional(insertDecided("RKS", false, days(-420), days(-400), "ISSUED", 12, true)
                    .flatMap(id -> statusEvent(id, "RKS", "ISSUED"))).block();
            awaitUpdate(seen, first, u -> ((List<?>) u.get("communes")).contains("RKS"));
            Map<String, Object> before = stats();

            String suffix = UUID.randomUUID().toString().substring(0, 8);
            account("rks-arch-" + suffix, "ARCHITECT", true);
            account("rks-arch-off-" + suffix, "ARCHITECT", false);
            account("rks-rev-" + suffix, "REVIEWER", true);
            account("rks-sig-" + suffix, "SIGNATORY", true);
            account("rks-admin-" + suffix, "ADMIN", true);
            dossier("RKS", "BUILDING_SMALL", "SUBMITTED", days(-2));
            dossier("RKS", "SIMPLE_DECLARATION", "IN_REVIEW", days(-5));
            dossier("RKS", "BUILDING_SMALL", "SUBMITTED", days(-40));
            dossier("RKS", "BUILDING_SMALL", "DRAFT", (OffsetDateTime) null);
            long last = tx.transactional(insertDecided("RKS", true, days(-60), days(-1), "ISSUED", 40, false).then(
                    insertDecided("RKS", false, days(-20), days(0), "ISSUED", 10, true)
                            .flatMap(id -> statusEvent(id, "RKS", "ISSUED")))).block();
            awaitUpdate(seen, last, u -> ((List<?>) u.get("communes")).contains("RKS"));
            Map<String, Object> after = stats();

            assertThat(delta(before, after, "communes")).isZero();
            assertThat(delta(before, after, "activeCommunes")).isEqualTo(1);
            assertThat(delta(before, after, "professionals")).isEqualTo(1);
            assertThat(delta(before, after, "officials")).isEqualTo(2);
            // Submitted in the last 30 days: two building permits (urbanism: one 2 days ago, the small one decided
            // today was submitted 20 days ago) and one declaration (economic); not the draft, not those of 40 and 60 days ago.
            assertThat(delta(before, after, "dossiersPerDay.submitted")).isEqualTo(3);
            assertThat(delta(before, after, "dossiersPerDay.byCategory.URBANISM.submitted")).isEqualTo(2);
            assertThat(delta(before, after, "dossiersPerDay.byCategory.ECONOMIC.submitted")).isEqualTo(1);
            assertThat(((Number) at(after, "dossiersPerDay.average")).doubleValue())
                    .isCloseTo(((Number) at(after, "dossiersPerDay.submitted")).doubleValue() / 30, within(0.05));
            assertThat(delta(before, after, "decided.total")).isEqualTo(2);
            assertThat(delta(before, after, "decided.lastDays")).isEqualTo(2);
            assertThat(delta(before, after, "averageLegalDays.small.decided")).isEqualTo(1);
            assertThat(delta(before, after, "averageLegalDays.large.decided")).isEqualTo(1);
            assertThat(at(after, "averageLegalDays.days")).isEqualTo(365);
            long largeBefore = ((Number) at(before, "averageLegalDays.large.decided")).longValue();
            if (largeBefore == 0) {
                assertThat(at(after, "averageLegalDays.large.averageDays")).isEqualTo(40.0);
            }
        } finally {
            sub.dispose();
        }
    }

    // ---------------------------------------------------------------------------------------------

    private Map<String, Object> stats() {
        return anonymous.get().uri("/api/stats").exchange().expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody();
    }

    private static long delta(Map<String, Object> before, Map<String, Object> after, String path) {
        return ((Number) at(after, path)).longValue() - ((Number) at(before, path)).longValue();
    }

    private Disposable subscribe(List<ServerSentEvent<String>> into) {
        return anonymous.get().uri("/api/ranking/events").accept(MediaType.TEXT_EVENT_STREAM).exchange()
                .expectStatus().isOk()
                .returnResult(new ParameterizedTypeReference<ServerSentEvent<String>>() { }).getResponseBody()
                .subscribe(into::add);
    }

    /** Waits for a ranking.updated computed after event {@code eventId} (its data's eventId) that satisfies {@code test}. */
    @SuppressWarnings("unchecked")
    private ServerSentEvent<String> awaitUpdate(List<ServerSentEvent<String>> seen, long eventId, Predicate<Map<String, Object>> test) {
        List<ServerSentEvent<String>> found = new ArrayList<>();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            for (ServerSentEvent<String> e : seen) {
                if (!"ranking.updated".equals(e.event())) {
                    continue;
                }
                Map<String, Object> data = json.readValue(e.data(), Map.class);
                if (((Number) data.get("eventId")).longValue() >= eventId && test.test(data)) {
                    found.add(e);
                    return true;
                }
            }
            return false;
        });
        return found.get(0);
    }

    /** A decision recorded now, as the workflow records it: the outcome and its dossier.status event in one transaction. */
    private long decideNow(String commune, boolean large, double legalDays, String outcome) {
        OffsetDateTime now = OffsetDateTime.now(clock.withZone(MA));
        return tx.transactional(insertDecided(commune, large, now.minusDays((long) legalDays), now, outcome, legalDays,
                        legalDays <= (large ? 30 : 15))
                .flatMap(id -> statusEvent(id, commune, outcome))).block();
    }

    private Mono<Long> statusEvent(UUID dossier, String commune, String status) {
        return eventLog.append(dossier, commune, true, "dossier.status", Map.of("at", clock.instant().toString(),
                "dossierId", dossier, "communeCode", commune, "previousStatus", "SIGNED", "status", status));
    }

    private UUID decided(String commune, boolean large, String submitted, String decidedAt, String outcome, double legalDays,
                         boolean within, int returned) {
        UUID id = insertDecided(commune, large, t(submitted), t(decidedAt), outcome, legalDays, within).block();
        if (returned > 0) {
            db.sql("UPDATE dossier_outcome SET returned_count = :n WHERE dossier_id = :d").bind("n", returned).bind("d", id).then().block();
        }
        return id;
    }

    private Mono<UUID> insertDecided(String commune, boolean large, OffsetDateTime submitted, OffsetDateTime decidedAt, String outcome,
                                     double legalDays, boolean within) {
        UUID id = UUID.randomUUID();
        return insertDossier(id, commune, large ? "BUILDING_LARGE" : "BUILDING_SMALL", outcome, submitted)
                .then(db.sql("""
                        INSERT INTO dossier_outcome (dossier_id, commune_code, large_project, submitted_at, decided_at, outcome,
                                                     legal_days, deadline_days, within_deadline, returned_count)
                        VALUES (:d, :c, :large, :s, :at, :o, :days, :deadline, :within, 0)""")
                        .bind("d", id).bind("c", commune).bind("large", large).bind("s", submitted).bind("at", decidedAt)
                        .bind("o", outcome).bind("days", java.math.BigDecimal.valueOf(legalDays)).bind("deadline", large ? 30 : 15)
                        .bind("within", within).then())
                .thenReturn(id);
    }

    private UUID dossier(String commune, String type, String status, String submitted) {
        return dossier(commune, type, status, t(submitted));
    }

    private UUID dossier(String commune, String type, String status, OffsetDateTime submitted) {
        UUID id = UUID.randomUUID();
        insertDossier(id, commune, type, status, submitted).block();
        return id;
    }

    private Mono<Void> insertDossier(UUID id, String commune, String type, String status, OffsetDateTime submitted) {
        return db.sql("""
                INSERT INTO dossier (id, reference, type, commune_code, title, applicant, architect_id, status, created_at, submitted_at)
                VALUES (:id, :ref, :type, :c, 'Ranking test', '{"name":"Test"}'::jsonb, :arch, :status, coalesce(:s, now()), :s)""")
                .bind("id", id).bind("ref", "RK-" + id).bind("type", type).bind("c", commune).bind("arch", AMINA)
                .bind("status", status).bind("s", Parameter.fromOrEmpty(submitted, OffsetDateTime.class)).then();
    }

    private void clock(UUID dossier, String from, String to) {
        db.sql("INSERT INTO dossier_clock (dossier_id, started_at, stopped_at) VALUES (:d, :f, :t)")
                .bind("d", dossier).bind("f", t(from)).bind("t", t(to)).then().block();
    }

    private void opinion(UUID dossier, String org, String due, String given) {
        db.sql("""
                INSERT INTO dossier_commission (dossier_id, organisation_code, sent_at, due_date, given_at, opinion)
                VALUES (:d, :o, :sent, :due, :given, :opinion)""")
                .bind("d", dossier).bind("o", org).bind("sent", t(due + "T09:00").minusDays(15)).bind("due", LocalDate.parse(due))
                .bind("given", Parameter.fromOrEmpty(given == null ? null : t(given), OffsetDateTime.class))
                .bind("opinion", Parameter.fromOrEmpty(given == null ? null : "FAVOURABLE", String.class))
                .then().block();
    }

    private void account(String username, String role, boolean enabled) {
        db.sql("""
                INSERT INTO app_user (id, username, password_hash, full_name, role, commune_code, province_code, enabled)
                VALUES (:id, :u, '{noop}x', :u, :role, :c, 'BM', :e)""")
                .bind("id", UUID.randomUUID()).bind("u", username).bind("role", role)
                .bind("c", Parameter.fromOrEmpty(role.equals("REVIEWER") || role.equals("SIGNATORY") ? "RKS" : null, String.class))
                .bind("e", enabled).then().block();
    }

    private static OffsetDateTime t(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(MA).toOffsetDateTime();
    }

    private OffsetDateTime days(int offset) {
        return OffsetDateTime.now(clock.withZone(MA)).plusDays(offset);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> commune(Map<String, Object> ranking, String code) {
        return list(ranking, "communes").stream().filter(c -> code.equals(c.get("code"))).findFirst()
                .orElseThrow(() -> new AssertionError(code + " is not listed"));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object from, String path) {
        return (List<Map<String, Object>>) at(from, path);
    }

    @SuppressWarnings("unchecked")
    private static Object at(Object from, String path) {
        Object o = from;
        for (String k : path.split("\\.")) {
            if (o == null) {
                return null;
            }
            o = ((Map<String, Object>) o).get(k);
        }
        return o;
    }

    /** One project size's indicators, in the order of Ranking.ProjectSize. */
    @SuppressWarnings("unchecked")
    private static void assertSize(Object size, int deadline, int decided, Double median, Double p90, int within, Double withinShare,
                                   int tacit, Double tacitShare, int refused, int returned, Double returnedShare, int backlog,
                                   int pastDeadline) {
        Map<String, Object> s = (Map<String, Object>) size;
        assertThat(s).containsEntry("deadlineDays", deadline).containsEntry("decided", decided)
                .containsEntry("medianLegalDays", median).containsEntry("p90LegalDays", p90)
                .containsEntry("withinDeadline", within).containsEntry("withinDeadlineShare", withinShare)
                .containsEntry("tacitApprovals", tacit).containsEntry("tacitApprovalShare", tacitShare)
                .containsEntry("refused", refused).containsEntry("returned", returned).containsEntry("returnedShare", returnedShare)
                .containsEntry("backlog", backlog).containsEntry("backlogPastDeadline", pastDeadline);
    }

    private static void assertComponents(Map<String, Object> commune, double withinDeadline, double speed, double noTacit,
                                         double backlogWithin, Double opinions) {
        Map<String, Object> c = (Map<String, Object>) at(commune, "indicators.components");
        assertThat(((Number) c.get("withinDeadline")).doubleValue()).isCloseTo(withinDeadline, within(0.0005));
        assertThat(((Number) c.get("speed")).doubleValue()).isCloseTo(speed, within(0.0011));
        assertThat(((Number) c.get("noTacitApproval")).doubleValue()).isCloseTo(noTacit, within(0.0005));
        assertThat(((Number) c.get("backlogWithinDeadline")).doubleValue()).isCloseTo(backlogWithin, within(0.0005));
        if (opinions == null) {
            assertThat(c.get("opinionsOnTime")).isNull();
        } else {
            assertThat(((Number) c.get("opinionsOnTime")).doubleValue()).isCloseTo(opinions, within(0.0005));
        }
    }
}
