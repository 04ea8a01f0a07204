package ma.rokhsa.indexer;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;

/**
 * Tuning of {@link ElasticsearchDossierIndex}. {@link #defaults()} suits the embedded node on 2 cores
 * and a small production cluster alike.
 *
 * @param alias                 alias the application reads and writes through (indices behind it are
 *                              {@code <alias>-v<templateVersion>-<timestamp>})
 * @param maxBatchDocuments     a bulk request is sent when it holds this many documents...
 * @param maxBatchBytes         ...or this many bytes of JSON...
 * @param flushInterval         ...or when its first document has waited this long
 * @param maxConcurrentRequests bulk requests in flight at once (per {@code index}/{@code ingest} call)
 * @param maxAttempts           tries per document when the engine pushes back (429) or is unreachable
 * @param initialBackoff        first retry delay; doubles each time (with jitter)
 * @param maxBackoff            cap of the retry delay
 * @param refresh               when an {@link IndexResult.Outcome#INDEXED} document becomes searchable (default {@code IMMEDIATE})
 * @param maxTextChars          longer extracted text is cut (the highlighter's analysis limit)
 * @param timeZone              zone of the search date filters (dates are days in this zone)
 */
public record IndexerSettings(
        String alias,
        int maxBatchDocuments,
        long maxBatchBytes,
        Duration flushInterval,
        int maxConcurrentRequests,
        int maxAttempts,
        Duration initialBackoff,
        Duration maxBackoff,
        RefreshMode refresh,
        int maxTextChars,
        ZoneId timeZone) {

    /** When indexed documents become visible to search. */
    public enum RefreshMode {
        /** Each bulk request returns once its documents are searchable ({@code refresh=wait_for}): no extra segments. */
        WAIT_FOR,
        /**
         * An explicit refresh after each bulk request, shared by the batches finishing together (at most
         * one per 200 ms): the request does not hold its concurrency slot while waiting for visibility.
         */
        IMMEDIATE,
        /** Visible at the next periodic refresh (about 1 s); for bulk loads such as a reindex. */
        NONE
    }

    public IndexerSettings {
        Objects.requireNonNull(alias, "alias");
        if (!alias.matches("[a-z0-9][a-z0-9_-]*")) {
            throw new IndexerException(IndexerException.Code.CONFIG_INVALID,
                    "Index alias '" + alias + "' must be lower-case letters, digits, '-' or '_'");
        }
        if (maxBatchDocuments < 1 || maxBatchBytes < 1024 || maxConcurrentRequests < 1 || maxAttempts < 1
                || maxTextChars < 1) {
            throw new IndexerException(IndexerException.Code.CONFIG_INVALID,
                    "Indexer batch settings must be positive (documents >= 1, bytes >= 1024, concurrency >= 1, attempts >= 1)");
        }
        Objects.requireNonNull(flushInterval, "flushInterval");
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(refresh, "refresh");
        Objects.requireNonNull(timeZone, "timeZone");
    }

    public static IndexerSettings defaults() {
        return new IndexerSettings("rokhsa-documents", 500, 5L * 1024 * 1024, Duration.ofMillis(200), 4,
                8, Duration.ofMillis(100), Duration.ofSeconds(10), RefreshMode.IMMEDIATE, 1_000_000,
                ZoneId.of("Africa/Casablanca"));
    }

    public IndexerSettings withAlias(String value) {
        return new IndexerSettings(value, maxBatchDocuments, maxBatchBytes, flushInterval, maxConcurrentRequests,
                maxAttempts, initialBackoff, maxBackoff, refresh, maxTextChars, timeZone);
    }

    public IndexerSettings withBatching(int documents, long bytes, Duration interval, int concurrentRequests) {
        return new IndexerSettings(alias, documents, bytes, interval, concurrentRequests,
                maxAttempts, initialBackoff, maxBackoff, refresh, maxTextChars, timeZone);
    }

    public IndexerSettings withRetries(int attempts, Duration initial, Duration max) {
        return new IndexerSettings(alias, maxBatchDocuments, maxBatchBytes, flushInterval, maxConcurrentRequests,
                attempts, initial, max, refresh, maxTextChars, timeZone);
    }

    public IndexerSettings withRefresh(RefreshMode mode) {
        return new IndexerSettings(alias, maxBatchDocuments, maxBatchBytes, flushInterval, maxConcurrentRequests,
                maxAttempts, initialBackoff, maxBackoff, mode, maxTextChars, timeZone);
    }

    public IndexerSettings withMaxTextChars(int chars) {
        return new IndexerSettings(alias, maxBatchDocuments, maxBatchBytes, flushInterval, maxConcurrentRequests,
                maxAttempts, initialBackoff, maxBackoff, refresh, chars, timeZone);
    }
}
