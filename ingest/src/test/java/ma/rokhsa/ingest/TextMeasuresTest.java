package ma.rokhsa.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.sax.BodyContentHandler;
import org.junit.jupiter.api.Test;

/** Language guess and garble measure, on real extractor output. */
class TextMeasuresTest {

    @Test
    void guessesScriptsAndLanguages() {
        assertThat(ScriptLanguageGuesser.guess("يتعلق المشروع ببناء مسكن فردي من طابقين فوق قطعة أرضية"))
                .containsExactly("ar");
        assertThat(ScriptLanguageGuesser.guess("Délivré pour servir à la constitution du dossier de demande"))
                .containsExactly("fr");
        assertThat(ScriptLanguageGuesser.guess("The building permit is issued for the construction of a house"))
                .containsExactly("en");
        assertThat(ScriptLanguageGuesser.guess("طلب رخصة البناء الجماعة الترابية أزيلال. Demande d'autorisation de construire"))
                .containsExactly("ar", "fr");
        assertThat(ScriptLanguageGuesser.guess("ⵜⴰⵎⴰⵣⵉⵖⵜ ⵜⴰⵏⴰⵡⴰⵢⵜ ⴰⵎⴰⵣⵉⵖ ⵜⴰⵎⵙⵙⵓⵔⵜ")).containsExactly("zgh");
        assertThat(ScriptLanguageGuesser.guess("7731/42 — 3")).isEmpty();
    }

    @Test
    void garbledTextOfATruncatedPdfIsMeasuredAsSuch() throws Exception {
        // What plain Tika makes of the truncated fixture: no exception, glyph codes instead of letters.
        String garbled = bareTika(Fixtures.path("truncated.pdf"));
        String clean = bareTika(Fixtures.path("demande-ar.pdf"));
        assertThat(garbled).isNotBlank();
        assertThat(TextQuality.garbledRatio(garbled)).isGreaterThan(DocumentValidator.GARBLED_LIMIT);
        assertThat(TextQuality.garbledRatio(clean)).isLessThan(0.01);
        assertThat(TextQuality.readableLetters(clean)).isGreaterThan(300);
    }

    @Test
    void mixedScriptWordsAndReplacementCharactersCount() {
        assertThat(TextQuality.garbledRatio("abc def")).isZero();
        assertThat(TextQuality.garbledRatio("\uFFFD\uFFFD ab")).isEqualTo(0.5);
        assertThat(TextQuality.garbledRatio("Tقليم")).isEqualTo(1.0);
        assertThat(TextQuality.readableLetters("Tقليم abc")).isEqualTo(3);
    }

    @Test
    void theScriptTableAgreesWithTheJdkOnEveryCodePoint() {
        for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
            Character.UnicodeScript jdk = Character.isLetter(cp) ? Character.UnicodeScript.of(cp) : null;
            byte expected = jdk == Character.UnicodeScript.LATIN ? Scripts.LATIN : jdk == Character.UnicodeScript.ARABIC
                    ? Scripts.ARABIC : jdk == Character.UnicodeScript.TIFINAGH ? Scripts.TIFINAGH : Scripts.OTHER;
            assertThat(Scripts.letterScript(cp)).as("U+%04X", cp).isEqualTo(expected);
        }
    }

    @Test
    void readableLettersStopCountingOnceThereAreEnough() {
        assertThat(TextQuality.readableLetters("abc def ghi")).isEqualTo(9);
        assertThat(TextQuality.readableLetters("abc def ghi", 4)).isEqualTo(6); // whole words: stops after "def"
        assertThat(TextQuality.readableLetters("\uFFFDab Tقليم\tcd\n", 100)).isEqualTo(2);
    }

    private static String bareTika(Path file) throws Exception {
        BodyContentHandler handler = new BodyContentHandler(-1);
        try (TikaInputStream in = TikaInputStream.get(file)) {
            new AutoDetectParser().parse(in, handler, new Metadata(), new ParseContext());
        }
        return handler.toString();
    }
}
