package ma.rokhsa.api.deadline;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.MonthDay;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Working days for legal deadlines: every day except the weekend days and the public holidays, which
 * are of two sorts: days that recur on the same date every year (national days) and days given by
 * explicit date (religious holidays, which follow the lunar calendar and are announced each year).
 * Holidays are not moved when they fall on a weekend (Moroccan practice: no substitute day).
 *
 * <p>Counting convention (the one of legal deadlines: the day of the triggering event is not counted):
 * {@link #addWorkingDays(LocalDate, int) addWorkingDays(d, n)} is the n-th working day after {@code d},
 * and {@link #workingDaysBetween(LocalDate, LocalDate) workingDaysBetween(a, b)} counts the working days
 * in {@code (a, b]}, so that {@code workingDaysBetween(d, addWorkingDays(d, n)) == n}.
 *
 * <p>Immutable and thread-safe; queries are O(log h) ({@code h}: holidays in the supported range), so
 * ranking millions of dossiers stays cheap. Supported dates: years {@value #MIN_YEAR} to {@value #MAX_YEAR}.
 */
public final class WorkingCalendar {

    public static final int MIN_YEAR = 1970;
    public static final int MAX_YEAR = 2199;

    private static final long MIN_EPOCH_DAY = LocalDate.of(MIN_YEAR, 1, 1).toEpochDay();
    private static final long MAX_EPOCH_DAY = LocalDate.of(MAX_YEAR, 12, 31).toEpochDay();
    /** Index (Monday = 0) of the weekday of MIN_EPOCH_DAY (1 January 1970, a Thursday). */
    private static final int FIRST_DAY_INDEX = LocalDate.ofEpochDay(MIN_EPOCH_DAY).getDayOfWeek().getValue() - 1;

    /** A holiday on the same day every year, from {@code fromYear} to {@code toYear} inclusive. */
    public record AnnualHoliday(MonthDay day, String name, int fromYear, int toYear) {
        public AnnualHoliday {
            Objects.requireNonNull(day, "day");
            Objects.requireNonNull(name, "name");
            if (fromYear > toYear) {
                throw new IllegalArgumentException("Holiday '" + name + "': fromYear " + fromYear + " is after toYear " + toYear);
            }
        }

        public AnnualHoliday(MonthDay day, String name) {
            this(day, name, MIN_YEAR, MAX_YEAR);
        }

        boolean appliesIn(int year) {
            return year >= fromYear && year <= toYear && (day.isValidYear(year));
        }
    }

    private final Set<DayOfWeek> weekend;
    private final boolean[] weekendByIndex = new boolean[7];
    private final int workdaysPerWeek;
    private final List<AnnualHoliday> annual;
    private final Map<LocalDate, String> dated;
    private final Set<LocalDate> cancelled;
    /** Epoch days of the holidays that fall on a weekday (those are the only ones that change a count), sorted. */
    private final long[] weekdayHolidays;

    /**
     * @param weekend   the weekly rest days (at most five)
     * @param annual    holidays on the same date every year
     * @param dated     holidays by explicit date, with their names
     * @param cancelled dates that are <em>not</em> holidays even though a rule above says so (a
     *                  religious holiday moved by the moon sighting, say)
     */
    public WorkingCalendar(Collection<DayOfWeek> weekend, List<AnnualHoliday> annual, Map<LocalDate, String> dated,
                           Collection<LocalDate> cancelled) {
        // An EnumSet keeps the days in week order (Monday first) for display.
        this.weekend = Collections.unmodifiableSet(weekend.isEmpty() ? EnumSet.noneOf(DayOfWeek.class) : EnumSet.copyOf(weekend));
        if (this.weekend.size() > 5) {
            throw new IllegalArgumentException("A week needs at least two working days; weekend given: " + weekend);
        }
        for (DayOfWeek d : this.weekend) {
            weekendByIndex[d.getValue() - 1] = true;
        }
        this.workdaysPerWeek = 7 - this.weekend.size();
        this.annual = List.copyOf(annual);
        this.dated = Map.copyOf(dated);
        this.cancelled = Set.copyOf(cancelled);
        for (LocalDate d : this.dated.keySet()) {
            checkRange(d);
        }
        this.weekdayHolidays = weekdayHolidays();
    }

    /** Saturday and Sunday off, the given holidays, nothing cancelled. */
    public static WorkingCalendar of(List<AnnualHoliday> annual, Map<LocalDate, String> dated) {
        return new WorkingCalendar(EnumSet.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY), annual, dated, Set.of());
    }

    public Set<DayOfWeek> weekend() {
        return weekend;
    }

    public boolean isWeekend(LocalDate d) {
        return weekendByIndex[d.getDayOfWeek().getValue() - 1];
    }

    /** The holiday's name if {@code d} is a public holiday (whatever the day of the week). */
    public Optional<String> holiday(LocalDate d) {
        checkRange(d);
        if (cancelled.contains(d)) {
            return Optional.empty();
        }
        String name = dated.get(d);
        if (name != null) {
            return Optional.of(name);
        }
        MonthDay md = MonthDay.from(d);
        for (AnnualHoliday h : annual) {
            if (h.day().equals(md) && h.appliesIn(d.getYear())) {
                return Optional.of(h.name());
            }
        }
        return Optional.empty();
    }

    public boolean isWorkingDay(LocalDate d) {
        checkRange(d);
        return !isWeekend(d) && Arrays.binarySearch(weekdayHolidays, d.toEpochDay()) < 0;
    }

    /**
     * The n-th working day after {@code start} ({@code start} itself is not counted, whether or not it is
     * a working day); for a negative {@code n}, the |n|-th working day before it. {@code n == 0} gives
     * {@code start}.
     */
    public LocalDate addWorkingDays(LocalDate start, int n) {
        checkRange(start);
        if (n == 0) {
            return start;
        }
        long s = start.toEpochDay();
        // working() steps up by one exactly on working days, so the answer is the smallest day at which
        // it reaches a target: a binary search over the whole range (about 17 steps).
        long target;
        long lo;
        long hi;
        if (n > 0) {
            target = working(s) + n;
            lo = s + 1;
            hi = MAX_EPOCH_DAY;
        } else {
            // The |n|-th working day before s is the first day from which [d, s) holds |n| working days.
            target = working(s - 1) + n + 1;
            lo = MIN_EPOCH_DAY;
            hi = s - 1;
        }
        if (target < 1 || lo > hi || working(hi) < target) {
            throw new IllegalArgumentException(start + (n > 0 ? " plus " : " minus ") + Math.abs(n)
                    + " working days is outside the calendar's range " + MIN_YEAR + "-" + MAX_YEAR);
        }
        while (lo < hi) {
            long mid = (lo + hi) >>> 1;
            if (working(mid) >= target) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return LocalDate.ofEpochDay(lo);
    }

    /** Working days in {@code (a, b]}; negative when {@code b} is before {@code a}. */
    public int workingDaysBetween(LocalDate a, LocalDate b) {
        checkRange(a);
        checkRange(b);
        return Math.toIntExact(working(b.toEpochDay()) - working(a.toEpochDay()));
    }

    /** Every holiday of a year, in date order, including those that fall on a weekend. */
    public SortedMap<LocalDate, String> holidays(int year) {
        if (year < MIN_YEAR || year > MAX_YEAR) {
            throw new IllegalArgumentException("Year " + year + " is outside " + MIN_YEAR + "-" + MAX_YEAR);
        }
        SortedMap<LocalDate, String> out = new TreeMap<>();
        for (AnnualHoliday h : annual) {
            if (h.appliesIn(year)) {
                out.put(h.day().atYear(year), h.name());
            }
        }
        dated.forEach((d, name) -> {
            if (d.getYear() == year) {
                out.put(d, name);
            }
        });
        out.keySet().removeAll(cancelled);
        return out;
    }

    /** Whether any holiday is given by explicit date in this year (if not, its religious holidays are probably missing). */
    public boolean hasDatedHolidays(int year) {
        return dated.keySet().stream().anyMatch(d -> d.getYear() == year);
    }

    /** Working days in [MIN_EPOCH_DAY, day]: weekdays minus weekday holidays. */
    private long working(long epochDay) {
        return weekdaysUpTo(epochDay) - holidaysUpTo(epochDay);
    }

    private long weekdaysUpTo(long epochDay) {
        long days = epochDay - MIN_EPOCH_DAY + 1;
        if (days <= 0) {
            return 0;
        }
        long weeks = days / 7;
        long count = weeks * workdaysPerWeek;
        // The remainder starts on the weekday of MIN_EPOCH_DAY.
        for (int i = 0; i < days % 7; i++) {
            if (!weekendByIndex[(FIRST_DAY_INDEX + i) % 7]) {
                count++;
            }
        }
        return count;
    }

    private long holidaysUpTo(long epochDay) {
        int i = Arrays.binarySearch(weekdayHolidays, epochDay);
        return i >= 0 ? i + 1 : -(i + 1);
    }

    private long[] weekdayHolidays() {
        List<Long> days = new ArrayList<>();
        for (int y = MIN_YEAR; y <= MAX_YEAR; y++) {
            for (AnnualHoliday h : annual) {
                if (h.appliesIn(y)) {
                    days.add(h.day().atYear(y).toEpochDay());
                }
            }
        }
        for (LocalDate d : dated.keySet()) {
            days.add(d.toEpochDay());
        }
        return days.stream().distinct()
                .filter(e -> !isWeekend(LocalDate.ofEpochDay(e)))
                .filter(e -> !cancelled.contains(LocalDate.ofEpochDay(e)))
                .mapToLong(Long::longValue).sorted().toArray();
    }

    private static void checkRange(LocalDate d) {
        long e = d.toEpochDay();
        if (e < MIN_EPOCH_DAY || e > MAX_EPOCH_DAY) {
            throw new IllegalArgumentException("Date " + d + " is outside the calendar's range " + MIN_YEAR + "-" + MAX_YEAR);
        }
    }
}
