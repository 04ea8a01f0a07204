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

    private ScriptLanguageGuesser() {
    }

    static List<String> guess(String text) {
        long arabic = 0;
        long latin = 0;
        long tifinagh = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (!Character.isLetter(cp)) {
                continue;
            }
            Character.UnicodeScript script = Character.UnicodeScript.of(cp);
            if (script == Character.UnicodeScript.ARABIC) {
                arabic++;
            } else if (script == Character.UnicodeScript.LATIN) {
                latin++;
            } else if (script == Character.UnicodeScript.TIFINAGH) {
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

    private static String latinLanguage(String text) {
        int fr = 0;
        int en = 0;
        for (String token : text.toLowerCase(Locale.ROOT).split("[^\\p{IsLatin}]+")) {
            if (FRENCH.contains(token)) {
                fr++;
            }
            if (ENGLISH.contains(token)) {
                en++;
            }
        }
        for (int i = 0; i < text.length(); i++) {
            if ("éèêëàâçùûîïôœÉÈÊÀÇ".indexOf(text.charAt(i)) >= 0) {
                fr++;
            }
        }
        return en > fr ? "en" : "fr";
    }
}
