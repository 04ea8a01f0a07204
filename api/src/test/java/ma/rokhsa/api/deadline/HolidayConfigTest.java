package ma.rokhsa.api.deadline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The shipped holidays.yml binds, and says what the brief and the official announcements say. */
class HolidayConfigTest {

    static Binder binder() {
        try {
            List<PropertySource<?>> sources = new YamlPropertySourceLoader().load("holidays", new ClassPathResource("holidays.yml"));
            return new Binder(ConfigurationPropertySources.from(sources));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static HolidayProperties properties() {
        return binder().bind("rokhsa.holidays", HolidayProperties.class).get();
    }

    static WorkingCalendar calendarFromResource() {
        HolidayProperties p = properties();
        Map<LocalDate, String> dated = new java.util.HashMap<>();
        p.datedHolidays().forEach((d, h) -> dated.put(d, h.name()));
        return new WorkingCalendar(p.weekend(), p.annualHolidays(), dated, Set.of());
    }

    @Test
    void everyNationalDayOfTheBriefIsThere() {
        HolidayProperties p = properties();
        assertThat(p.weekend()).containsExactly(java.time.DayOfWeek.SATURDAY, java.time.DayOfWeek.SUNDAY);
        assertThat(p.annual()).extracting(HolidayProperties.Annual::day)
                .contains("01-01", "01-11", "01-14", "05-01", "07-30", "08-14", "08-20", "08-21", "11-06", "11-18");
        WorkingCalendar cal = calendarFromResource();
        // 2025: 10 national days (no Unity Day yet) + Fitr 2 + Adha 2 + the exceptional 9 June + Muharram 1 + Mawlid 2.
        assertThat(cal.holidays(2025)).hasSize(10 + 2 + 2 + 1 + 1 + 2);
        // 2026 and 2027: 11 national days (Unity Day from 2026) + 7 religious ones.
        assertThat(cal.holidays(2026)).hasSize(11 + 7).containsKey(LocalDate.parse("2026-10-31"));
        assertThat(cal.holidays(2027)).hasSize(11 + 7);
    }

    @Test
    void announcedDatesAreMarkedConfirmed() {
        Map<LocalDate, Holiday> dated = properties().datedHolidays();
        assertThat(dated.get(LocalDate.parse("2025-09-05")).source()).isEqualTo(Holiday.Source.CONFIRMED);
        assertThat(dated.get(LocalDate.parse("2025-09-06")).name()).isEqualTo("Aïd Al Mawlid (2)");
        assertThat(dated.get(LocalDate.parse("2027-03-10")).source()).isEqualTo(Holiday.Source.EXPECTED);
    }

    @Test
    void theDeadlineRulesSayHowTheyCount() {
        DeadlineProperties d = binder().bind("rokhsa.deadlines", DeadlineProperties.class).get();
        assertThat(d.rules().get("dispatch").toRule()).isEqualTo(LegalClock.Rule.workingDays(3));
        assertThat(d.rules().get("opinions").toRule()).isEqualTo(LegalClock.Rule.workingDays(15));
        assertThat(d.rules().get("decision-small").toRule()).isEqualTo(LegalClock.Rule.calendarDays(15));
        assertThat(d.rules().get("decision-large").toRule()).isEqualTo(LegalClock.Rule.calendarDays(30));
    }

    @Test
    void aMalformedDateIsNamedInTheError() {
        HolidayProperties bad = new HolidayProperties(List.of(), List.of(),
                List.of(new HolidayProperties.Dated("2026-13-01", 1, "Aïd", false)));
        assertThatThrownBy(bad::datedHolidays).hasMessageContaining("2026-13-01").hasMessageContaining("YYYY-MM-DD");
        HolidayProperties badDay = new HolidayProperties(List.of(), List.of(new HolidayProperties.Annual("30-02", "x", null, null)), List.of());
        assertThatThrownBy(badDay::annualHolidays).hasMessageContaining("30-02");
    }
}
