package ma.rokhsa.api.demo;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import ma.rokhsa.api.config.RokhsaProperties;
import ma.rokhsa.api.deadline.LegalClock;
import ma.rokhsa.api.reference.Catalog;
import ma.rokhsa.api.pipeline.StageHolds;
import ma.rokhsa.api.search.SearchEngine;
import ma.rokhsa.signer.pki.DemoPki;
import ma.rokhsa.signer.render.OpenHtmlToPdfRenderer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

/**
 * Loads the demo data on the first start of the embedded run: a few communes' dossiers in every state of
 * the procedure over the last months, so that dashboards, search, the ranking and the statistics show
 * something real at once. The dossiers are made through the application's own HTTP API with the demo
 * accounts, as users would, while the clock ({@link DemoClock}) is set to each step's moment in the past.
 *
 * <p>Lifecycle: when the application first becomes ready, it takes readiness back (REFUSING_TRAFFIC) and
 * keeps its gate closed ({@link DemoDataGate}); it seeds unless an earlier start did (or began to: a seed
 * that did not finish is reported, never run twice) or the database already holds dossiers; then it
 * returns the clock to the present, opens the gate, declares readiness again and logs one line with what
 * it loaded and the time it took. The whole seed is one reactive chain started from the readiness event:
 * no thread waits on it; document generation and planning run on a small scheduler of their own.
 */
final class DemoData implements ma.rokhsa.api.config.ReadinessHold {

    private static final Logger log = LoggerFactory.getLogger(DemoData.class);
    /** How long the seed waits at its end for the documents to be indexed (the search node may still be starting). */
    private static final Duration PIPELINE_DRAINED = Duration.ofMinutes(2);
    private static final Duration SEARCH_STARTS = Duration.ofMinutes(2);

    /**
     * How the seed ended, for the log and the tests: {@code took} counts from the seed's start, after
     * {@code waited} for the search engine to come up.
     */
    record Outcome(boolean loaded, String message, StoryRunner.Tally tally, Duration waited, Duration took) {
    }

    private final ApplicationContext context;
    private final DemoClock clock;
    private final DemoDataGate gate;
    private final SeedMarker marker;
    private final JsonMapper json;
    private final Catalog catalog;
    private final LegalClock legal;
    private final OpenHtmlToPdfRenderer renderer;
    private final DemoPki pki;
    private final StageHolds holds;
    private final SearchEngine search;
    private final RokhsaProperties props;
    private final AtomicBoolean started = new AtomicBoolean();
    private final Sinks.One<Outcome> outcome = Sinks.one();

    DemoData(ApplicationContext context, DemoClock clock, DemoDataGate gate, DatabaseClient db, JsonMapper json, Catalog catalog,
             LegalClock legal, OpenHtmlToPdfRenderer renderer, DemoPki pki, StageHolds holds, SearchEngine search,
             RokhsaProperties props) {
        this.context = context;
        this.clock = clock;
        this.gate = gate;
        this.marker = new SeedMarker(db);
        this.json = json;
        this.catalog = catalog;
        this.legal = legal;
        this.renderer = renderer;
        this.pki = pki;
        this.holds = holds;
        this.search = search;
        this.props = props;
    }

    /** How the seed of this start ended (skipped, loaded or failed), once it has. */
    Mono<Outcome> outcome() {
        return outcome.asMono();
    }

    @EventListener
    void onReadiness(AvailabilityChangeEvent<ReadinessState> event) {
        if (event.getState() != ReadinessState.ACCEPTING_TRAFFIC || !started.compareAndSet(false, true)) {
            return;
        }
        AvailabilityChangeEvent.publish(context, ReadinessState.REFUSING_TRAFFIC);
        Scheduler work = Schedulers.newBoundedElastic(2, 10_000, "demo-data");
        long start = System.nanoTime();
        seedIfFirstStart(work, start)
                .onErrorResume(e -> {
                    log.error("Demo data could not be loaded: {}", e.toString(), e);
                    return marker.finish(false, json.writeValueAsString(Map.of("error", e.toString())))
                            .onErrorResume(x -> Mono.empty())
                            .thenReturn(new Outcome(false, "failed: " + e, null, Duration.ZERO, Duration.ofNanos(System.nanoTime() - start)));
                })
                // Opened before the outcome is told (doOnSuccess, not doFinally, which comes after it): whoever waits
                // for the outcome finds the instance open and ready.
                .doOnSuccess(o -> open(work))
                .doOnError(e -> open(work))
                .subscribe(o -> outcome.tryEmitValue(o), e -> outcome.tryEmitError(e));
    }

