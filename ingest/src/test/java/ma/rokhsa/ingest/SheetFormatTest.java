package ma.rokhsa.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SheetFormatTest {

    @ParameterizedTest(name = "{0} x {1} mm is {2}")
    @CsvSource({
            "210, 297, A4", "297, 210, A4", "209.9, 297.0, A4", "148, 210, A5", "297, 420, A3", "420, 594, A2",
            "594, 841, A1", "841, 1189, A0", "1189, 841, A0", "1180, 835, A0",
            "215.9, 279.4, LETTER", "215.9, 355.6, LEGAL",
            "914, 1500, LARGER_THAN_A0", "1189, 1682, LARGER_THAN_A0",
            "594, 1682, NON_STANDARD", "420, 891, NON_STANDARD", "341.6, 440.3, NON_STANDARD", "70.6, 70.6, NON_STANDARD"
    })
    void recognisesSheets(double w, double h, SheetFormat expected) {
        assertThat(SheetFormat.of(w, h)).isEqualTo(expected);
    }

    @Test
    void pageSizeKnowsOrientationAndDescribesItself() {
        PageSize a0 = PageSize.of(3, 1189.0, 841.0);
        assertThat(a0.format()).isEqualTo(SheetFormat.A0);
        assertThat(a0.orientation()).isEqualTo(PageSize.Orientation.LANDSCAPE);
        assertThat(a0.describe()).isEqualTo("A0 landscape, 1189 x 841 mm");
        assertThat(PageSize.of(1, 215.91, 279.41).describe()).isEqualTo("US Letter portrait, 216 x 279 mm");
        assertThat(PageSize.of(1, 100, 100.4).orientation()).isEqualTo(PageSize.Orientation.SQUARE);
    }
}
