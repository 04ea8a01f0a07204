package ma.rokhsa.indexer;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One valid document as indexed: its extracted text and metadata, with its dossier's fields.
 * One index document per {@code documentId}; indexing the same id again replaces it.
 *
 * @param documentId  stable id of the document (at most 512 bytes in UTF-8, the engine's limit)
 * @param dossier     the owning dossier's current fields
 * @param fileName    original file name (searchable)
 * @param kind        document kind code (facet), e.g. {@code APPLICATION_FORM}, {@code PROPERTY_CERTIFICATE}
 * @param contentType detected media type, or null
 * @param language    detected language ({@code ar}, {@code fr}...), or null: both analyzers run anyway
 * @param title       document title from its metadata, or null
 * @param text        extracted (or OCR) text; longer than {@link IndexerSettings#maxTextChars()} is cut
 * @param metadata    other metadata kept with the document (not searchable)
 * @param pageCount   number of pages, or null
 * @param uploadedAt  upload time, or null
 */
public record IndexedDocument(
        String documentId,
        DossierFields dossier,
        String fileName,
        String kind,
        String contentType,
        String language,
        String title,
        String text,
        Map<String, String> metadata,
        Integer pageCount,
        Instant uploadedAt) {

    public IndexedDocument {
        Objects.requireNonNull(documentId, "documentId");
        Objects.requireNonNull(dossier, "dossier");
        text = text == null ? "" : text;
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }
}
