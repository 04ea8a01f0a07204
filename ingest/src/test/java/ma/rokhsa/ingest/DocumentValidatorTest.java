package ma.rokhsa.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** Decisions of the validator on facts, where the corpus has no file for the case. */
class DocumentValidatorTest {

    private static Extraction pdf(DocumentMetadata m, Extraction.Status status, String text) {
        return new Extraction("plans.pdf", 1000, "application/pdf", "application/pdf", status, null, text, false, false,
                0, false, List.of(), 0, m, Duration.ZERO);
    }

    /** A PDF of {@code pages} A4 pages, the given ones scanned, read on a server with or without OCR. */
    private static Extraction scan(int pages, List<Integer> scanned, boolean ocrUnavailable, int ocrPages,
                                   double garbled, String text) {
        List<PageSize> sizes = new ArrayList<>();
        for (int i = 1; i <= pages; i++) {
            sizes.add(PageSize.of(i, 210, 297));
        }
        DocumentMetadata m = new DocumentMetadata(pages, sizes, "1.7", null, null, null, null, false, false, false,
                false, List.of(), scanned, List.of());
        return new Extraction("demande.pdf", 1000, "application/pdf", "application/pdf", Extraction.Status.COMPLETE,
                null, text, false, ocrPages > 0, ocrPages, ocrUnavailable, List.of(), garbled, m, Duration.ZERO);
    }

    private static DocumentMetadata pages(PageSize... sizes) {
        return new DocumentMetadata(sizes.length, List.of(sizes), "1.7", null, null, null, null, false, false, false,
                false, List.of(), List.of(), List.of());
    }

