package ma.rokhsa.api.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A horizontal bar chart laid out on the server, drawn as SVG by the template: no chart library to
 * download, readable without JavaScript, and each chart comes with its data as a table for screen
 * readers. Coordinates are in the SVG's own units; bars start after the label column.
 */
public record BarChart(int width, int height, List<Bar> bars, Double reference, double referenceX, String referenceLabel) {

    private static final int LABEL_WIDTH = 190;
    private static final int ROW = 26;
    private static final int VALUE_ROOM = 60;

    /** One bar: its label, value (as shown) and box. */
    public record Bar(String label, String value, double x, double y, double w, double h, boolean alt) {
    }

    /** One row of data. */
    public record Row(String label, double value, String shown, boolean alt) {
    }

    public static BarChart of(List<Row> rows, Double reference, String referenceLabel) {
        int width = 640;
        double max = rows.stream().mapToDouble(Row::value).max().orElse(0);
        if (reference != null) {
            max = Math.max(max, reference);
        }
        double scale = max <= 0 ? 0 : (width - LABEL_WIDTH - VALUE_ROOM) / max;
        List<Bar> bars = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            bars.add(new Bar(r.label(), r.shown(), LABEL_WIDTH, i * ROW + 4, Math.max(1, r.value() * scale), ROW - 8, r.alt()));
        }
        double refX = reference == null ? 0 : LABEL_WIDTH + reference * scale;
        return new BarChart(width, Math.max(ROW, rows.size() * ROW + (reference == null ? 0 : 16)), bars, reference, refX, referenceLabel);
    }

    public static String number(double v) {
        return v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }
}
