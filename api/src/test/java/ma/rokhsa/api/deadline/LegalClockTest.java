package ma.rokhsa.api.deadline;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import ma.rokhsa.api.deadline.LegalClock.Period;
import ma.rokhsa.api.deadline.LegalClock.Rule;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LegalClockTest {

    static final ZoneId CASABLANCA = ZoneId.of("Africa/Casablanca");
    final LegalClock clock = new LegalClock(() -> WorkingCalendarTest.MOROCCO, CASABLANCA,
            Map.of("dispatch", Rule.workingDays(3), "decision-small", Rule.calendarDays(15)));

    static Instant at(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(CASABLANCA).toInstant();
    }

    @Test
    void dispatchDeadlineSkipsTheEid() {
        // Submitted Thursday 27 March 2025 (during Ramadan Morocco is on UTC+0): Fri 28 (1), Eid Mon 31 / Tue 1, Wed 2 (2), Thu 3 (3).
        List<Period> running = List.of(Period.running(at("2025-03-27T16:30")));
        LegalClock.Reading r = clock.read(clock.rule("dispatch"), running, at("2025-04-01T09:00"));
        assertThat(r.elapsed()).isEqualTo(1);
        assertThat(r.remaining()).isEqualTo(2);
        assertThat(r.dueDate()).contains(LocalDate.parse("2025-04-03"));
        assertThat(r.running()).isTrue();
        assertThat(r.overdue()).isFalse();
        assertThat(clock.read(clock.rule("dispatch"), running, at("2025-04-03T23:59")).overdue()).isFalse();
        LegalClock.Reading late = clock.read(clock.rule("dispatch"), running, at("2025-04-04T08:00"));
        assertThat(late.overdue()).isTrue();
        assertThat(late.remaining()).isEqualTo(-1);
    }

    @Test
    void decisionDeadlineIsInCalendarDays() {
        List<Period> running = List.of(Period.running(at("2025-10-01T11:00")));
        LegalClock.Reading r = clock.read(clock.rule("decision-small"), running, at("2025-10-10T09:00"));
        assertThat(r.elapsed()).isEqualTo(9);
        assertThat(r.dueDate()).contains(LocalDate.parse("2025-10-16"));
        assertThat(clock.read(Rule.calendarDays(30), running, at("2025-10-10T09:00")).dueDate()).contains(LocalDate.parse("2025-10-31"));
    }

    @Test
    void theClockStopsWhileReturnedAndRestartsOnResubmission() {
        // 5 days used (1 -> 6 October), returned two weeks, resubmitted on the 20th: 10 days left, due on the 30th.
        List<Period> periods = List.of(
                new Period(at("2025-10-01T11:00"), at("2025-10-06T15:00")),
                Period.running(at("2025-10-20T10:00")));
        LegalClock.Reading r = clock.read(Rule.calendarDays(15), periods, at("2025-10-22T10:00"));
        assertThat(r.elapsed()).isEqualTo(7);
        assertThat(r.remaining()).isEqualTo(8);
        assertThat(r.dueDate()).contains(LocalDate.parse("2025-10-30"));

        // While returned the clock stands still: no due date, the same days left whatever the date.
        List<Period> stopped = periods.subList(0, 1);
        LegalClock.Reading s1 = clock.read(Rule.calendarDays(15), stopped, at("2025-10-08T10:00"));
        LegalClock.Reading s2 = clock.read(Rule.calendarDays(15), stopped, at("2025-12-31T10:00"));
        assertThat(s1.remaining()).isEqualTo(10).isEqualTo(s2.remaining());
        assertThat(s1.running()).isFalse();
        assertThat(s1.dueDate()).isEmpty();
        assertThat(s2.overdue()).isFalse();
    }

    @Test
    void returnedAndResubmittedTheSameDayLosesNothing() {
        List<Period> straight = List.of(Period.running(at("2025-10-01T11:00")));
        List<Period> bounced = List.of(new Period(at("2025-10-01T11:00"), at("2025-10-03T09:00")),
                Period.running(at("2025-10-03T17:00")));
        Instant now = at("2025-10-09T12:00");
        assertThat(clock.read(Rule.calendarDays(15), bounced, now)).isEqualTo(clock.read(Rule.calendarDays(15), straight, now));
        assertThat(clock.read(Rule.workingDays(15), bounced, now)).isEqualTo(clock.read(Rule.workingDays(15), straight, now));
    }

    @Test
    void workingDaysAcrossAReturnAndHolidays() {
        // Opinions from Monday 3 Nov 2025: Tue 4, Wed 5 used (2), returned on the 5th; Thu 6 is Green March anyway.
        // Resubmitted Monday 17 Nov: Tue 18 is Independence Day; 13 left from the 17th: Wed 19 ... Fri 5 Dec.
        List<Period> periods = List.of(new Period(at("2025-11-03T09:00"), at("2025-11-05T16:00")),
                Period.running(at("2025-11-17T09:00")));
        LegalClock.Reading r = clock.read(Rule.workingDays(15), periods, at("2025-11-20T09:00"));
        assertThat(r.elapsed()).isEqualTo(2 + 2);
        assertThat(r.dueDate()).contains(LocalDate.parse("2025-12-05"));
        assertThat(WorkingCalendarTest.MOROCCO.workingDaysBetween(LocalDate.parse("2025-11-17"), LocalDate.parse("2025-12-05"))).isEqualTo(13);
    }

    @Test
    void aDueDateOnAHolidayMovesOnlyWhenTheRuleSaysSo() {
        // 10 calendar days from Sunday 27 Oct 2030 -> Wednesday 6 Nov 2030, Green March.
        List<Period> running = List.of(Period.running(at("2030-10-27T10:00")));
        assertThat(clock.read(Rule.calendarDays(10), running, at("2030-10-28T10:00")).dueDate()).contains(LocalDate.parse("2030-11-06"));
        Rule extended = new Rule(10, LegalClock.DayCount.CALENDAR, true);
        assertThat(clock.read(extended, running, at("2030-10-28T10:00")).dueDate()).contains(LocalDate.parse("2030-11-07"));
        // ... and from a Saturday due date to Monday.
        List<Period> fromWednesday = List.of(Period.running(at("2025-10-01T10:00")));
        assertThat(clock.read(new Rule(10, LegalClock.DayCount.CALENDAR, true), fromWednesday, at("2025-10-02T10:00")).dueDate())
                .contains(LocalDate.parse("2025-10-13"));
    }

    @Test
    void daysAreDaysInCasablancaNotUtc() {
        // 23:30 UTC on 1 October 2025 is already 2 October in Casablanca (UTC+1).
        Instant lateEvening = Instant.parse("2025-10-01T23:30:00Z");
        List<Period> running = List.of(Period.running(lateEvening));
        assertThat(clock.read(Rule.calendarDays(15), running, lateEvening.plusSeconds(3600)).dueDate()).contains(LocalDate.parse("2025-10-17"));
        LegalClock utc = new LegalClock(() -> WorkingCalendarTest.MOROCCO, ZoneId.of("UTC"), Map.of());
        assertThat(utc.read(Rule.calendarDays(15), running, lateEvening.plusSeconds(3600)).dueDate()).contains(LocalDate.parse("2025-10-16"));
    }

    @Test
    void elapsedAcrossTheYearBoundary() {
        List<Period> periods = List.of(new Period(at("2025-12-22T10:00"), at("2025-12-26T10:00")),
                Period.running(at("2025-12-29T10:00")));
        Instant now = at("2026-01-06T10:00");
        assertThat(clock.elapsedCalendarDays(periods, now)).isEqualTo(4 + 8);
        // Working: Tue 23 - Fri 26 (4), then Tue 30, Wed 31, Fri 2, Mon 5, Tue 6 (5): New Year skipped.
        assertThat(clock.elapsedWorkingDays(periods, now)).isEqualTo(4 + 5);
    }

    @Test
    void aClockThatNeverStartedUsesNothing() {
        LegalClock.Reading r = clock.read(Rule.calendarDays(15), List.of(), at("2025-10-22T10:00"));
        assertThat(r.elapsed()).isZero();
        assertThat(r.remaining()).isEqualTo(15);
        assertThat(r.running()).isFalse();
        assertThat(r.dueDate()).isEmpty();
    }

    @Test
    void periodsMustBeInOrderAndOnlyTheLastOpen() {
        Instant a = at("2025-10-01T10:00");
        Instant b = at("2025-10-05T10:00");
        assertThatThrownBy(() -> clock.read(Rule.calendarDays(1), List.of(Period.running(a), new Period(a, b)), b))
                .hasMessageContaining("last period");
        assertThatThrownBy(() -> clock.read(Rule.calendarDays(1), List.of(new Period(a, b), new Period(a, b)), b))
                .hasMessageContaining("overlap");
        assertThatThrownBy(() -> new Period(b, a)).hasMessageContaining("before it starts");
        assertThatThrownBy(() -> clock.rule("nope")).hasMessageContaining("dispatch");
    }
}
