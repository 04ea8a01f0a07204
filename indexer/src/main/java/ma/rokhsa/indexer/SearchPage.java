package ma.rokhsa.indexer;

import java.util.List;

/**
 * One page of search results, all computed inside the caller's {@link Scope}.
 *
 * @param total      number of matching documents in scope (exact)
 * @param hits       this page's hits, best first (newest first for a blank query)
 * @param facets     counts per value over all matching documents in scope
 * @param tookMillis time the engine spent
 */
public record SearchPage(long total, List<Hit> hits, Facets facets, long tookMillis) {

    /**
     * @param highlights fragments of the document text around the matches, HTML-escaped, with the
     *                   matched words in {@code <mark>...</mark>}; safe to insert as HTML
     */
    public record Hit(String documentId, String dossierId, String reference, String fileName, String kind,
                      double score, List<String> highlights) {
    }

    /** Facets on dossier type, status, commune (key = code, label = name) and document kind. */
    public record Facets(List<Bucket> type, List<Bucket> status, List<Bucket> commune, List<Bucket> kind) {
    }

    /** @param label display name when the engine has one (commune names), else the key */
    public record Bucket(String key, String label, long count) {
    }
}
