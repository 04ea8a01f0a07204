package ma.rokhsa.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import reactor.test.StepVerifier;

/**
 * Every fixture through extraction and validation, with its exact outcome: status and problem codes.
 * Run in process ({@link InProcessCorpusTest}) and in worker processes ({@link ForkedCorpusIT}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class CorpusContract {

    @TempDir
    static Path generated;

    TikaExtractor extractor;

    abstract ExtractorConfig config();

    @BeforeAll
    void start() throws IOException {
        extractor = TikaExtractor.create(config());
        extractor.warmUp().block();
        FixtureFactory.manyPages(generated.resolve("many-pages.pdf"), 5000);
        FixtureFactory.javascriptLink(generated.resolve("javascript-link.pdf"));
        FixtureFactory.attachmentAnnotation(generated.resolve("attachment-annotation.pdf"));
        try (PDDocument none = new PDDocument()) {
            none.save(generated.resolve("no-page.pdf").toFile());
        }
    }

    @AfterAll
    void stop() {
        extractor.close();
    }

    static KindRule rule(String kind) {
        return switch (kind) {
            case "plans" -> KindRule.plans();
            case "forms" -> KindRule.forms();
            case "photos" -> KindRule.photos();
            default -> throw new IllegalArgumentException(kind);
        };
    }

    static Stream<Arguments> corpus() {
        return Stream.of(
                // fixture, kind, status, problem codes (errors first)
                Arguments.of("demande-ar.pdf", "forms", "COMPLETE", ""),
                Arguments.of("demande-ar.pdf", "plans", "COMPLETE", ""),
                Arguments.of("certificat-fr.pdf", "forms", "COMPLETE", ""),
                Arguments.of("certificat-fr.pdf", "photos", "NOT_PARSED", "TYPE_NOT_ACCEPTED"),
                Arguments.of("demande-ar-scan.pdf", "plans", "COMPLETE", ""),
                Arguments.of("demande-ar-scan.jpg", "photos", "COMPLETE", ""),
                Arguments.of("demande-ar-scan.jpg", "plans", "NOT_PARSED", "TYPE_NOT_ACCEPTED"),
                Arguments.of("photo.png", "photos", "COMPLETE", ""),
                Arguments.of("encrypted.pdf", "plans", "NOT_PARSED", "ENCRYPTED_PDF"),
                Arguments.of("encrypted.pdf", "forms", "NOT_PARSED", "ENCRYPTED_PDF"),
                Arguments.of("restricted.pdf", "forms", "COMPLETE", "RESTRICTED_PDF"),
                Arguments.of("truncated.pdf", "forms", "NOT_PARSED", "CORRUPT_PDF"),
                Arguments.of("truncated.pdf", "plans", "NOT_PARSED", "CORRUPT_PDF"),
                Arguments.of("garbled.pdf", "plans", "COMPLETE", "TEXT_UNREADABLE"),
                Arguments.of("garbled.pdf", "forms", "COMPLETE", "NO_TEXT_LAYER"),
                Arguments.of("elf-executable.pdf", "plans", "NOT_PARSED", "EXECUTABLE_REFUSED"),
                Arguments.of("png-named.pdf", "plans", "NOT_PARSED", "CONTENT_MISMATCH"),
                Arguments.of("png-named.jpg", "photos", "COMPLETE", "CONTENT_MISMATCH"),
                Arguments.of("empty.pdf", "plans", "NOT_PARSED", "EMPTY_FILE"),
                Arguments.of("javascript.pdf", "forms", "NOT_PARSED", "PDF_JAVASCRIPT"),
                Arguments.of("embedded-file.pdf", "forms", "NOT_PARSED", "PDF_EMBEDDED_FILES"),
                Arguments.of("zip-bomb.zip", "plans", "NOT_PARSED", "ARCHIVE_REFUSED"),
                Arguments.of("zip-bomb.pdf", "plans", "NOT_PARSED", "ARCHIVE_REFUSED"),
                Arguments.of("zip-bomb.pdf", "forms", "NOT_PARSED", "ARCHIVE_REFUSED"),
                Arguments.of("plan-a0.pdf", "plans", "COMPLETE", ""),
                Arguments.of("plan-a0.pdf", "forms", "NOT_PARSED", "SHEET_SIZE_NOT_ACCEPTED"),
                Arguments.of("plans.docx", "plans", "NOT_PARSED", "TYPE_NOT_ACCEPTED"),
                Arguments.of("@many-pages.pdf", "plans", "NOT_PARSED", "TOO_MANY_PAGES"),
                Arguments.of("@javascript-link.pdf", "forms", "NOT_PARSED", "PDF_JAVASCRIPT"),
                Arguments.of("@attachment-annotation.pdf", "forms", "NOT_PARSED", "PDF_EMBEDDED_FILES"),
                Arguments.of("@no-page.pdf", "plans", "NOT_PARSED", "TOO_FEW_PAGES"));
    }

    static Path file(String name) {
        return name.startsWith("@") ? generated.resolve(name.substring(1)) : Fixtures.path(name);
    }

    Validation extractAndValidate(String name, KindRule rule, Extraction.Status status) {
        Extraction e = extractor.extract(file(name), name.replace("@", ""), rule).block(Duration.ofMinutes(2));
        assertThat(e).isNotNull();
        assertThat(e.status()).as("status of %s (%s)", name, e.detail()).isEqualTo(status);
        return DocumentValidator.validate(e, rule);
    }

    @ParameterizedTest(name = "{0} as {1}: {2} {3}")
    @MethodSource("corpus")
    void exactOutcome(String name, String kind, String status, String codes) {
        Validation v = extractAndValidate(name, rule(kind), Extraction.Status.valueOf(status));
        List<ProblemCode> expected = codes.isEmpty() ? List.of()
                : Arrays.stream(codes.split(" ")).map(ProblemCode::valueOf).toList();
        assertThat(v.codes()).as("problems of %s as %s: %s", name, kind, v.problems()).isEqualTo(expected);
        assertThat(v.problems()).allSatisfy(p -> assertThat(p.message()).contains(name.replace("@", "")));
    }

    @ParameterizedTest(name = "{0} as forms with OCR")
    @MethodSource("scans")
    void scansAreReadByOcr(String name) {
        assumeTrue(extractor.ocrAvailable(), () -> "OCR tests skipped: " + extractor.ocrStatus());
        Extraction e = extractor.extract(Fixtures.path(name), name, KindRule.forms()).block(Duration.ofMinutes(2));
        assertThat(e.status()).isEqualTo(Extraction.Status.COMPLETE);
        assertThat(e.ocrUsed()).isTrue();
        assertThat(e.ocrPages()).isEqualTo(1);
        assertThat(e.language()).isEqualTo("ar");
        assertThat(DocumentValidator.validate(e, KindRule.forms()).codes()).isEmpty();
    }

    static Stream<String> scans() {
        return Stream.of("demande-ar-scan.pdf", "demande-ar-scan.jpg");
    }

    @Test
    void aKindThatAcceptsWordDocumentsGetsTheirText() {
        KindRule notes = KindRule.forms().withName("notes").withAcceptedTypes(
                java.util.Set.of("application/vnd.openxmlformats-officedocument.wordprocessingml.document"));
        Extraction e = extractor.extract(Fixtures.path("plans.docx"), "note.docx", notes).block();
        assertThat(e.status()).isEqualTo(Extraction.Status.COMPLETE);
        assertThat(e.text()).contains("Note de présentation du projet");
        assertThat(e.language()).isEqualTo("fr");
        assertThat(DocumentValidator.validate(e, notes).codes()).isEmpty();
    }

    @Test
    void passwordMessageTellsWhatToDo() {
        Validation v = extractAndValidate("encrypted.pdf", KindRule.plans(), Extraction.Status.NOT_PARSED);
        assertThat(v.valid()).isFalse();
        assertThat(v.problems().get(0).message()).startsWith(
                "encrypted.pdf is password-protected: upload it without a password");
    }

    @Test
    void hugePageCountIsRefusedWithoutReadingThePages() {
        Extraction e = extractor.extract(file("@many-pages.pdf"), "many-pages.pdf", KindRule.plans()).block();
        assertThat(e.metadata().pageCount()).isEqualTo(5000);
        assertThat(e.text()).isEmpty();
        assertThat(e.elapsed()).isLessThan(Duration.ofSeconds(5));
        assertThat(DocumentValidator.validate(e, KindRule.plans()).problems().get(0).message())
                .isEqualTo("many-pages.pdf has 5000 pages; plans accept at most 500: split it into several files and"
                        + " upload each.");
    }

    @Test
    void reactivePathCompletesWithTheExtraction() {
        StepVerifier.create(extractor.extract(Fixtures.path("certificat-fr.pdf"), "certificat-fr.pdf", KindRule.forms()))
                .assertNext(e -> assertThat(e.text()).contains("Certificat de propriété"))
                .verifyComplete();
        StepVerifier.create(extractor.extract(Fixtures.path("empty.pdf").resolveSibling("missing.pdf"), "missing.pdf", KindRule.forms()))
                .expectErrorSatisfies(t -> assertThat(t).isInstanceOf(IngestException.class)
                        .extracting(x -> ((IngestException) x).code()).isEqualTo(IngestException.FILE_UNREADABLE))
                .verify();
    }
}
