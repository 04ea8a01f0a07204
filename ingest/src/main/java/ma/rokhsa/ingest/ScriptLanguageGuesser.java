package ma.rokhsa.ingest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A cheap language guess for Moroccan documents: Arabic script is "ar", Tifinagh is "zgh", Latin script
 * is "fr" or "en" by their function words and accents. Tika's language-detector modules are not served
 * in this build; for the languages a commune receives the script settles almost every case. Every
 * language holding at least 15% of the letters is listed, dominant first (bilingual forms are common).
 * Stateless and thread-safe.
 */
final class ScriptLanguageGuesser {

    static final int MIN_LETTERS = 20;

    private static final Set<String> FRENCH = Set.of("le", "la", "les", "de", "des", "du", "et", "en", "un",
            "une", "pour", "par", "au", "aux", "sur", "dans", "est", "que", "qui", "ne", "pas", "ni", "à", "d", "l");
    private static final Set<String> ENGLISH = Set.of("the", "and", "of", "to", "in", "is", "for", "that", "with",
            "on", "by", "this", "are", "be", "or", "it", "as", "from");

    private static final int LONGEST_WORD = 4;
    private static final String FRENCH_ACCENTS = "éèêëàâçùûîïôœÉÈÊÀÇ";

    private ScriptLanguageGuesser() {
    }

    static List<String> guess(String text) {
        long arabic = 0;
        long latin = 0;
        long tifinagh = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            byte script = Scripts.letterScript(cp);
            if (script == Scripts.ARABIC) {
                arabic++;
            } else if (script == Scripts.LATIN) {
                latin++;
            } else if (script == Scripts.TIFINAGH) {
                tifinagh++;
            }
        }
        long total = arabic + latin + tifinagh;
        if (total < MIN_LETTERS) {
            return List.of();
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("ar", arabic);
        counts.put(latin > 0 ? latinLanguage(text) : "fr", latin);
        counts.put("zgh", tifinagh);
        List<String> result = new ArrayList<>();
        counts.entrySet().stream()
                .filter(e -> e.getValue() * 100 >= total * 15L)
                .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
                .forEach(e -> result.add(e.getKey()));
        return result;
    }

    /**
     * French or English, by their short function words (runs of Latin letters of at most {@value #LONGEST_WORD}
     * characters, which is all the lists hold) and by French accents; one pass, no copy of the text.
     */
    private static String latinLanguage(String text) {
        int fr = 0;
        int en = 0;
        int start = -1;
        for (int i = 0; i <= text.length(); ) {
            int cp = i < text.length() ? text.codePointAt(i) : ' ';
            boolean latin = Scripts.letterScript(cp) == Scripts.LATIN;
            if (latin && start < 0) {
                start = i;
            } else if (!latin && start >= 0) {
                if (i - start <= LONGEST_WORD) {
                    String word = text.substring(start, i).toLowerCase(Locale.ROOT);
                    fr += FRENCH.contains(word) ? 1 : 0;
                    en += ENGLISH.contains(word) ? 1 : 0;
                }
                start = -1;
            }
            if (cp >= 0xC0 && FRENCH_ACCENTS.indexOf(cp) >= 0) {
                fr++;
            }
            i += i < text.length() ? Character.charCount(cp) : 1;
        }
        return en > fr ? "en" : "fr";
    }
}
