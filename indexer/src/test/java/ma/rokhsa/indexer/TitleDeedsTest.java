package ma.rokhsa.indexer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TitleDeedsTest {

    @Test
    void findsDeedNumbersInFrenchAndArabicText() {
        assertThat(TitleDeeds.find("Titre foncier n° 48213/10, dénommé « Bled »")).containsExactly("48213/10");
        assertThat(TitleDeeds.find("T.F. 12345/c et 678/D")).containsExactly("12345/C", "678/D");
        assertThat(TitleDeeds.find("موضوع الرسم العقاري عدد 7731/42، والواقعة")).containsExactly("7731/42");
        assertThat(TitleDeeds.find("الرسم العقاري عدد ٧٧٣١/٤٢")).containsExactly("7731/42");
    }

    @Test
    void ignoresDatesPlanScalesAndLongerNumbers() {
        assertThat(TitleDeeds.find("le 12/03/2026, plans au 1/100 et 1/2000, dossier 2026/12345, lot 12/2026"))
                .isEmpty();
        assertThat(TitleDeeds.find("48213/10/5 et 48213/1000")).isEmpty();
        assertThat(TitleDeeds.find(null)).isEmpty();
    }

    @Test
    void keepsAtMostFiftyDistinctNumbers() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 80; i++) {
            text.append(" TF ").append(10000 + i).append("/1");
        }
        assertThat(TitleDeeds.find(text.toString())).hasSize(TitleDeeds.MAX_PER_DOCUMENT);
    }
}
