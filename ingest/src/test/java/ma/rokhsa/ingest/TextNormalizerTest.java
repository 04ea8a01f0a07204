package ma.rokhsa.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextNormalizerTest {

    @Test
    void arabicPresentationFormsBecomeLogicalLetters() {
        // "طلب رخصة البناء" as a PDF's glyphs map it: initial/medial/final forms and the lam-alef ligature.
        String glyphs = "\uFEC3\uFEE0\uFE8F \uFEAE\uFEA8\uFEBC\uFE93 \uFE8D\uFEDF\uFE92\uFEE8\uFE8E\uFE80";
        assertThat(TextNormalizer.normalize(glyphs)).isEqualTo("طلب رخصة البناء");
        assertThat(TextNormalizer.normalize("\uFEFB")).isEqualTo("\u0644\u0627"); // lam-alef ligature: two letters
        assertThat(TextNormalizer.normalize("\uFDF2")).isEqualTo("الله");
    }

    @Test
    void noPresentationFormSurvives() {
        StringBuilder all = new StringBuilder();
        for (int cp = 0xFB50; cp <= 0xFDFF; cp++) {
            all.appendCodePoint(cp).append(' ');
        }
        for (int cp = 0xFE70; cp <= 0xFEFF; cp++) {
            all.appendCodePoint(cp).append(' ');
        }
        String out = TextNormalizer.normalize(all);
        assertThat(out.codePoints().filter(cp -> (cp >= 0xFB50 && cp <= 0xFDFF) || (cp >= 0xFE70 && cp <= 0xFEFF)))
                .isEmpty();
        assertThat(out).contains("بسم الله الرحمن الرحيم", "لا", "ب");
    }

    @Test
    void frenchAccentsAreKeptAndComposed() {
        assertThat(TextNormalizer.normalize("De\u0301livre\u0301 a\u0300 Azilal")).isEqualTo("Délivré à Azilal");
        assertThat(TextNormalizer.normalize("hypothèque, dénommé « Bled Tiguemi »"))
                .isEqualTo("hypothèque, dénommé « Bled Tiguemi »");
        assertThat(TextNormalizer.normalize("ﬁnance")).isEqualTo("finance");
    }

    @Test
    void invisibleFormattingAndTatweelAreDropped() {
        assertThat(TextNormalizer.normalize("\u200Fطلب\u200E \u202Bرخصة\u202C")).isEqualTo("طلب رخصة");
        assertThat(TextNormalizer.normalize("البـــناء")).isEqualTo("البناء");
        assertThat(TextNormalizer.normalize("\uFEFFa\u200Bb\u00ADc")).isEqualTo("abc");
    }

    @Test
    void whitespaceCollapsesButLinesAndParagraphsStay() {
        assertThat(TextNormalizer.normalize("  a \t b\u00A0\u00A0c  \r\n  d\n\n\n\n e  \n")).isEqualTo("a b c\nd\n\ne");
        assertThat(TextNormalizer.normalize("\n\n\n")).isEmpty();
    }
}
