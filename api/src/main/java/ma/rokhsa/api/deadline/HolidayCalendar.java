package ma.rokhsa.api.deadline;

import java.time.LocalDate;
import java.time.MonthDay;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import ma.rokhsa.api.events.PgNotifications;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The live working calendar: the configured holidays ({@code holidays.yml}) merged with those that
 * administrators added or cancelled (table {@code holiday}). Held in memory as an immutable
 * {@link WorkingCalendar}, so reading it never touches the database or blocks; reloaded whenever the
 * table changes on any instance ({@code NOTIFY rokhsa_holidays}) and after a lost connection.
 *
 * <p>Until the first load completes (a few milliseconds after start-up) {@link #current()} answers from
 * the configuration alone; {@link #ready()} waits for the merged one.
 */
@Component
public class HolidayCalendar implements DisposableBean {

    static final String CHANNEL = "rokhsa_holidays";
    private static final Logger log = LoggerFactory.getLogger(HolidayCalendar.class);

    /** An administrator's entry: a holiday added, or a configured one cancelled ({@code holiday == false}). */
    record AdminEntry(LocalDate date, String name, boolean holiday) {
    }

    private record Snapshot(WorkingCalendar calendar, Map<LocalDate, AdminEntry> overrides) {
    }

    private final HolidayProperties config;
    private final DatabaseClient db;
    private final List<WorkingCalendar.AnnualHoliday> annual;
    private final Map<LocalDate, Holiday> configuredDated;
    private final AtomicReference<Snapshot> current;
    private final Sinks.One<WorkingCalendar> firstLoad = Sinks.one();
    private final Disposable subscription;

    HolidayCalendar(HolidayProperties config, DatabaseClient db, PgNotifications notifications) {
        this.config = config;
        this.db = db;
        this.annual = config.annualHolidays();
        this.configuredDated = config.datedHolidays();
        this.current = new AtomicReference<>(build(Map.of()));
        warnAboutMissingYears(current.get().calendar());
        // The reconnect marker PgNotifications sends on every (re)connection triggers the first load too.
        this.subscription = Flux.concat(Mono.just(PgNotifications.Signal.RECONNECTED), notifications.channel(CHANNEL))
                .onBackpressureLatest()
                .concatMap(s -> load().onErrorResume(e -> {
                    log.error("Could not load the administrators' holidays; keeping the previous calendar", e);
                    return Mono.empty();
                }), 1)
                .subscribe(s -> {
                    current.set(s);
                    firstLoad.tryEmitValue(s.calendar());
                });
    }

    /** The calendar as it stands now. Never blocks. */
    public WorkingCalendar current() {
        return current.get().calendar();
    }

    /** The calendar once the administrators' holidays have been loaded at least once. */
    public Mono<WorkingCalendar> ready() {
        return firstLoad.asMono();
    }

    /** The holidays of a year with their source, in date order. */
    public List<Holiday> holidays(int year) {
        Snapshot s = current.get();
        TreeMap<LocalDate, Holiday> out = new TreeMap<>();
        s.calendar().holidays(year).forEach((date, name) -> out.put(date, new Holiday(date, name, source(s, date))));
        return List.copyOf(out.values());
    }

    private Holiday.Source source(Snapshot s, LocalDate date) {
        AdminEntry o = s.overrides().get(date);
        if (o != null && o.holiday()) {
            return Holiday.Source.ADMIN;
        }
        Holiday configured = configuredDated.get(date);
        return configured != null ? configured.source() : Holiday.Source.ANNUAL;
    }

    /** Whether the configuration (not counting administrators' entries) makes this date a holiday. */
    boolean configuredHoliday(LocalDate date) {
        return configuredDated.containsKey(date)
                || annual.stream().anyMatch(h -> h.day().equals(MonthDay.from(date)) && h.fromYear() <= date.getYear() && date.getYear() <= h.toYear());
    }

    /** Adds (or renames) a holiday; returns whether it was new. Reloads before completing. */
    public Mono<Boolean> add(LocalDate date, String name, UUID by) {
        return db.sql("""
                        INSERT INTO holiday (day, name, holiday, created_by) VALUES (:d, :n, true, :by)
                        ON CONFLICT (day) DO UPDATE SET name = EXCLUDED.name, holiday = true, created_by = EXCLUDED.created_by, created_at = now()
                        RETURNING (xmax = 0) AS inserted""")
                .bind("d", date).bind("n", name).bind("by", Parameter.fromOrEmpty(by, UUID.class))
                .map(r -> Boolean.TRUE.equals(r.get("inserted", Boolean.class))).one()
                .flatMap(created -> reloadNow().thenReturn(created));
    }

    /**
     * Removes a holiday: an administrator's own entry is deleted; a configured one is cancelled by an
     * entry that says the date is a working day (a religious holiday moved by the moon sighting).
     */
    public Mono<Void> remove(LocalDate date, UUID by) {
        Mono<Long> write = configuredHoliday(date)
                ? db.sql("""
                        INSERT INTO holiday (day, name, holiday, created_by) VALUES (:d, 'cancelled', false, :by)
                        ON CONFLICT (day) DO UPDATE SET name = 'cancelled', holiday = false, created_by = EXCLUDED.created_by, created_at = now()""")
                        .bind("d", date).bind("by", Parameter.fromOrEmpty(by, UUID.class)).fetch().rowsUpdated()
                : db.sql("DELETE FROM holiday WHERE day = :d").bind("d", date).fetch().rowsUpdated();
        return write.then(reloadNow()).then();
    }

    /** Reloads at once on this instance (others follow through the notification). */
    private Mono<Snapshot> reloadNow() {
        return load().doOnNext(current::set);
    }

    private Mono<Snapshot> load() {
        return db.sql("SELECT day, name, holiday FROM holiday ORDER BY day")
                .map(r -> new AdminEntry(r.get("day", LocalDate.class), r.get("name", String.class),
                        Boolean.TRUE.equals(r.get("holiday", Boolean.class))))
                .all()
                .collectMap(AdminEntry::date)
                .map(this::build);
    }

    private Snapshot build(Map<LocalDate, AdminEntry> overrides) {
        Map<LocalDate, String> dated = new HashMap<>();
        configuredDated.forEach((d, h) -> dated.put(d, h.name()));
        Set<LocalDate> cancelled = new HashSet<>();
        for (AdminEntry o : overrides.values()) {
            if (o.holiday()) {
                dated.put(o.date(), o.name());
            } else {
                cancelled.add(o.date());
                dated.remove(o.date());
            }
        }
        return new Snapshot(new WorkingCalendar(config.weekend(), annual, dated, cancelled), Map.copyOf(overrides));
    }

    private static void warnAboutMissingYears(WorkingCalendar cal) {
        int year = LocalDate.now().getYear();
        List<Integer> missing = new ArrayList<>();
        for (int y = year; y <= year + 1; y++) {
            if (!cal.hasDatedHolidays(y)) {
                missing.add(y);
            }
        }
        if (!missing.isEmpty()) {
            log.warn("No religious holidays are configured for {}: working-day deadlines will count those days as working days. "
                    + "Add them to rokhsa.holidays.dated or with POST /api/admin/holidays.", missing);
        }
    }

    @Override
    public void destroy() {
        subscription.dispose();
    }
}
