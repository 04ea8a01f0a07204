package ma.rokhsa.ingest;

/**
 * Size of one PDF page as it is displayed and printed: the crop box, scaled by the page's
 * {@code /UserUnit}, with width and height swapped for pages rotated by 90 or 270 degrees.
 *
 * @param page 1-based page number
 * @param widthMm displayed width in millimetres (0.1 mm precision)
 * @param heightMm displayed height in millimetres (0.1 mm precision)
 */
public record PageSize(int page, double widthMm, double heightMm, SheetFormat format, Orientation orientation) {

    public enum Orientation { PORTRAIT, LANDSCAPE, SQUARE }

    /** Builds a page size from its displayed dimensions, recognising the format and orientation. */
    public static PageSize of(int page, double widthMm, double heightMm) {
        double w = Math.round(widthMm * 10) / 10.0;
        double h = Math.round(heightMm * 10) / 10.0;
        Orientation o = Math.abs(w - h) < 1.0 ? Orientation.SQUARE
                : (h > w ? Orientation.PORTRAIT : Orientation.LANDSCAPE);
        return new PageSize(page, w, h, SheetFormat.of(w, h), o);
    }

    /** The longer side in millimetres. */
    public double longSideMm() {
        return Math.max(widthMm, heightMm);
    }

    /** "A0 landscape, 1189 x 841 mm". */
    public String describe() {
        return String.format(java.util.Locale.ROOT, "%s %s, %.0f x %.0f mm", format.label(),
                orientation.name().toLowerCase(java.util.Locale.ROOT), widthMm, heightMm);
    }
}
