package ma.rokhsa.ingest;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What the extractor learned from one document: its real type, its text (normalised: NFKC, so Arabic
 * presentation forms become logical letters; French accents kept; bidi and zero-width controls and
 * tatweel removed; spaces collapsed, line breaks kept, at most one blank line), where the text came
 * from, its languages and its structural {@link DocumentMetadata}. It is a set of facts, not a verdict:
 * {@link DocumentValidator} turns it into problems for a given {@link KindRule}.
 *
 * @param fileName       the name the document was uploaded under
 * @param size           file size in bytes
 * @param mediaType      real media type detected from the content (the name is only a hint)
 * @param declaredType   media type the file name's extension stands for ({@code application/octet-stream} when none)
 * @param status         how far extraction went
 * @param detail         technical reason when the status is not {@link Status#COMPLETE} (for logs), else {@code null}
 * @param text           normalised text, empty when none
 * @param textTruncated  the text reached the output-size limit and was cut there
 * @param ocrUsed        some of the text came from OCR
 * @param ocrPages       number of pages (or images) sent to OCR
 * @param ocrUnavailable OCR could not run on the server that extracted the document (tesseract or a language
 *                       pack missing, or OCR switched off): its scanned pages and images came out without text
 *                       even where the kind allows OCR, and may be read again once OCR is available
 * @param languages      languages of the text, dominant first ("ar", "fr", "en", "zgh"); empty when unknown
 * @param garbledRatio   share (0..1) of unreadable characters in the text layer (glyph codes, unmapped characters)
 * @param metadata       structural facts
 * @param elapsed        time spent extracting
 */
public record Extraction(String fileName, long size, String mediaType, String declaredType, Status status,
                         String detail, String text, boolean textTruncated, boolean ocrUsed, int ocrPages,
                         boolean ocrUnavailable, List<String> languages, double garbledRatio,
                         DocumentMetadata metadata, Duration elapsed) {

    /** How far extraction went. */
    public enum Status {
        /** Type detected, structure inspected and text extracted. */
        COMPLETE,
        /** Deliberately not parsed: what was learned before parsing already rejects the document (empty,
         *  archive, executable, type not accepted, password, too many pages, active content...). */
        NOT_PARSED,
        /** The per-document time limit was reached; the facts learned until then are kept. */
        TIMED_OUT,
        /** The parser failed (or its worker process died); the facts learned until then are kept. */
        FAILED
    }

    public Extraction {
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(status, "status");
        declaredType = declaredType == null ? "application/octet-stream" : declaredType;
        text = text == null ? "" : text;
        languages = languages == null ? List.of() : List.copyOf(languages);
        metadata = metadata == null ? DocumentMetadata.NONE : metadata;
        elapsed = elapsed == null ? Duration.ZERO : elapsed;
    }

    /** The dominant language ("ar", "fr"...) or "und" when unknown. */
    public String language() {
        return languages.isEmpty() ? "und" : languages.get(0);
    }

    Extraction withStatus(Status newStatus, String newDetail) {
        return new Extraction(fileName, size, mediaType, declaredType, newStatus, newDetail, text, textTruncated,
                ocrUsed, ocrPages, ocrUnavailable, languages, garbledRatio, metadata, elapsed);
    }

    Extraction withElapsed(Duration took) {
        return new Extraction(fileName, size, mediaType, declaredType, status, detail, text, textTruncated, ocrUsed,
                ocrPages, ocrUnavailable, languages, garbledRatio, metadata, took);
    }

    /** A document whose extraction was cut by the caller's hard time limit: only its name is known. */
    static Extraction timedOut(String fileName, Duration limit) {
        return new Extraction(fileName, -1, "application/octet-stream", null, Status.TIMED_OUT,
                "no answer within " + limit.toSeconds() + " s", "", false, false, 0, false, List.of(), 0,
                DocumentMetadata.NONE, limit);
    }
}
