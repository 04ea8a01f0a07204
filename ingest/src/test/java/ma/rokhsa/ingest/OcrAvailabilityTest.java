package ma.rokhsa.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The product runs without Tesseract and says why OCR is off; scans it could not read are accepted with a
 * warning instead of being rejected for want of OCR.
 */
class OcrAvailabilityTest {

    @Test
    void withoutTesseractScansAreAcceptedWithAWarningAndTheServiceSaysWhy() {
        ExtractorConfig config = ExtractorConfig.defaults().withThreads(1)
                .withOcr(true, "ara+fra", "tesseract-not-installed");
        try (TikaExtractor x = TikaExtractor.create(config)) {
            assertThat(x.ocrAvailable()).isFalse();
            assertThat(x.ocrStatus()).contains("OCR is off", "tesseract-not-installed", "not found on the PATH",
                    "tesseract-ocr-ara");
            assertScansWaitForOcr(x);
        }
    }

    /** In process and in worker processes alike (the worker learns OCR is off from its parent). */
    @ParameterizedTest
    @EnumSource(ExtractorConfig.Isolation.class)
    void ocrSwitchedOffLeavesScansUnreadWithAWarning(ExtractorConfig.Isolation isolation) {
        try (TikaExtractor x = TikaExtractor.create(ExtractorConfig.defaults().withThreads(1)
                .withOcr(false, "ara+fra", "tesseract").withIsolation(isolation))) {
            assertScansWaitForOcr(x);
            // Kinds never OCR'd are not waiting for OCR: no warning.
            Extraction plan = x.extract(Fixtures.path("demande-ar-scan.pdf"), "demande-ar-scan.pdf", KindRule.plans())
                    .block();
            assertThat(DocumentValidator.validate(plan, KindRule.plans()).codes()).isEmpty();
            Extraction photo = x.extract(Fixtures.path("demande-ar-scan.jpg"), "demande-ar-scan.jpg", KindRule.photos())
                    .block();
            assertThat(DocumentValidator.validate(photo, KindRule.photos()).codes()).isEmpty();
        }
    }

    /** A scan is accepted as a form, with a warning that says its text is unread and why; text PDFs are unaffected. */
    private static void assertScansWaitForOcr(TikaExtractor x) {
        for (String scan : new String[]{"demande-ar-scan.pdf", "demande-ar-scan.jpg"}) {
            Extraction e = x.extract(Fixtures.path(scan), scan, KindRule.forms()).block();
            assertThat(e.status()).isEqualTo(Extraction.Status.COMPLETE);
            assertThat(e.ocrUsed()).isFalse();
            assertThat(e.ocrUnavailable()).isTrue();
            assertThat(e.text()).isEmpty();
            Validation v = DocumentValidator.validate(e, KindRule.forms());
            assertThat(v.valid()).as(scan + ": " + v.problems()).isTrue();
            assertThat(v.codes()).containsExactly(ProblemCode.OCR_UNAVAILABLE);
            assertThat(v.problems().get(0).severity()).isEqualTo(Problem.Severity.WARNING);
            assertThat(v.problems().get(0).message()).startsWith(scan + " looks like a scan")
                    .contains("character recognition (OCR) is not available", "search will not find");
        }
        Extraction text = x.extract(Fixtures.path("demande-ar.pdf"), "demande-ar.pdf", KindRule.forms()).block();
        assertThat(DocumentValidator.validate(text, KindRule.forms()).codes()).isEmpty();
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
