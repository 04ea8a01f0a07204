package ma.rokhsa.api.review;

import java.time.DayOfWeek;
import java.time.LocalDate;

import org.springframework.stereotype.Component;

/** When commission opinions are due: 15 working days after dispatch. */
@Component
class OpinionDeadlines {

    static final int OPINION_WORKING_DAYS = 15;

    LocalDate opinionDue(LocalDate dispatched) {
        LocalDate d = dispatched;
        int left = OPINION_WORKING_DAYS;
        while (left > 0) {
            d = d.plusDays(1);
            if (d.getDayOfWeek() != DayOfWeek.SATURDAY && d.getDayOfWeek() != DayOfWeek.SUNDAY) {
                left--;
            }
        }
        return d;
    }
}
