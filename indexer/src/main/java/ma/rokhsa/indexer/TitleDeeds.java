package ma.rokhsa.indexer;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds Moroccan title-deed numbers ({@code titre foncier} / {@code الرسم العقاري}), e.g.
 * {@code 48213/10} or {@code 12345/C}, in extracted text, so search matches them exactly through a
 * keyword field. Arabic-Indic digits are folded to ASCII first. Dates ({@code 12/03/2026}) and plan
 * scales ({@code 1/100}) are not taken. Stateless.
 */
final class TitleDeeds {

    static final int MAX_PER_DOCUMENT = 50;
    private static final Pattern DEED = Pattern.compile(
            "(?<![\\p{N}/])(\\d{2,7})/(\\d{1,3}|[A-Za-z]{1,2})(?![\\p{N}\\p{L}/])");

    private TitleDeeds() {
    }

    static Set<String> find(String text) {
        Set<String> found = new LinkedHashSet<>();
        if (text == null || text.isEmpty()) {
            return found;
        }
        Matcher m = DEED.matcher(asciiDigits(text));
        while (m.find() && found.size() < MAX_PER_DOCUMENT) {
            found.add(m.group(1) + "/" + m.group(2).toUpperCase(Locale.ROOT));
        }
        return found;
    }

    /** Folds every Unicode decimal digit (Arabic-Indic, Eastern Arabic...) to 0-9. */
    static String asciiDigits(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c > '9' && Character.isDigit(c)) {
                if (out == null) {
                    out = new StringBuilder(text);
                }
                out.setCharAt(i, (char) ('0' + Character.digit(c, 10)));
            }
        }
        return out == null ? text : out.toString();
    }
}
