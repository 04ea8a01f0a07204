package ma.rokhsa.indexer;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Parses what a person types into words, phrases, identifiers and exclusions. Nothing typed ever
 * reaches the engine as query syntax: the result is turned into structured queries by
 * {@link SearchRequests}. Rejects, with {@link IndexerException.Code#QUERY_TOO_LONG} or
 * {@link IndexerException.Code#BAD_QUERY}, what cannot be searched as typed. Stateless.
 */
final class QueryParser {

    static final int MAX_CLAUSES = 32;
    /** A reference or title-deed number: letter/digit groups joined by '/' or '-', with a digit somewhere. */
    private static final Pattern IDENTIFIER = Pattern.compile("[\\p{L}\\p{N}]+(?:[/-][\\p{L}\\p{N}]+)+");
    private static final Pattern HAS_DIGIT = Pattern.compile(".*\\p{N}.*");

    /** The parts of a query; all lists are in typing order. */
    record ParsedQuery(List<String> words, List<String> phrases, List<String> identifiers,
                       List<String> excludedWords, List<String> excludedPhrases, List<String> excludedIdentifiers) {

        boolean hasPositive() {
            return !words.isEmpty() || !phrases.isEmpty() || !identifiers.isEmpty();
        }

        boolean isEmpty() {
            return !hasPositive() && excludedWords.isEmpty() && excludedPhrases.isEmpty() && excludedIdentifiers.isEmpty();
        }
    }

    private QueryParser() {
    }

    static ParsedQuery parse(String typed) {
        List<String> words = new ArrayList<>();
        List<String> phrases = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        List<String> notWords = new ArrayList<>();
        List<String> notPhrases = new ArrayList<>();
        List<String> notIds = new ArrayList<>();
        ParsedQuery parsed = new ParsedQuery(words, phrases, ids, notWords, notPhrases, notIds);
        if (typed == null || typed.isBlank()) {
            return parsed;
        }
        if (typed.length() > SearchQuery.MAX_QUERY_LENGTH) {
            throw new IndexerException(IndexerException.Code.QUERY_TOO_LONG,
                    "The search text is " + typed.length() + " characters long; shorten it to at most "
                            + SearchQuery.MAX_QUERY_LENGTH + " (a few words or a reference number are enough)",
                    Map.of("length", typed.length(), "maxLength", SearchQuery.MAX_QUERY_LENGTH), null);
        }
        String text = normalise(typed);

        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            boolean negated = false;
            if (c == '-' && i + 1 < n && !Character.isWhitespace(text.charAt(i + 1))) {
                negated = true;
                i++;
                c = text.charAt(i);
            }
            if (c == '"') {
                int close = text.indexOf('"', i + 1);
                if (close < 0) {
                    throw new IndexerException(IndexerException.Code.BAD_QUERY,
                            "The search text has an opening quote without a closing one: close the phrase with \" or remove the quote",
                            Map.of("position", i), null);
                }
                String phrase = text.substring(i + 1, close).strip().replaceAll("\\s+", " ");
                if (hasSearchableChar(phrase)) {
                    (negated ? notPhrases : phrases).add(phrase);
                }
                i = close + 1;
                continue;
            }
            int end = i;
            while (end < n && !Character.isWhitespace(text.charAt(end)) && text.charAt(end) != '"') {
                end++;
            }
            String token = trimPunctuation(text.substring(i, end));
            i = end;
            if (token.isEmpty()) {
                continue;
            }
            if (IDENTIFIER.matcher(token).matches() && HAS_DIGIT.matcher(token).matches()) {
                (negated ? notIds : ids).add(token);
            } else {
                (negated ? notWords : words).add(token);
            }
        }
        int clauses = words.size() + phrases.size() + ids.size() + notWords.size() + notPhrases.size() + notIds.size();
        if (clauses > MAX_CLAUSES) {
            throw new IndexerException(IndexerException.Code.BAD_QUERY,
                    "The search text has " + clauses + " words and phrases; use at most " + MAX_CLAUSES,
                    Map.of("clauses", clauses, "maxClauses", MAX_CLAUSES), null);
        }
        if (parsed.isEmpty()) {
            throw new IndexerException(IndexerException.Code.BAD_QUERY,
                    "The search text has no word, number or phrase to look for: type at least one word",
                    Map.of(), null);
        }
        return parsed;
    }

    /**
     * NFKC folds Arabic presentation forms and full-width characters to plain letters; typographic
     * quotes become '"'. Control characters, unpaired surrogates, private-use and unassigned code
     * points are refused.
     */
    private static String normalise(String typed) {
        for (int i = 0; i < typed.length(); ) {
            int cp = typed.codePointAt(i);
            int type = Character.getType(cp);
            boolean whitespaceControl = cp == '\t' || cp == '\n' || cp == '\r';
            if (!whitespaceControl && (type == Character.CONTROL || type == Character.SURROGATE
                    || type == Character.PRIVATE_USE || type == Character.UNASSIGNED)) {
                throw new IndexerException(IndexerException.Code.BAD_QUERY,
                        "The search text contains a character that cannot be searched (U+"
                                + String.format("%04X", cp) + " at position " + i + "): remove it",
                        Map.of("codePoint", cp, "position", i), null);
            }
            i += Character.charCount(cp);
        }
        String text = Normalizer.normalize(typed, Normalizer.Form.NFKC);
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.getType(c) == Character.FORMAT) {
                // bidi marks and soft hyphens pasted from a PDF: invisible, and they would split or glue words
                if (DocumentJson.separatesWords(c)) {
                    out.append(' ');
                }
                continue;
            }
            switch (c) {
                case '\u201C', '\u201D', '\u201E', '\u00AB', '\u00BB' -> out.append('"');
                case '\u2212', '\u2013' -> out.append('-'); // minus sign and en dash typed as exclusion
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** Strips leading/trailing characters that are neither letters, marks nor digits. */
    private static String trimPunctuation(String token) {
        int start = 0;
        int end = token.length();
        while (start < end && !isWordChar(token.codePointAt(start))) {
            start += Character.charCount(token.codePointAt(start));
        }
        while (end > start && !isWordChar(token.codePointBefore(end))) {
            end -= Character.charCount(token.codePointBefore(end));
        }
        return token.substring(start, end);
    }

    private static boolean hasSearchableChar(String s) {
        return s.codePoints().anyMatch(QueryParser::isWordChar);
    }

    private static boolean isWordChar(int cp) {
        return Character.isLetterOrDigit(cp) || Character.getType(cp) == Character.NON_SPACING_MARK;
    }
}
