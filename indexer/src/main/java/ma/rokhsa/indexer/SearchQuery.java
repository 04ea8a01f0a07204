package ma.rokhsa.indexer;

import java.time.LocalDate;

/**
 * What a person searches for: the text as typed plus optional filters and a page.
 *
 * <p>Text syntax: words (matched in Arabic and French at once, inflections and diacritics folded),
 * {@code "exact phrases"}, {@code -word} or {@code -"phrase"} to exclude, and reference or
 * title-deed numbers such as {@code BM-2026-000123} or {@code 48213/10}, matched whole. Nothing
 * else is syntax: Lucene operators are plain punctuation. Blank text lists the filtered documents,
 * newest first.
 *
 * @param text        what was typed, or null
 * @param communeCode filter, or null
 * @param type        dossier type filter, or null
 * @param status      dossier status filter, or null
 * @param kind        document kind filter, or null
 * @param from        dossiers filed on or after this day, or null
 * @param to          dossiers filed on or before this day, or null
 * @param page        0-based page number
 * @param size        hits per page, 1..{@value #MAX_PAGE_SIZE}
 */
public record SearchQuery(
        String text,
        String communeCode,
        String type,
        String status,
        String kind,
        LocalDate from,
        LocalDate to,
        int page,
        int size) {

    public static final int MAX_QUERY_LENGTH = 500;
    public static final int MAX_PAGE_SIZE = 100;
    public static final int DEFAULT_PAGE_SIZE = 20;
    /** Deepest hit reachable by paging (the engine's result window). */
    public static final int MAX_RESULT_WINDOW = 10_000;

    public static SearchQuery of(String text) {
        return new SearchQuery(text, null, null, null, null, null, null, 0, DEFAULT_PAGE_SIZE);
    }

    public SearchQuery withCommune(String code) {
        return new SearchQuery(text, code, type, status, kind, from, to, page, size);
    }

    public SearchQuery withType(String value) {
        return new SearchQuery(text, communeCode, value, status, kind, from, to, page, size);
    }

    public SearchQuery withStatus(String value) {
        return new SearchQuery(text, communeCode, type, value, kind, from, to, page, size);
    }

    public SearchQuery withKind(String value) {
        return new SearchQuery(text, communeCode, type, status, value, from, to, page, size);
    }

    public SearchQuery withFiled(LocalDate fromDay, LocalDate toDay) {
        return new SearchQuery(text, communeCode, type, status, kind, fromDay, toDay, page, size);
    }

    public SearchQuery withPage(int number, int pageSize) {
        return new SearchQuery(text, communeCode, type, status, kind, from, to, number, pageSize);
    }
}
