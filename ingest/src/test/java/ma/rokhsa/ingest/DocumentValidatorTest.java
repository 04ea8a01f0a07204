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
                0, List.of(), 0, m, Duration.ZERO);
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
}
