package ma.rokhsa.api.ranking;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ma.rokhsa.api.web.ApiProblem;

/**
 * The period a ranking covers: a calendar quarter ({@code 2026-Q3}), a calendar year ({@code 2026}), both
 * in the legal time zone, or the live {@code rolling-90} (the 90 days up to now). Dossiers count in the
 * period in which they were decided, {@code [from, to)}; the backlog is read at {@link #asOf()}, the end
 * of the period or now, whichever comes first.
 */
record RankingPeriod(String key, Instant from, Instant to, Instant asOf, boolean live) {

    static final String ROLLING = "rolling-90";
    static final int ROLLING_DAYS = 90;
    private static final Pattern QUARTER = Pattern.compile("(\\d{4})-Q([1-4])");
    private static final Pattern YEAR = Pattern.compile("\\d{4}");
    private static final int FIRST_YEAR = 2000;

    /** Parses a {@code period=} value at {@code now}; null or blank is the live period. A value that is not a period is a 400. */
    static RankingPeriod parse(String value, Instant now, ZoneId zone) {
        String v = value == null ? "" : value.strip().toUpperCase(Locale.ROOT);
        if (v.isEmpty() || v.equals(ROLLING.toUpperCase(Locale.ROOT))) {
            return rolling(now);
        }
        Matcher q = QUARTER.matcher(v);
        if (q.matches()) {
            int year = year(q.group(1), value);
            LocalDate start = LocalDate.of(year, (Integer.parseInt(q.group(2)) - 1) * 3 + 1, 1);
            return calendar(year + "-Q" + q.group(2), start, start.plusMonths(3), now, zone, value);
        }
        if (YEAR.matcher(v).matches()) {
            int year = year(v, value);
            LocalDate start = LocalDate.of(year, 1, 1);
            return calendar(Integer.toString(year), start, start.plusYears(1), now, zone, value);
        }
        throw ApiProblem.badRequest("BAD_PERIOD", "period must be a quarter such as 2026-Q3, a year such as 2026, or "
                + ROLLING + " (the last 90 days, the default); '" + value + "' is none of these.");
    }

    static RankingPeriod rolling(Instant now) {
        return new RankingPeriod(ROLLING, now.minus(java.time.Duration.ofDays(ROLLING_DAYS)), now, now, true);
    }

    /** The first day of the period in the zone, and the day after its last one (for date columns such as due dates). */
    LocalDate firstDay(ZoneId zone) {
        return LocalDate.ofInstant(from, zone);
    }

    LocalDate dayAfter(ZoneId zone) {
        return live ? LocalDate.ofInstant(to, zone).plusDays(1) : LocalDate.ofInstant(to, zone);
    }

    /** Whether a decision at {@code at} falls in this period (so that it changes this period's ranking). */
    boolean covers(Instant at) {
        return !at.isBefore(from) && at.isBefore(to);
    }

    private static RankingPeriod calendar(String key, LocalDate start, LocalDate end, Instant now, ZoneId zone, String raw) {
        Instant from = start.atStartOfDay(zone).toInstant();
        Instant to = end.atStartOfDay(zone).toInstant();
        if (from.isAfter(now)) {
            throw ApiProblem.badRequest("PERIOD_IN_FUTURE", "The period " + raw + " has not started yet (it starts on "
                    + start + "): ask for a past or current quarter or year, or " + ROLLING + ".");
        }
        return new RankingPeriod(key, from, to, to.isAfter(now) ? now : to, false);
    }

    private static int year(String digits, String raw) {
        int year = Integer.parseInt(digits);
        if (year < FIRST_YEAR) {
            throw ApiProblem.badRequest("BAD_PERIOD", "period " + raw + " is before " + FIRST_YEAR
                    + ": the platform holds no decisions that old.");
        }
        return year;
    }
}
