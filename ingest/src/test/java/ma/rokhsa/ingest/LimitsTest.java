package ma.rokhsa.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** Time limit, output-size limit, saturation and lifecycle of the in-process extractor. */
class LimitsTest {

    @TempDir
    static Path dir;

    /** 5,000 pages: parsed whole within the default limit. */
    static Path manyPages;

    /** Plans that accept the long fixtures, so that they are really parsed. */
    static final KindRule LONG_PLANS = KindRule.plans().withPages(1, 50_000);

    /** 30,000 pages: long enough to parse that limits land mid-parse on any machine. */
    static Path longDocument;

    @BeforeAll
    static void makeLongDocument() throws Exception {
        manyPages = dir.resolve("many-pages.pdf");
        FixtureFactory.manyPages(manyPages, 5000);
        longDocument = FixtureFactory.longDocument();
    }

    @Test
    void aDocumentPastItsTimeLimitFailsAloneAndTheExtractorCarriesOn() throws Exception {
        // 1 s: a warm parser can read the long document's pages in a few seconds on a fast machine
        try (TikaExtractor x = TikaExtractor.create(ExtractorConfig.defaults().withThreads(1)
                .withTimeout(Duration.ofSeconds(1)))) {
            // warm up the parsers, so that the limit is only tight for the long document
            x.extract(Fixtures.path("certificat-fr.pdf"), "certificat-fr.pdf", KindRule.forms()).block();
            long start = System.nanoTime();
            Extraction slow = x.extract(longDocument, "long-dossier.pdf", LONG_PLANS).block();
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(slow.status()).isEqualTo(Extraction.Status.TIMED_OUT);
            // a full parse of the 30,000 pages takes several times longer
            assertThat(took).as("stopped at its next output, not at the end").isLessThan(Duration.ofSeconds(8));
            Validation v = DocumentValidator.validate(slow, LONG_PLANS);
            assertThat(v.codes()).containsExactly(ProblemCode.EXTRACTION_TIMEOUT);
            assertThat(v.problems().get(0).message()).startsWith("long-dossier.pdf took too long to read");

            Extraction next = x.extract(Fixtures.path("certificat-fr.pdf"), "certificat-fr.pdf", KindRule.forms()).block();
            assertThat(next.status()).isEqualTo(Extraction.Status.COMPLETE);
            assertThat(DocumentValidator.validate(next, KindRule.forms()).valid()).isTrue();
        }
    }

    @Test
    void theSameDocumentCompletesWithinTheDefaultLimit() {
        try (TikaExtractor x = TikaExtractor.create(ExtractorConfig.defaults().withThreads(1))) {
            Extraction e = x.extract(manyPages, "many-pages.pdf", LONG_PLANS).block();
            assertThat(e.status()).isEqualTo(Extraction.Status.COMPLETE);
            assertThat(e.metadata().pageCount()).isEqualTo(5000);
            assertThat(e.text().split("Page du dossier de demande", -1)).hasSize(5001); // every page read
            assertThat(DocumentValidator.validate(e, LONG_PLANS).codes()).isEmpty();
        }
    }

    @Test
    void textBeyondTheOutputLimitIsCutWithAWarning() {
        try (TikaExtractor x = TikaExtractor.create(ExtractorConfig.defaults().withThreads(1).withMaxTextChars(300))) {
            Extraction e = x.extract(Fixtures.path("demande-ar.pdf"), "demande-ar.pdf", KindRule.forms()).block();
            assertThat(e.status()).isEqualTo(Extraction.Status.COMPLETE);
            assertThat(e.textTruncated()).isTrue();
            assertThat(e.text().length()).isLessThanOrEqualTo(300).isGreaterThan(200);
            assertThat(e.text()).startsWith("طلب رخصة البناء");
            Validation v = DocumentValidator.validate(e, KindRule.forms());
            assertThat(v.valid()).isTrue();
            assertThat(v.codes()).containsExactly(ProblemCode.OUTPUT_TOO_LARGE);

            Extraction big = x.extract(manyPages, "many-pages.pdf", LONG_PLANS).block();
            assertThat(big.textTruncated()).isTrue();
            assertThat(big.elapsed()).as("parsing stops at the limit").isLessThan(Duration.ofSeconds(3));
        }
    }

    @Test
    void aFullQueueIsRefusedAsBusy() throws Exception {
        ExtractorConfig config = ExtractorConfig.defaults().withThreads(1).withQueueCapacity(1);
        try (TikaExtractor x = TikaExtractor.create(config)) {
            // Submitted back to back (merge subscribes to them in turn, at once): one runs, one waits in the queue,
            // one finds it full. (Spaced out by 150 ms, as before, a warm parser had finished the first already.)
            List<Mono<Extraction>> three = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                three.add(Mono.defer(() -> x.extract(manyPages, "many-pages.pdf", LONG_PLANS)));
            }
            List<Object> outcomes = Flux.merge(three.stream()
                            .map(m -> m.<Object>map(e -> e.status()).onErrorResume(t -> Mono.just(t))).toList())
                    .collectList().block(Duration.ofMinutes(2));
            assertThat(outcomes).hasSize(3);
            assertThat(outcomes).filteredOn(o -> o == Extraction.Status.COMPLETE).hasSize(2);
            assertThat(outcomes).filteredOn(IngestException.class::isInstance).singleElement()
                    .satisfies(t -> assertThat(((IngestException) t).code()).isEqualTo(IngestException.EXTRACTOR_BUSY));
        }
    }

    @Test
    void aCancelledExtractionFreesItsThread() throws Exception {
        try (TikaExtractor x = TikaExtractor.create(ExtractorConfig.defaults().withThreads(1))) {
            StepVerifier.create(x.extract(longDocument, "long-dossier.pdf", LONG_PLANS))
                    .thenAwait(Duration.ofMillis(200))
                    .thenCancel()
                    .verify();
            long start = System.nanoTime();
            Extraction next = x.extract(Fixtures.path("certificat-fr.pdf"), "certificat-fr.pdf", KindRule.forms())
                    .block(Duration.ofSeconds(30));
            assertThat(next.status()).isEqualTo(Extraction.Status.COMPLETE);
            // the only thread was not left parsing the 30,000 pages of the cancelled document
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void aClosedExtractorSaysSo() {
        TikaExtractor x = TikaExtractor.create(ExtractorConfig.defaults().withThreads(1));
        x.close();
        StepVerifier.create(x.extract(Fixtures.path("certificat-fr.pdf"), "certificat-fr.pdf", KindRule.forms()))
                .expectErrorSatisfies(t -> assertThat(((IngestException) t).code())
                        .isEqualTo(IngestException.EXTRACTOR_CLOSED))
                .verify();
    }

    @Test
    void invalidConfigurationIsRefused() {
        assertThatThrownBy(() -> ExtractorConfig.defaults().withThreads(0))
                .isInstanceOf(IngestException.class).extracting(e -> ((IngestException) e).code())
                .isEqualTo(IngestException.INVALID_CONFIG);
        assertThatThrownBy(() -> ExtractorConfig.defaults().withOcr(true, "ara;rm -rf", "tesseract"))
                .isInstanceOf(IngestException.class);
        assertThatThrownBy(() -> KindRule.plans().withPages(5, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KindRule.plans().withAcceptedTypes(Set.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
