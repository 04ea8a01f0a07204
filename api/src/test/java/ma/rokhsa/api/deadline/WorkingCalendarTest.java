package ma.rokhsa.api.deadline;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.MonthDay;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WorkingCalendarTest {

    /** The real configuration (holidays.yml), as the application binds it. */
    static final WorkingCalendar MOROCCO = HolidayConfigTest.calendarFromResource();

    static LocalDate d(String s) {
        return LocalDate.parse(s);
    }

    @Test
    void weekendsAndNationalDaysAreNotWorkingDays() {
        assertThat(MOROCCO.isWorkingDay(d("2025-11-05"))).isTrue();              // Wednesday
        assertThat(MOROCCO.isWorkingDay(d("2025-11-08"))).isFalse();             // Saturday
        assertThat(MOROCCO.isWorkingDay(d("2025-11-09"))).isFalse();             // Sunday
        assertThat(MOROCCO.isWorkingDay(d("2025-11-06"))).isFalse();             // Marche Verte, a Thursday
        assertThat(MOROCCO.holiday(d("2025-11-06"))).contains("Marche Verte");
        assertThat(MOROCCO.isWorkingDay(d("2025-11-18"))).isFalse();             // Independence, a Tuesday
        assertThat(MOROCCO.isWorkingDay(d("2026-07-30"))).isFalse();             // Throne Day
        assertThat(MOROCCO.isWorkingDay(d("2025-05-01"))).isFalse();
    }

    @Test
    void yennayerAndUnityDayApplyOnlyFromTheYearTheyWereInstituted() {
        assertThat(MOROCCO.isWorkingDay(d("2020-01-14"))).isTrue();              // a Tuesday, before 2024
        assertThat(MOROCCO.isWorkingDay(d("2025-01-14"))).isFalse();             // a Tuesday, Yennayer
        assertThat(MOROCCO.holiday(d("2025-01-14"))).hasValueSatisfying(n -> assertThat(n).contains("amazigh"));
        assertThat(MOROCCO.isWorkingDay(d("2025-10-31"))).isTrue();              // a Friday, before Aïd Al Wahda
        assertThat(MOROCCO.isWorkingDay(d("2029-10-31"))).isFalse();             // a Wednesday, Aïd Al Wahda
    }

    @Test
    void religiousHolidaysLastTheirDays() {
        assertThat(MOROCCO.holiday(d("2025-03-31"))).contains("Aïd Al Fitr (1)");
        assertThat(MOROCCO.holiday(d("2025-04-01"))).contains("Aïd Al Fitr (2)");
        assertThat(MOROCCO.isWorkingDay(d("2025-04-02"))).isTrue();
        assertThat(MOROCCO.isWorkingDay(d("2025-06-09"))).isFalse();             // exceptional closure after Aïd Al Adha
        assertThat(MOROCCO.isWorkingDay(d("2027-05-17"))).isFalse();
        assertThat(MOROCCO.isWorkingDay(d("2027-05-18"))).isFalse();
        assertThat(MOROCCO.hasDatedHolidays(2027)).isTrue();
        assertThat(MOROCCO.hasDatedHolidays(2028)).isFalse();
    }

    @Test
    void addingWorkingDaysSkipsTheEidOfSpring2025() {
        // Friday 28 March 2025 + 3: Mon 31 and Tue 1 are Aïd Al Fitr, so Wed 2, Thu 3, Fri 4.
        assertThat(MOROCCO.addWorkingDays(d("2025-03-28"), 3)).isEqualTo(d("2025-04-04"));
        assertThat(MOROCCO.workingDaysBetween(d("2025-03-28"), d("2025-04-04"))).isEqualTo(3);
        // 15 working days of opinions from Friday 28 March 2025 (no other holiday until 1 May).
        assertThat(MOROCCO.addWorkingDays(d("2025-03-28"), 15)).isEqualTo(d("2025-04-22"));
    }

    @Test
    void addingWorkingDaysAcrossTheYearBoundary() {
        // Tue 30 Dec 2025 + 3: Wed 31 (1), Thu 1 Jan is New Year, Fri 2 (2), weekend, Mon 5 (3).
        assertThat(MOROCCO.addWorkingDays(d("2025-12-30"), 3)).isEqualTo(d("2026-01-05"));
        // Fri 9 Jan 2026 + 2: Sun 11 Jan is a holiday on a weekend (no substitute), so Mon 12, Tue 13.
        assertThat(MOROCCO.addWorkingDays(d("2026-01-09"), 2)).isEqualTo(d("2026-01-13"));
        // ... and Wed 14 Jan 2026 is Yennayer.
        assertThat(MOROCCO.addWorkingDays(d("2026-01-09"), 3)).isEqualTo(d("2026-01-15"));
        // (24 Dec, 16 Jan]: 25, 26, 29, 30, 31 Dec; 2, 5-9, 12, 13, 15, 16 Jan (1 and 14 Jan are holidays).
        assertThat(MOROCCO.workingDaysBetween(d("2025-12-24"), d("2026-01-16"))).isEqualTo(15);
    }

    @Test
    void augustIsFullOfHolidays() {
        // Mon 11 Aug 2025 + 5: Tue 12, Wed 13, (Thu 14 Oued Eddahab), Fri 15, Mon 18, Tue 19; then Wed 20 and Thu 21 are off.
        assertThat(MOROCCO.addWorkingDays(d("2025-08-11"), 5)).isEqualTo(d("2025-08-19"));
        assertThat(MOROCCO.addWorkingDays(d("2025-08-11"), 6)).isEqualTo(d("2025-08-22"));
    }

    @Test
    void theStartDayIsNotCountedEvenWhenItIsAHoliday() {
        // Submitted on a Saturday: the first working day after it is Monday.
        assertThat(MOROCCO.addWorkingDays(d("2025-11-15"), 1)).isEqualTo(d("2025-11-17"));
        // Submitted on Green March (Thursday): Friday is the first working day.
        assertThat(MOROCCO.addWorkingDays(d("2025-11-06"), 1)).isEqualTo(d("2025-11-07"));
        assertThat(MOROCCO.addWorkingDays(d("2025-11-06"), 0)).isEqualTo(d("2025-11-06"));
        assertThat(MOROCCO.workingDaysBetween(d("2025-11-06"), d("2025-11-06"))).isZero();
    }

    @Test
    void countingBackwards() {
        assertThat(MOROCCO.addWorkingDays(d("2025-04-04"), -3)).isEqualTo(d("2025-03-28"));
        assertThat(MOROCCO.addWorkingDays(d("2026-01-05"), -1)).isEqualTo(d("2026-01-02"));
        assertThat(MOROCCO.addWorkingDays(d("2026-01-05"), -2)).isEqualTo(d("2025-12-31"));
        assertThat(MOROCCO.workingDaysBetween(d("2026-01-05"), d("2025-12-30"))).isEqualTo(-3);
    }

    /** The fast counting agrees with a day-by-day count everywhere, both ways, across years and holidays. */
    @Test
    void agreesWithANaiveDayByDayCount() {
        Random rnd = new Random(55_19);
        for (int i = 0; i < 3_000; i++) {
            LocalDate start = d("2023-06-01").plusDays(rnd.nextInt(365 * 5));
            int n = rnd.nextInt(81) - 40;
            LocalDate expected = naiveAdd(MOROCCO, start, n);
            assertThat(MOROCCO.addWorkingDays(start, n)).as("%s %+d", start, n).isEqualTo(expected);
            LocalDate other = start.plusDays(rnd.nextInt(200) - 100);
            assertThat(MOROCCO.workingDaysBetween(start, other)).as("(%s, %s]", start, other).isEqualTo(naiveBetween(MOROCCO, start, other));
            if (n > 0) {
                assertThat(MOROCCO.isWorkingDay(MOROCCO.addWorkingDays(start, n))).isTrue();
                assertThat(MOROCCO.workingDaysBetween(start, MOROCCO.addWorkingDays(start, n))).isEqualTo(n);
            }
        }
    }

    @Test
    void cancelledDatesAreWorkingDaysAgain() {
        WorkingCalendar cal = new WorkingCalendar(EnumSet.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY),
                List.of(new WorkingCalendar.AnnualHoliday(MonthDay.of(11, 6), "Marche Verte")),
                Map.of(d("2026-03-20"), "Aïd Al Fitr (1)", d("2026-03-23"), "Aïd Al Fitr (2)"),
                Set.of(d("2026-03-20"), d("2026-11-06")));
        assertThat(cal.isWorkingDay(d("2026-03-20"))).isTrue();
        assertThat(cal.holiday(d("2026-03-20"))).isEmpty();
        assertThat(cal.isWorkingDay(d("2026-03-23"))).isFalse();
        assertThat(cal.isWorkingDay(d("2026-11-06"))).isTrue();
        assertThat(cal.isWorkingDay(d("2025-11-06"))).isFalse();
        assertThat(cal.holidays(2026)).containsOnlyKeys(d("2026-03-23"));
    }

    @Test
    void anotherWeekendIsHonoured() {
        WorkingCalendar fridays = new WorkingCalendar(EnumSet.of(DayOfWeek.FRIDAY), List.of(), Map.of(), Set.of());
        // Thursday + 1 skips Friday only.
        assertThat(fridays.addWorkingDays(d("2025-11-06"), 1)).isEqualTo(d("2025-11-08"));
        assertThat(fridays.workingDaysBetween(d("2025-11-02"), d("2025-11-30"))).isEqualTo(24);
        assertThatThrownBy(() -> new WorkingCalendar(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.SATURDAY), List.of(), Map.of(), Set.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("two working days");
    }

    @Test
    void aFebruary29HolidayOnlyInLeapYears() {
        WorkingCalendar cal = WorkingCalendar.of(List.of(new WorkingCalendar.AnnualHoliday(MonthDay.of(2, 29), "leap")), Map.of());
        assertThat(cal.isWorkingDay(d("2028-02-29"))).isFalse();
        assertThat(cal.holidays(2027)).isEmpty();
        assertThat(cal.workingDaysBetween(d("2027-02-26"), d("2027-03-01"))).isEqualTo(1);
    }

    @Test
    void datesOutsideTheRangeAreRefusedWithAReason() {
        assertThatThrownBy(() -> MOROCCO.isWorkingDay(d("1969-12-31"))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1970");
        assertThatThrownBy(() -> MOROCCO.addWorkingDays(d("2199-12-30"), 5)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside");
        assertThatThrownBy(() -> MOROCCO.addWorkingDays(d("1970-01-02"), -5)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside");
        assertThat(MOROCCO.addWorkingDays(d("1970-01-05"), -1)).isEqualTo(d("1970-01-02"));
    }

    @Test
    void theCountIsFastEnoughForTheRanking() {
        LocalDate[] from = new LocalDate[700];
        LocalDate[] to = new LocalDate[300];
        for (int i = 0; i < from.length; i++) {
            from[i] = d("2024-01-01").plusDays(i);
        }
        for (int i = 0; i < to.length; i++) {
            to[i] = d("2025-06-01").plusDays(i);
        }
        long t0 = System.nanoTime();
        long sum = 0;
        for (int i = 0; i < 1_000_000; i++) {
            sum += MOROCCO.workingDaysBetween(from[i % 700], to[i % 300]);
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(sum).isNotZero();
        // A million counts: well under what a quarter's ranking can afford (measured well under a second here, cold).
        assertThat(ms).isLessThan(5_000);
    }

    private static LocalDate naiveAdd(WorkingCalendar cal, LocalDate start, int n) {
        LocalDate d = start;
        int step = n >= 0 ? 1 : -1;
        int left = Math.abs(n);
        while (left > 0) {
            d = d.plusDays(step);
            if (!cal.isWeekend(d) && cal.holiday(d).isEmpty()) {
                left--;
            }
        }
        return d;
    }

    private static int naiveBetween(WorkingCalendar cal, LocalDate a, LocalDate b) {
        if (b.isBefore(a)) {
            return -naiveBetween(cal, b, a);
        }
        int n = 0;
        for (LocalDate d = a.plusDays(1); !d.isAfter(b); d = d.plusDays(1)) {
            if (!cal.isWeekend(d) && cal.holiday(d).isEmpty()) {
                n++;
            }
        }
        return n;
    }
}
