package ma.rokhsa.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Search-free checks of extraction quality against the HTML the sample PDFs were printed from: every
 * paragraph appears, whole and in order; Arabic comes out as logical letters; the OCR'd scan yields the
 * Arabic words of its source.
 */
class ExtractionQualityTest {

    private static TikaExtractor extractor;

    @BeforeAll
    static void start() {
        extractor = TikaExtractor.create(ExtractorConfig.defaults().withThreads(2));
    }

    @AfterAll
    static void stop() {
        extractor.close();
    }

    private static Extraction extract(String name, KindRule rule) {
        return extractor.extract(Fixtures.path(name), name, rule).block();
    }

    private static String flat(String s) {
        return s.replaceAll("\\s+", " ").trim();
    }

    /** Asserts each paragraph occurs in the text after the previous one. */
    private static void assertInOrder(String text, List<String> paragraphs) {
        String flat = flat(text);
        int from = 0;
        for (String p : paragraphs) {
            int at = flat.indexOf(p, from);
            assertThat(at).as("paragraph \"%s\" after offset %d in:%n%s", p, from, flat).isGreaterThanOrEqualTo(0);
            from = at + p.length();
        }
    }

    @Test
    void arabicSentencesComeOutWholeAndInOrder() throws IOException {
        Extraction e = extract("demande-ar.pdf", KindRule.forms());
        List<String> source = Fixtures.sourceParagraphs("demande-ar.html");
        assertThat(source).hasSize(7);
        assertInOrder(e.text(), source);
        assertThat(e.languages()).containsExactly("ar");
        assertThat(e.ocrUsed()).isFalse();
        assertThat(e.garbledRatio()).isLessThan(0.01);
    }

    @Test
    void frenchSentencesKeepTheirAccentsAndOrder() throws IOException {
        Extraction e = extract("certificat-fr.pdf", KindRule.forms());
        List<String> source = Fixtures.sourceParagraphs("certificat-fr.html");
        assertThat(source).contains("Certificat de propriété");
        assertInOrder(e.text(), source);
        assertThat(flat(e.text())).contains("hypothèque", "Délivré", "dénommé « Bled");
        assertThat(e.languages()).containsExactly("fr");
    }

    @ParameterizedTest
    @ValueSource(strings = {"demande-ar.pdf", "certificat-fr.pdf", "garbled.pdf", "restricted.pdf", "plan-a0.pdf",
            "demande-ar-scan.pdf", "demande-ar-scan.jpg"})
    void noPresentationFormCodePointRemains(String name) {
        Extraction e = extract(name, name.endsWith(".jpg") ? KindRule.forms() : KindRule.plans());
        assertThat(e.text().codePoints()
                .filter(cp -> (cp >= 0xFB50 && cp <= 0xFDFF) || (cp >= 0xFE70 && cp <= 0xFEFF))
                .mapToObj(Integer::toHexString).toList()).isEmpty();
        assertThat(e.text()).doesNotContain("\u200E", "\u200F", "\u0640", "\r", "  ");
    }

    @Test
    void pdfMetadataIsRead() {
        Extraction e = extract("demande-ar.pdf", KindRule.forms());
        DocumentMetadata m = e.metadata();
        assertThat(e.mediaType()).isEqualTo("application/pdf");
        assertThat(m.pageCount()).isEqualTo(1);
        assertThat(m.pdfVersion()).isEqualTo("1.4");
        assertThat(m.producer()).isEqualTo("Skia/PDF m156");
        assertThat(m.creator()).startsWith("Mozilla/5.0");
        assertThat(m.title()).isEqualTo("demande-ar.html");
        assertThat(m.created()).isEqualTo(Instant.parse("2026-11-29T04:01:59Z"));
        assertThat(m.pages()).singleElement().satisfies(p -> {
            assertThat(p.format()).isEqualTo(SheetFormat.LETTER);
            assertThat(p.orientation()).isEqualTo(PageSize.Orientation.PORTRAIT);
            assertThat(p.widthMm()).isEqualTo(215.9);
        });
        assertThat(m.encrypted()).isFalse();
        assertThat(m.hasJavaScript()).isFalse();
        assertThat(m.hasEmbeddedFiles()).isFalse();
        assertThat(m.imageOnlyPages()).isEmpty();
        assertThat(m.defects()).isEmpty();
    }

    @Test
    void planSheetIsRecognised() {
        Extraction e = extract("plan-a0.pdf", KindRule.plans());
        assertThat(e.metadata().pages()).singleElement().satisfies(p -> {
            assertThat(p.format()).isEqualTo(SheetFormat.A0);
            assertThat(p.orientation()).isEqualTo(PageSize.Orientation.LANDSCAPE);
        });
        assertThat(e.text()).contains("PLAN DE MASSE - ECHELLE 1/100", "Titre foncier 7731/42");
    }

    @Test
    void scannedPageIsImageOnly() {
        Extraction e = extract("demande-ar-scan.pdf", KindRule.plans()); // plans: no OCR
        assertThat(e.metadata().imageOnlyPages()).containsExactly(1);
        assertThat(e.metadata().producer()).isEqualTo("img2pdf 0.4.4");
        assertThat(e.metadata().pages().get(0).format()).isEqualTo(SheetFormat.NON_STANDARD);
        assertThat(e.ocrUsed()).isFalse();
        assertThat(e.text()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"demande-ar-scan.pdf", "demande-ar-scan.jpg"})
    void ocrOfTheScanYieldsTheArabicWordsOfItsSource(String name) throws IOException {
        assumeTrue(extractor.ocrAvailable(), () -> "OCR test skipped: " + extractor.ocrStatus());
        Extraction e = extract(name, KindRule.forms());
        assertThat(e.ocrUsed()).isTrue();
        Set<String> sourceWords = words(String.join(" ", Fixtures.sourceParagraphs("demande-ar.html")));
        Set<String> ocrWords = words(e.text());
        long found = sourceWords.stream().filter(ocrWords::contains).count();
        double recall = (double) found / sourceWords.size();
        assertThat(recall).as("share of the source's %d Arabic words read by OCR; text:%n%s", sourceWords.size(),
                e.text()).isGreaterThan(0.85);
        assertThat(ocrWords).contains("طلب", "رخصة", "البناء", "أزيلال", "المشروع", "المهندس", "المعماري");
        assertThat(e.languages()).first().isEqualTo("ar");
    }

    /** Arabic words of three letters or more. */
    private static Set<String> words(String text) {
        return Arrays.stream(text.split("[^\\p{IsArabic}]+"))
                .filter(w -> w.codePointCount(0, w.length()) >= 3)
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }
}
