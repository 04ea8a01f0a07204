package ma.rokhsa.ingest;

import java.time.Instant;
import java.util.List;

/**
 * Structural facts about a document, read from the file itself (PDFBox for PDFs, Tika for the rest).
 * Fields that do not apply or are unknown are {@code null}, {@code 0}, {@code false} or empty.
 *
 * @param pageCount         number of pages (1 for an image; 0 when unknown, e.g. a PDF that needs a password)
 * @param pages             size and sheet format of every PDF page, in page order
 * @param pdfVersion        "1.4", "1.7", "2.0"...
 * @param producer          the PDF producer (the library that wrote the file)
 * @param creator           the creating application
 * @param created           creation date from the document information
 * @param title             document title
 * @param encrypted         the PDF is encrypted (with or without a password to open it)
 * @param passwordRequired  the PDF cannot be opened without a password
 * @param hasJavaScript     JavaScript found in document, page, form-field or annotation actions, the JavaScript
 *                          name tree or an XFA form
 * @param hasEmbeddedFiles  embedded files found (EmbeddedFiles name tree, file attachment annotations, portfolio)
 * @param embeddedFileNames names of the embedded files found (at most 20)
 * @param imageOnlyPages    1-based numbers of the pages that carry images but (almost) no text layer: scanned
 *                          pages, OCR'd when OCR is allowed and available
 * @param defects           structural damage found, in plain words ("the file is truncated: ..."); empty when sound
 */
public record DocumentMetadata(int pageCount, List<PageSize> pages, String pdfVersion, String producer,
                               String creator, Instant created, String title, boolean encrypted,
                               boolean passwordRequired, boolean hasJavaScript, boolean hasEmbeddedFiles,
                               List<String> embeddedFileNames, List<Integer> imageOnlyPages, List<String> defects) {

    /** No facts known. */
    public static final DocumentMetadata NONE = new DocumentMetadata(0, List.of(), null, null, null, null, null,
            false, false, false, false, List.of(), List.of(), List.of());

    public DocumentMetadata {
        pages = pages == null ? List.of() : List.copyOf(pages);
        embeddedFileNames = embeddedFileNames == null ? List.of() : List.copyOf(embeddedFileNames);
        imageOnlyPages = imageOnlyPages == null ? List.of() : List.copyOf(imageOnlyPages);
        defects = defects == null ? List.of() : List.copyOf(defects);
    }

    DocumentMetadata withPageCount(int count) {
        return new DocumentMetadata(count, pages, pdfVersion, producer, creator, created, title, encrypted,
                passwordRequired, hasJavaScript, hasEmbeddedFiles, embeddedFileNames, imageOnlyPages, defects);
    }

    DocumentMetadata withImageOnlyPages(List<Integer> imageOnly) {
        return new DocumentMetadata(pageCount, pages, pdfVersion, producer, creator, created, title, encrypted,
                passwordRequired, hasJavaScript, hasEmbeddedFiles, embeddedFileNames, imageOnly, defects);
    }

    DocumentMetadata withPasswordRequired() {
        return new DocumentMetadata(pageCount, pages, pdfVersion, producer, creator, created, title, true,
                true, hasJavaScript, hasEmbeddedFiles, embeddedFileNames, imageOnlyPages, defects);
    }

    DocumentMetadata withDefect(String defect) {
        List<String> all = new java.util.ArrayList<>(defects);
        all.add(defect);
        return new DocumentMetadata(pageCount, pages, pdfVersion, producer, creator, created, title, encrypted,
                passwordRequired, hasJavaScript, hasEmbeddedFiles, embeddedFileNames, imageOnlyPages, all);
    }

    DocumentMetadata withInfo(String newTitle, String newCreator, String newProducer, Instant newCreated) {
        return new DocumentMetadata(pageCount, pages, pdfVersion, newProducer, newCreator, newCreated, newTitle,
                encrypted, passwordRequired, hasJavaScript, hasEmbeddedFiles, embeddedFileNames, imageOnlyPages,
                defects);
    }
}
