package ma.rokhsa.api.deadline;

import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The legal deadlines by name ({@code rokhsa.deadlines.rules.<name>}: {@code days}, {@code count}
 * CALENDAR or WORKING, {@code extend-to-working-day}), from {@code holidays.yml}.
 */
@ConfigurationProperties("rokhsa.deadlines")
record DeadlineProperties(@DefaultValue Map<String, RuleProperties> rules) {

    record RuleProperties(int days, LegalClock.DayCount count, @DefaultValue("false") boolean extendToWorkingDay) {
        LegalClock.Rule toRule() {
            return new LegalClock.Rule(days, count == null ? LegalClock.DayCount.CALENDAR : count, extendToWorkingDay);
        }
    }
}
