package ma.rokhsa.ingest;

/**
 * Recognised sheet formats of a page, from its size in millimetres whatever its orientation.
 * ISO 216 A5 to A0 and US Letter/Legal are matched with a tolerance of 1.5% (at least 3 mm) per side;
 * a sheet at least as large as A0 on both sides is {@link #LARGER_THAN_A0}; anything else
 * (elongated ISO 5457 plan sheets, plotter rolls, odd sizes) is {@link #NON_STANDARD}.
 */
public enum SheetFormat {
    A5(148, 210),
    A4(210, 297),
    A3(297, 420),
    A2(420, 594),
    A1(594, 841),
    A0(841, 1189),
    LETTER(215.9, 279.4),
    LEGAL(215.9, 355.6),
    LARGER_THAN_A0(0, 0),
    NON_STANDARD(0, 0);

    private final double shortSideMm;
    private final double longSideMm;

    SheetFormat(double shortSideMm, double longSideMm) {
        this.shortSideMm = shortSideMm;
        this.longSideMm = longSideMm;
    }

    /** Classifies a sheet of the given size (either orientation). */
    public static SheetFormat of(double widthMm, double heightMm) {
        double s = Math.min(widthMm, heightMm);
        double l = Math.max(widthMm, heightMm);
        for (SheetFormat f : values()) {
            if (f.shortSideMm > 0 && close(s, f.shortSideMm) && close(l, f.longSideMm)) {
                return f;
            }
        }
        if (s >= A0.shortSideMm && l >= A0.longSideMm) {
            return LARGER_THAN_A0;
        }
        return NON_STANDARD;
    }

    private static boolean close(double actual, double nominal) {
        return Math.abs(actual - nominal) <= Math.max(3.0, nominal * 0.015);
    }

    /** Human label used in messages: "A0", "US Letter", "larger than A0", "non-standard". */
    public String label() {
        return switch (this) {
            case LETTER -> "US Letter";
            case LEGAL -> "US Legal";
            case LARGER_THAN_A0 -> "larger than A0";
            case NON_STANDARD -> "non-standard";
            default -> name();
        };
    }
}
