package ma.rokhsa.api.deadline;

import java.net.URI;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import ma.rokhsa.api.security.Role;
import ma.rokhsa.api.security.Viewer;
import ma.rokhsa.api.web.ApiProblem;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The holiday calendar over HTTP: anyone signed in reads a year; administrators add a holiday (a
 * religious holiday as announced, an exceptional day off) or remove one (a configured date the moon
 * sighting moved).
 */
@RestController
@Tag(name = "Holidays and deadlines")
class HolidayController {

    private final HolidayCalendar calendar;
    private final LegalClock legalClock;
    private final Clock clock;

    HolidayController(HolidayCalendar calendar, LegalClock legalClock, Clock clock) {
        this.calendar = calendar;
        this.legalClock = legalClock;
        this.clock = clock;
    }

    record NewHoliday(@NotNull LocalDate date, @NotBlank @Size(max = 200) String name) {
    }

    record YearView(int year, Set<DayOfWeek> weekend, boolean religiousHolidaysConfigured, List<HolidayView> holidays) {
    }

    record HolidayView(LocalDate date, DayOfWeek dayOfWeek, String name, Holiday.Source source) {
    }

    @GetMapping("/api/holidays")
    @Operation(summary = "The public holidays of a year, with their source (national day, expected or confirmed religious holiday, added by an administrator)")
    Mono<YearView> year(Viewer viewer, @RequestParam(required = false) Integer year) {
        int y = year == null ? LocalDate.now(clock.withZone(legalClock.zone())).getYear() : year;
        checkYear(y);
        return calendar.ready().map(cal -> new YearView(y, cal.weekend(), cal.hasDatedHolidays(y),
                calendar.holidays(y).stream().map(h -> new HolidayView(h.date(), h.date().getDayOfWeek(), h.name(), h.source())).toList()));
    }

    @PostMapping("/api/admin/holidays")
    @Operation(summary = "Add a holiday, or rename one (administrators)")
    Mono<ResponseEntity<HolidayView>> add(Viewer viewer, @Valid @RequestBody NewHoliday body) {
        checkYear(body.date().getYear());
        return admin(viewer)
                .then(calendar.ready())
                .then(calendar.add(body.date(), body.name().strip(), viewer.id()))
                .map(created -> {
                    HolidayView v = new HolidayView(body.date(), body.date().getDayOfWeek(), body.name().strip(), Holiday.Source.ADMIN);
                    return created
                            ? ResponseEntity.created(URI.create("/api/holidays?year=" + body.date().getYear())).body(v)
                            : ResponseEntity.ok(v);
                });
    }

    @DeleteMapping("/api/admin/holidays/{date}")
    @Operation(summary = "Remove a holiday: an added one is deleted, a configured one cancelled (administrators)")
    Mono<ResponseEntity<Void>> remove(Viewer viewer, @PathVariable @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate date) {
        checkYear(date.getYear());
        return admin(viewer)
                .then(calendar.ready())
                .then(Mono.defer(() -> calendar.current().holiday(date).isEmpty()
                        ? Mono.error(ApiProblem.notFound("Holiday on " + date))
                        : calendar.remove(date, viewer.id())))
                .thenReturn(ResponseEntity.noContent().<Void>build());
    }

    private static void checkYear(int year) {
        if (year < WorkingCalendar.MIN_YEAR || year > WorkingCalendar.MAX_YEAR) {
            throw ApiProblem.badRequest("YEAR_OUT_OF_RANGE", "Give a year between " + WorkingCalendar.MIN_YEAR + " and " + WorkingCalendar.MAX_YEAR + ".");
        }
    }

    private static Mono<Void> admin(Viewer v) {
        return v.is(Role.ADMIN) ? Mono.empty() : Mono.error(ApiProblem.forbidden("ROLE_NOT_ALLOWED", "Only administrators can do this."));
    }
}