    private void open(Scheduler work) {
        clock.present();
        gate.open();
        work.dispose();
        AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
    }

    private Mono<Outcome> seedIfFirstStart(Scheduler work, long start) {
        return marker.previous().map(p -> skipped(previous(p), start))
                .switchIfEmpty(Mono.defer(() -> marker.dossiers().flatMap(n -> n > 0
                        ? Mono.just(skipped("the database already holds " + n + " dossiers; demo data only goes into an empty platform", start))
                        : seed(work))));
    }

    private String previous(SeedMarker.Previous p) {
        if (!p.finished()) {
            return "a demo seed started on " + p.startedAt() + " did not finish (the application stopped during it): the demo data is "
                    + "incomplete. For a complete demo, stop the application, delete " + props.dataDir().toAbsolutePath()
                    + " and start again; or start with --rokhsa.demo.data=false";
        }
        return p.outcome().equals("DONE") ? "already loaded on " + p.finishedAt()
                : "the demo seed of " + p.startedAt() + " failed (" + p.summary() + "): delete " + props.dataDir().toAbsolutePath()
                + " and start again for the demo data";
    }

    private Outcome skipped(String why, long start) {
        if (why.startsWith("already")) {
            log.info("Demo data: {}", why);
        } else {
            log.warn("Demo data not loaded: {}", why);
        }
        return new Outcome(false, why, null, Duration.ZERO, Duration.ofNanos(System.nanoTime() - start));
    }

    /**
     * Waits for the search engine (the embedded node starts with the application, a JVM of its own that
     * would compete with the seed for the processors); goes on without it after a while.
     */
    private Mono<Duration> searchUp() {
        long since = System.nanoTime();
        Mono<?> up = search.enabled() ? search.index(SEARCH_STARTS).onErrorResume(e -> {
            log.warn("Demo data: the search engine is not up after {} s; loading anyway, documents are indexed once it is",
                    SEARCH_STARTS.toSeconds());
            return Mono.empty();
        }) : Mono.empty();
        return up.then(Mono.fromSupplier(() -> Duration.ofNanos(System.nanoTime() - since)));
    }

    private Mono<Outcome> seed(Scheduler work) {
        return searchUp().flatMap(waited -> seed(work, waited, System.nanoTime()));
    }

    private Mono<Outcome> seed(Scheduler work, Duration waited, long start) {
        ZoneId zone = legal.zone();
        Instant now = clock.instant();
        Scenario scenario = new Scenario(Cast.load(json), catalog, legal);
        return Mono.fromCallable(() -> scenario.plan(Scenario.SEED, LocalDate.ofInstant(now, zone))).subscribeOn(work)
                .flatMap(story -> {
                    String stale = pkiTooYoung(story.start());
                    if (stale != null) {
                        return Mono.just(skipped(stale, start));
                    }
                    return marker.claim(Scenario.SEED, story.from()).flatMap(claimed -> claimed
                            ? play(story, work, zone, waited, start)
                            : Mono.just(skipped("another instance is loading it", start)));
                });
    }

