package ma.rokhsa.api.deadline;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The configured holidays ({@code rokhsa.holidays.*}, from {@code holidays.yml}): weekend days, national
 * days that recur every year, and religious holidays by explicit date. Validated at start-up: a
 * malformed date stops the application with a message naming it.
 */
@ConfigurationProperties("rokhsa.holidays")
record HolidayProperties(@DefaultValue({"SATURDAY", "SUNDAY"}) List<DayOfWeek> weekend,
                         @DefaultValue List<Annual> annual,
                         @DefaultValue List<Dated> dated) {

    private static final DateTimeFormatter MONTH_DAY = DateTimeFormatter.ofPattern("MM-dd");

    /** A national day: {@code day} as {@code MM-DD}, observed from {@code fromYear} to {@code toYear} (both optional). */
    record Annual(String day, String name, Integer fromYear, Integer toYear) {
        WorkingCalendar.AnnualHoliday toHoliday() {
            MonthDay md;
            try {
                md = MonthDay.parse(day, MONTH_DAY);
            } catch (DateTimeException | NullPointerException e) {
                throw new IllegalStateException("rokhsa.holidays.annual: day '" + day + "' of '" + name + "' is not MM-DD");
            }
            return new WorkingCalendar.AnnualHoliday(md, require(name, "name of " + day),
                    fromYear == null ? WorkingCalendar.MIN_YEAR : fromYear,
                    toYear == null ? WorkingCalendar.MAX_YEAR : toYear);
        }
    }

    /** A holiday by date ({@code YYYY-MM-DD}) lasting {@code days} consecutive days; {@code confirmed} once announced officially. */
    record Dated(String date, @DefaultValue("1") int days, String name, @DefaultValue("false") boolean confirmed) {
        LocalDate start() {
            try {
                return LocalDate.parse(date);
            } catch (DateTimeException | NullPointerException e) {
                throw new IllegalStateException("rokhsa.holidays.dated: date '" + date + "' of '" + name + "' is not YYYY-MM-DD");
            }
        }
    }

    List<WorkingCalendar.AnnualHoliday> annualHolidays() {
        return annual.stream().map(Annual::toHoliday).toList();
    }

    /** Every configured dated holiday, day by day (a two-day feast gives two entries: "name (1)", "name (2)"). */
    Map<LocalDate, Holiday> datedHolidays() {
        Map<LocalDate, Holiday> out = new LinkedHashMap<>();
        for (Dated d : dated) {
            if (d.days() < 1 || d.days() > 10) {
                throw new IllegalStateException("rokhsa.holidays.dated: '" + d.name() + "' on " + d.date() + " lasts " + d.days() + " days; use 1 to 10");
            }
            LocalDate start = d.start();
            for (int i = 0; i < d.days(); i++) {
                String name = require(d.name(), "name of " + d.date()) + (d.days() > 1 ? " (" + (i + 1) + ")" : "");
                out.put(start.plusDays(i), new Holiday(start.plusDays(i), name, d.confirmed() ? Holiday.Source.CONFIRMED : Holiday.Source.EXPECTED));
            }
        }
        return out;
    }

    private static String require(String s, String what) {
        if (s == null || s.isBlank()) {
            throw new IllegalStateException("rokhsa.holidays: missing " + what);
        }
        return s;
    }
}
