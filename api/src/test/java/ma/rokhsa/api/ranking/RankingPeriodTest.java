package ma.rokhsa.api.ranking;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

import ma.rokhsa.api.web.ApiProblem;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RankingPeriodTest {

    private static final ZoneId MA = ZoneId.of("Africa/Casablanca");
    private static final Instant NOW = Instant.parse("2026-11-29T08:00:00Z");

    @Test
    void quartersAndYearsAreCalendarPeriodsInMoroccanTime() {
        RankingPeriod q1 = RankingPeriod.parse("2025-Q1", NOW, MA);
        assertThat(q1.key()).isEqualTo("2025-Q1");
        // Morocco is at +01:00 in January and at +00:00 during Ramadan (1 April 2025).
        assertThat(q1.from()).isEqualTo(Instant.parse("2024-12-31T23:00:00Z"));
        assertThat(q1.to()).isEqualTo(Instant.parse("2025-04-01T00:00:00Z"));
        assertThat(q1.asOf()).isEqualTo(q1.to());
        assertThat(q1.live()).isFalse();
        assertThat(q1.firstDay(MA)).isEqualTo(LocalDate.of(2025, 1, 1));
        assertThat(q1.dayAfter(MA)).isEqualTo(LocalDate.of(2025, 4, 1));

        RankingPeriod q4 = RankingPeriod.parse(" 2025-q4 ", NOW, MA);
        assertThat(q4.key()).isEqualTo("2025-Q4");
        assertThat(q4.to()).isEqualTo(Instant.parse("2025-12-31T23:00:00Z"));

        RankingPeriod year = RankingPeriod.parse("2025", NOW, MA);
        assertThat(year.from()).isEqualTo(q1.from());
        assertThat(year.to()).isEqualTo(q4.to());
    }

    @Test
    void aRunningPeriodIsReadNow() {
        RankingPeriod q4 = RankingPeriod.parse("2026-Q4", NOW, MA);
        assertThat(q4.to()).isAfter(NOW);
        assertThat(q4.asOf()).isEqualTo(NOW);
        assertThat(RankingPeriod.parse("2026", NOW, MA).asOf()).isEqualTo(NOW);
    }

    @Test
    void rollingIsTheLastNinetyDaysAndTheDefault() {
        for (String v : new String[] {null, "", "rolling-90", "ROLLING-90"}) {
            RankingPeriod p = RankingPeriod.parse(v, NOW, MA);
            assertThat(p.key()).isEqualTo("rolling-90");
            assertThat(p.live()).isTrue();
            assertThat(p.to()).isEqualTo(NOW);
            assertThat(Duration.between(p.from(), p.to())).isEqualTo(Duration.ofDays(90));
            // Opinions due today count (once given), so the date range ends tomorrow.
            assertThat(p.dayAfter(MA)).isEqualTo(LocalDate.of(2026, 11, 30));
        }
    }

    @Test
    void coversIsHalfOpen() {
        RankingPeriod q1 = RankingPeriod.parse("2025-Q1", NOW, MA);
        assertThat(q1.covers(q1.from())).isTrue();
        assertThat(q1.covers(q1.to().minusNanos(1))).isTrue();
        assertThat(q1.covers(q1.to())).isFalse();
        assertThat(q1.covers(q1.from().minusNanos(1))).isFalse();
    }

    @Test
    void anythingElseIsABadRequestThatSaysWhatToSend() {
        for (String bad : new String[] {"2026-Q0", "2026-Q5", "Q3-2026", "26-Q3", "2026-07", "rolling-30", "1999", "1999-Q4", "x"}) {
            assertThatThrownBy(() -> RankingPeriod.parse(bad, NOW, MA)).as(bad)
                    .isInstanceOfSatisfying(ApiProblem.class, e -> {
                        assertThat(e.code()).isEqualTo("BAD_PERIOD");
                        assertThat(e.getStatusCode().value()).isEqualTo(400);
                        assertThat(e.getBody().getDetail()).contains(bad);
                    });
        }
        assertThatThrownBy(() -> RankingPeriod.parse("2027-Q1", NOW, MA))
                .isInstanceOfSatisfying(ApiProblem.class, e -> assertThat(e.code()).isEqualTo("PERIOD_IN_FUTURE"));
        assertThatThrownBy(() -> RankingPeriod.parse("2027", NOW, MA))
                .isInstanceOfSatisfying(ApiProblem.class, e -> assertThat(e.code()).isEqualTo("PERIOD_IN_FUTURE"));
    }
}