    private Mono<Outcome> play(Scenario.Story story, Scheduler work, ZoneId zone, Duration waited, long start) {
        log.info("Demo data: first start, loading {} dossiers of a story from {} to today (about a minute on 2 cores; the API answers "
                + "503 meanwhile)", story.dossiers().size(), story.from());
        int port = context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
        DemoClient api = new DemoClient(port, gate.token());
        StoryRunner runner = new StoryRunner(api, new DemoDocuments(renderer, work), clock, zone);
        // Indexing waits for the end of the story: a dossier's documents are then indexed once, with its final
        // status, instead of at each of its changes.
        AutoCloseable indexing = holds.hold("index");
        return runner.run(story)
                .doFinally(s -> release(indexing))
                // The present: the deadline watcher's first pass of today, then the pipeline catches up (search).
                .flatMap(tally -> Mono.fromRunnable(clock::present)
                        .then(api.post(Scenario.ADMIN, "/api/admin/deadlines/check", null))
                        .then(drained())
                        .thenReturn(tally))
                .flatMap(tally -> {
                    Duration took = Duration.ofNanos(System.nanoTime() - start);
                    Map<String, Object> summary = summary(story, tally, took);
                    summary.put("searchEngineWaitSeconds", waited.toMillis() / 1000.0);
                    return marker.finish(true, json.writeValueAsString(summary)).thenReturn(loaded(story, tally, waited, took));
                });
    }

    private static void release(AutoCloseable hold) {
        try {
            hold.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits until the pipeline has checked and indexed every document (so that search finds them), or gives up. */
    private Mono<Void> drained() {
        return marker.pipelineBacklog()
                .filter(n -> n == 0)
                .repeatWhenEmpty(Integer.MAX_VALUE, polls -> polls.delayElements(Duration.ofMillis(200)))
                .timeout(PIPELINE_DRAINED, Mono.defer(() -> {
                    log.warn("Demo data: the pipeline is still busy after {} s (is the search engine up?); documents will be "
                            + "searchable once it catches up", PIPELINE_DRAINED.toSeconds());
                    return Mono.just(0L);
                }))
                .then();
    }

    /** Why the demo PKI cannot sign the story, if its authorities are younger than the story's first day. */
    private String pkiTooYoung(Instant storyStart) {
        for (X509Certificate c : List.of(pki.rootCertificate(), pki.issuingCertificate(), pki.tsaCertificate())) {
            if (c.getNotBefore().toInstant().isAfter(storyStart)) {
                return "the demo PKI in " + props.dataDir().resolve("pki").toAbsolutePath() + " is valid only from "
                        + c.getNotBefore().toInstant() + ", after the story's first day " + storyStart
                        + " (it was made by an older version): delete " + props.dataDir().toAbsolutePath() + " for a fresh start";
            }
        }
        return null;
    }

    private static Map<String, Object> summary(Scenario.Story story, StoryRunner.Tally t, Duration took) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seconds", took.toMillis() / 1000.0);
        m.put("storyFrom", story.from().toString());
        m.put("dossiers", t.dossiers());
        m.put("documents", t.documents());
        m.put("submissions", t.submissions());
        m.put("opinions", t.opinions());
        m.put("payments", t.payments());
        m.put("signatures", t.signatures());
        m.put("tacitApprovals", t.tacitApprovals());
        m.put("refused", t.refused());
        return m;
    }

    private Outcome loaded(Scenario.Story story, StoryRunner.Tally t, Duration waited, Duration took) {
        String line = String.format(java.util.Locale.ROOT, "Demo data loaded in %.1f s (after %.1f s for the search engine to start): %d dossiers of Béni Mellal, Kasba Tadla and "
                        + "Khouribga since %s, %d documents, %d submissions, %d opinions, %d payments, %d signed decisions, "
                        + "%d tacit approvals%s. The demo presidents (fatima, mustapha, leila) sign with PIN %s; "
                        + "--rokhsa.demo.data=false starts an empty platform.",
                took.toMillis() / 1000.0, waited.toMillis() / 1000.0, t.dossiers(), story.from(), t.documents(), t.submissions(), t.opinions(), t.payments(),
                t.signatures(), t.tacitApprovals(), t.refused().isEmpty() ? "" : "; " + t.refused().size() + " steps refused (see above)",
                Scenario.PIN);
        if (t.refused().isEmpty()) {
            log.info(line);
        } else {
            log.warn(line);
        }
        return new Outcome(true, line, t, waited, took);
    }
}
