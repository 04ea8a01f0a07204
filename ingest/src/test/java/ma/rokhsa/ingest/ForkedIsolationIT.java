package ma.rokhsa.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Worker processes keep a hostile document from hurting the service: a worker that is killed, runs out of
 * memory or hangs fails its own document only, and the next document gets a fresh worker.
 */
class ForkedIsolationIT {

    @TempDir
    static Path dir;

    static final KindRule LONG_PLANS = KindRule.plans().withPages(1, 50_000);
    static Path longDocument;

    @org.junit.jupiter.api.BeforeAll
    static void makeLongDocument() throws Exception {
        longDocument = FixtureFactory.longDocument();
    }

    private static ExtractorConfig forked() {
        return ExtractorConfig.defaults().withThreads(1).withIsolation(ExtractorConfig.Isolation.FORKED);
    }

    private static void assertNextDocumentIsFine(TikaExtractor x) {
        Extraction next = x.extract(Fixtures.path("demande-ar.pdf"), "demande-ar.pdf", KindRule.forms()).block();
        assertThat(next.status()).isEqualTo(Extraction.Status.COMPLETE);
        assertThat(next.text()).contains("طلب رخصة البناء");
    }

    /** A live child process running {@code mainClass} (read from /proc: ProcessHandle.Info may lack arguments). */
    private static Optional<ProcessHandle> worker(String mainClass) {
        return ProcessHandle.current().children().filter(ProcessHandle::isAlive).filter(p -> {
            try {
                return new String(java.nio.file.Files.readAllBytes(Path.of("/proc", Long.toString(p.pid()), "cmdline")),
                        java.nio.charset.StandardCharsets.UTF_8).contains(mainClass);
            } catch (java.io.IOException e) {
                return false;
            }
        }).findFirst();
    }

    @Test
    void aWorkerKilledMidDocumentFailsThatDocumentOnly() throws Exception {
        try (TikaExtractor x = TikaExtractor.create(forked())) {
            x.warmUp().block();
            assertThat(x.workersStarted()).isEqualTo(1);
            ProcessHandle w = worker("ma.rokhsa.ingest.ExtractionWorker").orElseThrow();
            // kill the worker (as the kernel's OOM killer or a native crash would) while it parses
            Mono.delay(Duration.ofMillis(400)).subscribe(t -> w.destroyForcibly());
            Extraction e = x.extract(longDocument, "many-pages.pdf", LONG_PLANS).block(Duration.ofMinutes(1));
            assertThat(e.status()).isEqualTo(Extraction.Status.FAILED);
            assertThat(e.detail()).contains("worker process died");
            assertThat(e.mediaType()).isEqualTo("application/pdf"); // what the parent can tell on its own
            Validation v = DocumentValidator.validate(e, LONG_PLANS);
            assertThat(v.codes()).containsExactly(ProblemCode.EXTRACTION_FAILED);
            assertThat(v.problems().get(0).message()).startsWith("many-pages.pdf could not be read");

            assertNextDocumentIsFine(x);
            assertThat(x.workersStarted()).isEqualTo(2);
        }
    }

    @Test
    void aWorkerOutOfMemoryFailsThatDocumentOnly() throws Exception {
        Path huge = dir.resolve("huge-sheet.pdf");
        FixtureFactory.hugeSheetWithImage(huge, 1500);
        // a kind with OCR and no sheet limit: the 1.5 m sheet is rendered for OCR (35 megapixels)
        KindRule anySheet = KindRule.forms().withSheets(Set.of(), 0);
        ExtractorConfig small = forked().withFork(List.of("-Xmx48m", "-XX:+ExitOnOutOfMemoryError",
                "-XX:+UseSerialGC"), List.of(), 100);
        try (TikaExtractor x = TikaExtractor.create(small)) {
            assumeTrue(x.ocrAvailable(), () -> "needs OCR to render the sheet: " + x.ocrStatus());
            Extraction e = x.extract(huge, "huge-sheet.pdf", anySheet).block(Duration.ofMinutes(1));
            assertThat(e.status()).isEqualTo(Extraction.Status.FAILED);
            assertThat(e.detail()).isEqualTo("the parser ran out of memory (worker heap limit)");
            assertThat(DocumentValidator.validate(e, anySheet).codes()).containsExactly(ProblemCode.EXTRACTION_FAILED);
            assertNextDocumentIsFine(x);
        }
    }

