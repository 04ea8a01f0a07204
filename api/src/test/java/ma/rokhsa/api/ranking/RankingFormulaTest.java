package ma.rokhsa.api.ranking;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RankingFormulaTest {

    @Test
    void weightsSumToOne() {
        assertThat(RankingFormula.W_WITHIN + RankingFormula.W_SPEED + RankingFormula.W_NO_TACIT + RankingFormula.W_BACKLOG
                + RankingFormula.W_OPINIONS).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(RankingFormula.describe(5).terms()).extracting(Ranking.Term::weight)
                .containsExactly(0.30, 0.20, 0.20, 0.15, 0.15);
    }

    @Test
    void perfectAndWorstCommunes() {
        assertThat(RankingFormula.score(new RankingFormula.Components(1, 1, 1, 1, 1.0))).isEqualTo(100.0);
        assertThat(RankingFormula.score(new RankingFormula.Components(0, 0, 0, 0, 0.0))).isEqualTo(0.0);
        assertThat(RankingFormula.score(new RankingFormula.Components(1, 1, 1, 1, null))).isEqualTo(100.0);
    }

    @Test
    void eachTermCountsWithItsWeight() {
        // 30 + 0.2 x 60 + 20 + 15 + 0.15 x 100 x 5/6
        assertThat(RankingFormula.score(new RankingFormula.Components(1, 0.6, 1, 1, 5.0 / 6))).isEqualTo(89.5);
        assertThat(RankingFormula.score(new RankingFormula.Components(0, 1, 1, 1, 1.0))).isEqualTo(70.0);
        assertThat(RankingFormula.score(new RankingFormula.Components(1, 0, 1, 1, 1.0))).isEqualTo(80.0);
        assertThat(RankingFormula.score(new RankingFormula.Components(1, 1, 0, 1, 1.0))).isEqualTo(80.0);
        assertThat(RankingFormula.score(new RankingFormula.Components(1, 1, 1, 0, 1.0))).isEqualTo(85.0);
        assertThat(RankingFormula.score(new RankingFormula.Components(1, 1, 1, 1, 0.0))).isEqualTo(85.0);
    }

    @Test
    void withoutOpinionsTheOtherWeightsAreSharedOut() {
        // (0.30 x 4/7 + 0.20 x 0.5/7 + 0.20 x 6/7 + 0.15 x 0.5) / 0.85
        assertThat(RankingFormula.score(new RankingFormula.Components(4.0 / 7, 0.5 / 7, 6.0 / 7, 0.5, null))).isEqualTo(50.8);
    }

    @Test
    void speedIsNeverNegative() {
        assertThat(RankingFormula.speed(0.4)).isCloseTo(0.6, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(RankingFormula.speed(1.0)).isZero();
        assertThat(RankingFormula.speed(2.5)).isZero();
    }

    @Test
    void theTextNamesTheRule() {
        assertThat(RankingFormula.text(5)).contains("0.30 W + 0.20 S + 0.20 (1 - T) + 0.15 (1 - B) + 0.15 O")
                .contains("fewer than 5 decided dossiers");
    }
}
