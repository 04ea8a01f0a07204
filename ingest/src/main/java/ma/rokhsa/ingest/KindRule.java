package ma.rokhsa.ingest;

import java.util.Objects;
import java.util.Set;

/**
 * What a document kind (plans, forms and certificates, photos...) accepts. The application loads one
 * rule per document kind from configuration (the record binds as it is); the factory presets give
 * sensible defaults. Immutable and thread-safe.
 *
 * @param name          the kind's name as people read it in messages ("plans")
 * @param acceptedTypes media types accepted, by real content type ({@code application/pdf}, {@code image/jpeg}...);
 *                      a subtype of an accepted type is accepted
 * @param minPages      fewest pages (1 for most kinds)
 * @param maxPages      most pages
 * @param sheetFormats  accepted sheet formats of PDF pages; empty means any format
 * @param maxSheetMm    largest accepted long side of a PDF page in millimetres; 0 means no limit
 * @param textRequired  the document must yield readable text (from its text layer or, where allowed, OCR)
 * @param ocrAllowed    scanned pages and images of this kind may go through OCR (costly: about a second per page)
 * @param maxBytes      largest accepted file size in bytes; 0 means no limit
 */
public record KindRule(String name, Set<String> acceptedTypes, int minPages, int maxPages,
                       Set<SheetFormat> sheetFormats, double maxSheetMm, boolean textRequired,
                       boolean ocrAllowed, long maxBytes) {

    public static final String PDF = "application/pdf";
    public static final String JPEG = "image/jpeg";
    public static final String PNG = "image/png";

    public KindRule {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a kind rule needs a name");
        }
        acceptedTypes = Set.copyOf(Objects.requireNonNull(acceptedTypes, "acceptedTypes"));
        if (acceptedTypes.isEmpty()) {
            throw new IllegalArgumentException("kind " + name + " accepts no media type");
        }
        sheetFormats = sheetFormats == null ? Set.of() : Set.copyOf(sheetFormats);
        if (minPages < 0 || maxPages < minPages) {
            throw new IllegalArgumentException("kind " + name + ": pages must satisfy 0 <= min <= max");
        }
        if (maxSheetMm < 0 || maxBytes < 0) {
            throw new IllegalArgumentException("kind " + name + ": limits must not be negative");
        }
    }

    /** Architectural plans: PDF only, 1 to 500 pages, any sheet from A4 to A0 and larger, no text
     *  required, no OCR (plans are drawings; OCR of A0 sheets would cost minutes), up to 500 MiB. */
    public static KindRule plans() {
        return new KindRule("plans", Set.of(PDF), 1, 500, Set.of(), 0, false, false, 500L << 20);
    }

    /** Forms and certificates: PDF, JPEG or PNG, 1 to 50 pages up to A3, readable text required
     *  (a scan passes when OCR reads it), up to 50 MiB. */
    public static KindRule forms() {
        return new KindRule("forms and certificates", Set.of(PDF, JPEG, PNG), 1, 50, Set.of(), 450, true, true,
                50L << 20);
    }

    /** Site photos: JPEG or PNG, no text, no OCR, up to 50 MiB. */
    public static KindRule photos() {
        return new KindRule("photos", Set.of(JPEG, PNG), 1, 1, Set.of(), 0, false, false, 50L << 20);
    }

    public KindRule withName(String newName) {
        return new KindRule(newName, acceptedTypes, minPages, maxPages, sheetFormats, maxSheetMm, textRequired,
                ocrAllowed, maxBytes);
    }

    public KindRule withAcceptedTypes(Set<String> types) {
        return new KindRule(name, types, minPages, maxPages, sheetFormats, maxSheetMm, textRequired, ocrAllowed,
                maxBytes);
    }

    public KindRule withPages(int min, int max) {
        return new KindRule(name, acceptedTypes, min, max, sheetFormats, maxSheetMm, textRequired, ocrAllowed,
                maxBytes);
    }

    public KindRule withSheets(Set<SheetFormat> formats, double maxLongSideMm) {
        return new KindRule(name, acceptedTypes, minPages, maxPages, formats, maxLongSideMm, textRequired,
                ocrAllowed, maxBytes);
    }

    public KindRule withText(boolean required, boolean ocr) {
        return new KindRule(name, acceptedTypes, minPages, maxPages, sheetFormats, maxSheetMm, required, ocr,
                maxBytes);
    }

    public KindRule withMaxBytes(long bytes) {
        return new KindRule(name, acceptedTypes, minPages, maxPages, sheetFormats, maxSheetMm, textRequired,
                ocrAllowed, bytes);
    }
}