    @Test
    void aHangingWorkerIsKilledAtTheTimeLimit() throws Exception {
        List<String> hanging = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), HangingWorker.class.getName());
        ExtractorConfig config = forked().withTimeout(Duration.ofSeconds(1)).withFork(List.of(), hanging, 100);
        try (TikaExtractor x = TikaExtractor.create(config)) {
            x.warmUp().block();
            assertThat(worker(HangingWorker.class.getName())).as("the worker runs").isPresent();
            long start = System.nanoTime();
            Extraction e = x.extract(Fixtures.path("demande-ar.pdf"), "demande-ar.pdf", KindRule.forms())
                    .block(Duration.ofMinutes(1));
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(e.status()).isEqualTo(Extraction.Status.TIMED_OUT);
            assertThat(e.detail()).isEqualTo("the worker process was killed at the time limit");
            assertThat(took).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(15));
            assertThat(DocumentValidator.validate(e, KindRule.forms()).codes())
                    .containsExactly(ProblemCode.EXTRACTION_TIMEOUT);
            Thread.sleep(500);
            assertThat(worker(HangingWorker.class.getName())).as("the hung worker is gone").isEmpty();
        }
    }

    @Test
    void aSlowDocumentTimesOutInsideTheWorkerWhichCarriesOn() throws Exception {
        try (TikaExtractor x = TikaExtractor.create(forked().withTimeout(Duration.ofSeconds(1)))) {
            x.warmUp().block();
            // warm the worker (class loading, JIT) so that only the long document meets the limit, even on a
            // loaded machine
            for (int i = 0; i < 5 && x.extract(Fixtures.path("demande-ar.pdf"), "demande-ar.pdf", KindRule.forms())
                    .block().status() != Extraction.Status.COMPLETE; i++) {
                Thread.sleep(100);
            }
            Extraction e = x.extract(longDocument, "many-pages.pdf", LONG_PLANS).block(Duration.ofMinutes(1));
            assertThat(e.status()).isEqualTo(Extraction.Status.TIMED_OUT);
            assertNextDocumentIsFine(x);
            assertThat(x.workersStarted()).as("the worker stopped the parse itself and was kept").isEqualTo(1);
        }
    }

    @Test
    void workersAreReplacedAfterTheirQuotaAndRunInParallel() {
        ExtractorConfig config = ExtractorConfig.defaults().withThreads(2)
                .withIsolation(ExtractorConfig.Isolation.FORKED).withFork(
                        ExtractorConfig.defaults().forkJvmOptions(), List.of(), 2);
        try (TikaExtractor x = TikaExtractor.create(config)) {
            List<Extraction> all = reactor.core.publisher.Flux.range(0, 6)
                    .flatMap(i -> x.extract(Fixtures.path("certificat-fr.pdf"), "certificat-fr.pdf", KindRule.forms()), 2)
                    .collectList().block(Duration.ofMinutes(2));
            assertThat(all).hasSize(6).allSatisfy(e -> assertThat(e.status()).isEqualTo(Extraction.Status.COMPLETE));
            // 6 documents at most 2 per worker: at least 3 workers; two started together for the first pair may each
            // end with a spare use, hence at most one more (threads - 1)
            assertThat(x.workersStarted()).isBetween(3, 4);
        }
    }

    @Test
    void forkedExtractionNeverBlocksTheSubscriber() {
        try (TikaExtractor x = TikaExtractor.create(forked())) {
            Extraction e = Mono.defer(() -> x.extract(Fixtures.path("certificat-fr.pdf"), "certificat-fr.pdf",
                    KindRule.forms())).subscribeOn(Schedulers.parallel()).block(Duration.ofMinutes(1));
            assertThat(e.status()).isEqualTo(Extraction.Status.COMPLETE);
        }
    }
}
