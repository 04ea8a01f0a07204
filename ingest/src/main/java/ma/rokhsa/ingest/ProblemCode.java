package ma.rokhsa.ingest;

/**
 * Stable codes of the problems found in an uploaded document. The names are part of the public
 * contract (stored, sent to clients): never rename one, only add.
 */
public enum ProblemCode {
    /** The file has no bytes. */
    EMPTY_FILE,
    /** The file is larger than its kind accepts. */
    FILE_TOO_LARGE,
    /** The real type (from the content) is not accepted for the document kind. */
    TYPE_NOT_ACCEPTED,
    /** The content is not what the file name says (a PNG named {@code .pdf}). An error when the real
     *  type is not accepted for the kind, a warning when it is (a PNG named {@code .jpg} for a photo). */
    CONTENT_MISMATCH,
    /** The content is a program or script: never accepted, whatever its name. */
    EXECUTABLE_REFUSED,
    /** The content is an archive (zip, rar, 7z, gzip, tar...): refused by type, never expanded. */
    ARCHIVE_REFUSED,
    /** The PDF is damaged or truncated. */
    CORRUPT_PDF,
    /** The PDF needs a password to be opened. */
    ENCRYPTED_PDF,
    /** Warning: the PDF opens without a password but its author restricted printing or copying. */
    RESTRICTED_PDF,
    /** The PDF contains JavaScript (document, page, form-field or link actions, or the JavaScript name tree). */
    PDF_JAVASCRIPT,
    /** The PDF carries embedded files (attachments, portfolios). */
    PDF_EMBEDDED_FILES,
    /** More pages than the kind accepts. */
    TOO_MANY_PAGES,
    /** Fewer pages than the kind requires (including a PDF with no page). */
    TOO_FEW_PAGES,
    /** At least one page has a sheet format or size the kind does not accept. */
    SHEET_SIZE_NOT_ACCEPTED,
    /** The kind requires readable text and none was found, neither in a text layer nor by OCR (a scan left
     *  unread because OCR is not available gets {@link #OCR_UNAVAILABLE} instead). */
    NO_TEXT_LAYER,
    /** Warning: a large part of the text layer is unreadable (fonts without a character map). */
    TEXT_UNREADABLE,
    /** Extraction did not finish within the per-document time limit. */
    EXTRACTION_TIMEOUT,
    /** The parser failed on this document (or its worker process crashed). */
    EXTRACTION_FAILED,
    /** Warning: the text was longer than the output-size limit and was cut at that limit. */
    OUTPUT_TOO_LARGE,
    /** Warning: the document has scanned pages (or is an image) that its kind would have OCR'd, but OCR is
     *  not available on the server that read it: those pages have no text yet. Accepted; read again once
     *  OCR is available. */
    OCR_UNAVAILABLE
}
