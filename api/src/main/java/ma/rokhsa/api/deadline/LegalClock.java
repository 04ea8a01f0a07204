package ma.rokhsa.api.deadline;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The legal clock of a dossier: how much of a deadline has been used, how much is left and on which
 * day it falls, given the periods during which the clock ran. The clock runs from submission, stops
 * while the dossier is returned to its architect, and restarts on resubmission: the caller passes those
 * running periods, the last one open while it still runs.
 *
 * <p>Counting (legal convention, <i>dies a quo non computatur</i>): a period from day {@code s} to day
 * {@code e} (dates in the legal time zone) uses the days in {@code (s, e]}: calendar days
 * {@code e - s}, or the working days among them. So a deadline of {@code n} days from a submission on
 * day {@code d} falls due at the end of day {@code d + n} (or of the n-th working day after {@code d}),
 * and is overdue from the next day. A dossier returned and resubmitted on the same day loses nothing.
 *
 * <p>Whether a rule counts calendar or working days is part of the {@link Rule}: law 55-19 gives the
 * decision deadline (15 days for small projects, 30 for large ones) in calendar days; the dispatch
 * (3) and opinion (15) deadlines of the national platform are working days. A calendar-day rule may
 * also be told to move a due date that falls on a weekend or holiday to the next working day.
 *
 * <p>Pure and thread-safe; the calendar is read through the supplier at each call, so holidays added
 * by an administrator apply at once.
 */
public final class LegalClock {

    /** How a rule counts days. */
    public enum DayCount { CALENDAR, WORKING }

    /**
     * A deadline: {@code days} calendar or working days of running clock; for calendar days,
     * {@code extendToWorkingDay} moves a due date that is not a working day to the next working day.
     */
    public record Rule(int days, DayCount count, boolean extendToWorkingDay) {
        public Rule {
            Objects.requireNonNull(count, "count");
            if (days < 0) {
                throw new IllegalArgumentException("A deadline cannot be negative: " + days);
            }
        }

        public static Rule calendarDays(int days) {
            return new Rule(days, DayCount.CALENDAR, false);
        }

        public static Rule workingDays(int days) {
            return new Rule(days, DayCount.WORKING, false);
        }
    }

    /** A period during which the clock ran: from {@code from} to {@code to}, or still running when {@code to} is null. */
    public record Period(Instant from, Instant to) {
        public Period {
            Objects.requireNonNull(from, "from");
            if (to != null && to.isBefore(from)) {
                throw new IllegalArgumentException("A period cannot end (" + to + ") before it starts (" + from + ")");
            }
        }

        public static Period running(Instant from) {
            return new Period(from, null);
        }

        public boolean isOpen() {
            return to == null;
        }
    }

    /**
     * Where a deadline stands at a moment. {@code elapsed}: days used (calendar or working, as the rule
     * says); {@code remaining}: days left, negative once overdue; {@code dueDate}: the last day allowed,
     * known only while the clock runs; {@code running}: whether it runs now.
     */
    public record Reading(Rule rule, int elapsed, int remaining, boolean running, Optional<LocalDate> dueDate,
                          boolean overdue) {
    }

    private final Supplier<WorkingCalendar> calendar;
    private final ZoneId zone;
    private final Map<String, Rule> rules;

    /**
     * @param calendar where the current working calendar is read at each call
     * @param zone     the legal time zone in which instants become days
     * @param rules    named deadlines ({@code dispatch}, {@code opinions}, {@code decision-small}, ...)
     */
    public LegalClock(Supplier<WorkingCalendar> calendar, ZoneId zone, Map<String, Rule> rules) {
        this.calendar = Objects.requireNonNull(calendar);
        this.zone = Objects.requireNonNull(zone);
        this.rules = Map.copyOf(rules);
    }

    /** A configured deadline by name ({@code rokhsa.deadlines.rules.<name>}). */
    public Rule rule(String name) {
        Rule r = rules.get(name);
        if (r == null) {
            throw new IllegalArgumentException("No deadline rule '" + name + "' is configured; known: " + rules.keySet());
        }
        return r;
    }

    /** Every configured deadline, by name. */
    public Map<String, Rule> rules() {
        return rules;
    }

    /** The working calendar in force now. */
    public WorkingCalendar calendar() {
        return calendar.get();
    }

    /** The legal time zone in which instants become days (Africa/Casablanca by default). */
    public ZoneId zone() {
        return zone;
    }

    /**
     * Reads a deadline at {@code now}. {@code periods} must be in order and must not overlap; only the
     * last may be open. An empty list means the clock never started (nothing used, no due date).
     */
    public Reading read(Rule rule, List<Period> periods, Instant now) {
        check(periods, now);
        WorkingCalendar cal = calendar.get();
        int elapsed = elapsed(rule.count(), periods, now, cal);
        boolean running = !periods.isEmpty() && periods.get(periods.size() - 1).isOpen();
        Optional<LocalDate> due = Optional.empty();
        boolean overdue;
        int remaining = rule.days() - elapsed;
        if (running) {
            LocalDate restart = day(periods.get(periods.size() - 1).from());
            int usedBefore = elapsed - elapsed(rule.count(), List.of(periods.get(periods.size() - 1)), now, cal);
            int left = rule.days() - usedBefore;
            LocalDate d = rule.count() == DayCount.WORKING
                    ? cal.addWorkingDays(restart, left)
                    : restart.plusDays(left);
            if (rule.count() == DayCount.CALENDAR && rule.extendToWorkingDay() && !cal.isWorkingDay(d)) {
                d = cal.addWorkingDays(d, 1);
            }
            due = Optional.of(d);
            overdue = day(now).isAfter(d);
        } else {
            overdue = remaining < 0;
        }
        return new Reading(rule, elapsed, remaining, running, due, overdue);
    }

    /** Calendar days used by the periods at {@code now}. */
    public int elapsedCalendarDays(List<Period> periods, Instant now) {
        check(periods, now);
        return elapsed(DayCount.CALENDAR, periods, now, calendar.get());
    }

    /** Working days used by the periods at {@code now}. */
    public int elapsedWorkingDays(List<Period> periods, Instant now) {
        check(periods, now);
        return elapsed(DayCount.WORKING, periods, now, calendar.get());
    }

    private int elapsed(DayCount count, List<Period> periods, Instant now, WorkingCalendar cal) {
        int total = 0;
        for (Period p : periods) {
            if (p.from().isAfter(now)) {
                continue;
            }
            // Read "at now": a period is counted up to now at most.
            Instant end = p.to() == null || p.to().isAfter(now) ? now : p.to();
            LocalDate from = day(p.from());
            LocalDate to = day(end);
            total += count == DayCount.WORKING
                    ? cal.workingDaysBetween(from, to)
                    : Math.toIntExact(to.toEpochDay() - from.toEpochDay());
        }
        return total;
    }

    private LocalDate day(Instant i) {
        return LocalDate.ofInstant(i, zone);
    }

    private static void check(List<Period> periods, Instant now) {
        Objects.requireNonNull(now, "now");
        for (int i = 0; i < periods.size(); i++) {
            Period p = periods.get(i);
            if (p.isOpen() && i != periods.size() - 1) {
                throw new IllegalArgumentException("Only the last period may be open; period " + i + " of " + periods.size() + " is");
            }
            if (i > 0 && p.from().isBefore(periods.get(i - 1).to())) {
                throw new IllegalArgumentException("Periods overlap or are out of order at index " + i);
            }
        }
    }
}
