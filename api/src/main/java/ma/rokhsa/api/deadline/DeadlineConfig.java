package ma.rokhsa.api.deadline;

import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Binds the holidays and deadline rules and publishes the {@link LegalClock}. */
@Configuration
@EnableConfigurationProperties({HolidayProperties.class, DeadlineProperties.class})
class DeadlineConfig {

    @Bean
    LegalClock legalClock(HolidayCalendar calendar, DeadlineProperties deadlines,
                          @Value("${rokhsa.zone:Africa/Casablanca}") ZoneId zone) {
        Map<String, LegalClock.Rule> rules = new LinkedHashMap<>();
        deadlines.rules().forEach((name, r) -> rules.put(name, r.toRule()));
        return new LegalClock(calendar::current, zone, rules);
    }
}