    @Test
    void sheetProblemsListTheOffendingPages() {
        List<PageSize> sizes = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            sizes.add(PageSize.of(i, 1189, 841));
        }
        sizes.add(PageSize.of(9, 210, 297));
        KindRule a3 = KindRule.plans().withSheets(Set.of(SheetFormat.A4, SheetFormat.A3), 0);
        Validation v = DocumentValidator.validate(pdf(pages(sizes.toArray(PageSize[]::new)),
                Extraction.Status.COMPLETE, ""), a3);
        assertThat(v.codes()).containsExactly(ProblemCode.SHEET_SIZE_NOT_ACCEPTED);
        assertThat(v.problems().get(0).message()).isEqualTo("plans.pdf: page 1 is A0 landscape, 1189 x 841 mm;"
                + " page 2 is A0 landscape, 1189 x 841 mm; page 3 is A0 landscape, 1189 x 841 mm; page 4 is A0"
                + " landscape, 1189 x 841 mm; page 5 is A0 landscape, 1189 x 841 mm; and 3 more. Plans accept A4, A3:"
                + " print or export those pages to an accepted size.");
    }

    @Test
    void tooFewPages() {
        KindRule two = KindRule.plans().withPages(2, 10);
        Validation v = DocumentValidator.validate(pdf(pages(PageSize.of(1, 210, 297)), Extraction.Status.COMPLETE,
                ""), two);
        assertThat(v.codes()).containsExactly(ProblemCode.TOO_FEW_PAGES);
        assertThat(v.problems().get(0).message()).isEqualTo(
                "plans.pdf has 1 page; plans need at least 2: upload the complete document.");
    }

    @Test
    void aDocumentNeverReadIsNeverValid() {
        Validation v = DocumentValidator.validate(pdf(pages(PageSize.of(1, 210, 297)), Extraction.Status.NOT_PARSED,
                ""), KindRule.plans());
        assertThat(v.valid()).isFalse();
        assertThat(v.codes()).containsExactly(ProblemCode.EXTRACTION_FAILED);
    }

    @Test
    void anExtractionCutFromOutsideReportsOnlyTheTimeout() {
        Validation v = DocumentValidator.validate(Extraction.timedOut("plans.pdf", Duration.ofSeconds(125)),
                KindRule.plans());
        assertThat(v.codes()).containsExactly(ProblemCode.EXTRACTION_TIMEOUT);
    }

    @Test
    void errorsComeBeforeWarnings() {
        DocumentMetadata restrictedWithScript = new DocumentMetadata(1, List.of(PageSize.of(1, 210, 297)), "1.7",
                null, null, null, null, true, false, true, false, List.of(), List.of(), List.of());
        Validation v = DocumentValidator.validate(pdf(restrictedWithScript, Extraction.Status.NOT_PARSED, ""),
                KindRule.plans());
        assertThat(v.codes()).containsExactly(ProblemCode.PDF_JAVASCRIPT, ProblemCode.RESTRICTED_PDF);
        assertThat(v.errors()).hasSize(1);
        assertThat(v.warnings()).hasSize(1);
    }

    @Test
    void requiredTextNeedsReadableLetters() {
        KindRule forms = KindRule.forms();
        String enough = "Certificat de propriété délivré par la conservation foncière d'Azilal";
        assertThat(DocumentValidator.validate(pdf(pages(PageSize.of(1, 210, 297)), Extraction.Status.COMPLETE, enough),
                forms).codes()).isEmpty();
        assertThat(DocumentValidator.validate(pdf(pages(PageSize.of(1, 210, 297)), Extraction.Status.COMPLETE,
                "Page 1"), forms).codes()).containsExactly(ProblemCode.NO_TEXT_LAYER);
    }

    @Test
    void aScanLeftUnreadForWantOfOcrIsAcceptedWithAWarningEvenWhereTextIsRequired() {
        Extraction e = scan(1, List.of(1), true, 0, 0, "");
        Validation v = DocumentValidator.validate(e, KindRule.forms());
        assertThat(v.valid()).isTrue();
        assertThat(v.codes()).containsExactly(ProblemCode.OCR_UNAVAILABLE);
        assertThat(v.warnings().get(0).message()).isEqualTo("demande.pdf looks like a scan: its text could not be"
                + " read because character recognition (OCR) is not available on this server. It was accepted, but"
                + " search will not find its words until it is read; it will be read automatically once OCR is"
                + " turned on.");
        // A kind that allows OCR without requiring text gets the same warning.
        assertThat(DocumentValidator.validate(e, KindRule.forms().withText(false, true)).codes())
                .containsExactly(ProblemCode.OCR_UNAVAILABLE);
        // A kind never OCR'd (plans) is not waiting for OCR: no warning.
        assertThat(DocumentValidator.validate(e, KindRule.plans()).codes()).isEmpty();
        // Text required and OCR not allowed: the scan cannot pass, whatever the server has.
        Validation noOcr = DocumentValidator.validate(e, KindRule.forms().withText(true, false));
        assertThat(noOcr.codes()).containsExactly(ProblemCode.NO_TEXT_LAYER);
        assertThat(noOcr.errors().get(0).message()).contains("looks like a scan");
    }

    @Test
    void scannedPagesAmongTextPagesAreNamed() {
        String text = "Certificat de propriété délivré par la conservation foncière d'Azilal";
        Validation v = DocumentValidator.validate(scan(9, List.of(2, 3, 4, 5, 6, 8, 9), true, 0, 0, text),
                KindRule.forms());
        assertThat(v.codes()).containsExactly(ProblemCode.OCR_UNAVAILABLE);
        assertThat(v.warnings().get(0).message()).startsWith("demande.pdf has scanned pages 2, 3, 4, 5, 6 and 2 more:"
                + " the text of those pages could not be read because character recognition (OCR) is not available")
                .endsWith("they will be read automatically once OCR is turned on.");
        assertThat(DocumentValidator.validate(scan(2, List.of(2), true, 0, 0, text), KindRule.forms())
                .warnings().get(0).message()).startsWith("demande.pdf has scanned page 2: the text of that page could");
    }

    @Test
    void withOcrAvailableAnUnreadableScanIsStillRejected() {
        Validation v = DocumentValidator.validate(scan(1, List.of(1), false, 1, 0, "ﻻ"), KindRule.forms());
        assertThat(v.codes()).containsExactly(ProblemCode.NO_TEXT_LAYER);
        assertThat(v.errors().get(0).message()).contains("even by character recognition");
    }

    @Test
    void withoutOcrOnlyScannedPagesExcuseMissingText() {
        // No page is a scan (a blank export): OCR would not change anything.
        assertThat(DocumentValidator.validate(scan(1, List.of(), true, 0, 0, ""), KindRule.forms()).codes())
                .containsExactly(ProblemCode.NO_TEXT_LAYER);
        // A garbled text layer is broken whatever the scanned pages hold.
        assertThat(DocumentValidator.validate(scan(2, List.of(2), true, 0, 0.9, "x"), KindRule.forms()).codes())
                .containsExactly(ProblemCode.NO_TEXT_LAYER, ProblemCode.OCR_UNAVAILABLE);
    }
}
