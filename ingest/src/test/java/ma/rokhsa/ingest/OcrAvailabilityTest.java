package ma.rokhsa.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

/** The product runs without Tesseract and says why OCR is off. */
class OcrAvailabilityTest {

    @Test
    void withoutTesseractScansHaveNoTextAndTheServiceSaysWhy() {
        ExtractorConfig config = ExtractorConfig.defaults().withThreads(1)
                .withOcr(true, "ara+fra", "tesseract-not-installed");
        try (TikaExtractor x = TikaExtractor.create(config)) {
            assertThat(x.ocrAvailable()).isFalse();
            assertThat(x.ocrStatus()).contains("OCR is off", "tesseract-not-installed", "not found on the PATH",
                    "tesseract-ocr-ara");
            for (String scan : new String[]{"demande-ar-scan.pdf", "demande-ar-scan.jpg"}) {
                Extraction e = x.extract(Fixtures.path(scan), scan, KindRule.forms()).block();
                assertThat(e.status()).isEqualTo(Extraction.Status.COMPLETE);
                assertThat(e.ocrUsed()).isFalse();
                assertThat(e.text()).isEmpty();
                Validation v = DocumentValidator.validate(e, KindRule.forms());
                assertThat(v.codes()).containsExactly(ProblemCode.NO_TEXT_LAYER);
                assertThat(v.problems().get(0).message()).contains(scan, "no text", "forms and certificates");
            }
            // documents with a text layer are not affected
            Extraction text = x.extract(Fixtures.path("demande-ar.pdf"), "demande-ar.pdf", KindRule.forms()).block();
            assertThat(DocumentValidator.validate(text, KindRule.forms()).valid()).isTrue();
        }
    }

    @Test
    void ocrCanBeSwitchedOff() {
        try (TikaExtractor x = TikaExtractor.create(ExtractorConfig.defaults().withThreads(1)
                .withOcr(false, "ara+fra", "tesseract"))) {
            assertThat(x.ocrAvailable()).isFalse();
            assertThat(x.ocrStatus()).isEqualTo("OCR is disabled by configuration");
        }
    }

    @Test
    void aMissingLanguagePackTurnsOcrOffAndIsNamed() {
        try (TikaExtractor probe = TikaExtractor.create(ExtractorConfig.defaults().withThreads(1))) {
            assumeTrue(probe.ocrAvailable(), () -> "needs tesseract: " + probe.ocrStatus());
        }
        try (TikaExtractor x = TikaExtractor.create(ExtractorConfig.defaults().withThreads(1)
                .withOcr(true, "ara+fra+xyz", "tesseract"))) {
            assertThat(x.ocrAvailable()).isFalse();
            assertThat(x.ocrStatus()).contains("language packs missing: xyz", "tesseract-ocr-xyz");
        }
    }

    @Test
    void withTesseractOcrIsOnInTheConfiguredLanguages() {
        try (TikaExtractor x = TikaExtractor.create(ExtractorConfig.defaults().withThreads(1))) {
            assumeTrue(x.ocrAvailable(), () -> "OCR test skipped: " + x.ocrStatus());
            assertThat(x.ocrStatus()).startsWith("OCR is on:").contains("ara+fra").doesNotContain("not limited");
        }
    }
}
