package ma.rokhsa.api.ranking;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import ma.rokhsa.api.deadline.LegalClock;
import ma.rokhsa.api.reference.Catalog;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * The national indicators the circular publishes: communes active on the platform, professionals and
 * officials with an account, dossiers filed per day (urbanism and economic), dossiers decided, and the
 * average legal days to a decision for small and large projects.
 *
 * <p>Non-blocking; the figures are computed at most once per {@code rokhsa.ranking.stats-ttl} and shared,
 * and again after each decision.
 */
@Service
public class StatsService {

    static final int ACTIVE_DAYS = 90;
    static final int PER_DAY_DAYS = 30;
    static final int DELAY_DAYS = 365;
    static final List<String> OFFICIALS = List.of("REVIEWER", "COMMISSION_MEMBER", "SIGNATORY", "PROVINCE_CONTACT");

    /** National indicators at {@code computedAt}; windows end then. */
    public record NationalStats(OffsetDateTime computedAt, long communes, long activeCommunes, String activeCommunesRule,
                                long professionals, long officials, DossiersPerDay dossiersPerDay, Decided decided,
                                DelaysToDecision averageLegalDays) {
    }

    /** Dossiers submitted over the last {@code days} days, in all and per category (URBANISM, ECONOMIC) of the catalog. */
    public record DossiersPerDay(int days, long submitted, double average, Map<String, Category> byCategory) {
    }

    public record Category(long submitted, double average) {
    }

    public record Decided(long total, long lastDays, int days, double averagePerDay) {
    }

    /** Mean legal days to a decision of the dossiers decided over the last {@code days} days. */
    public record DelaysToDecision(int days, Delay small, Delay large) {
    }

    public record Delay(long decided, Double averageDays) {
    }

    private final DatabaseClient db;
    private final Catalog catalog;
    private final Clock clock;
    private final ZoneId zone;
    private final Duration ttl;
    private volatile Mono<NationalStats> cached;

    StatsService(DatabaseClient db, Catalog catalog, Clock clock, RankingProperties props, LegalClock legalClock) {
        this.db = db;
        this.zone = legalClock.zone();
        this.catalog = catalog;
        this.clock = clock;
        this.ttl = props.statsTtl();
        this.cached = fresh();
    }

    /** The indicators, from the shared copy while it is fresh. */
    public Mono<NationalStats> current() {
        return cached;
    }

    /** A dossier was decided: the next request computes the figures again. */
    void invalidate() {
        cached = fresh();
    }

    private Mono<NationalStats> fresh() {
        return ttl.isZero() ? Mono.defer(this::compute)
                : Mono.defer(this::compute).cache(v -> ttl, e -> Duration.ZERO, () -> Duration.ZERO);
    }

    Mono<NationalStats> compute() {
        Instant now = clock.instant();
        OffsetDateTime since90 = utc(now.minus(Duration.ofDays(ACTIVE_DAYS)));
        OffsetDateTime since30 = utc(now.minus(Duration.ofDays(PER_DAY_DAYS)));
        OffsetDateTime since365 = utc(now.minus(Duration.ofDays(DELAY_DAYS)));

        Mono<long[]> counts = db.sql("""
                        SELECT (SELECT count(*) FROM commune) AS communes,
                               (SELECT count(DISTINCT commune_code) FROM dossier WHERE submitted_at >= :since90) AS active,
                               (SELECT count(*) FROM app_user WHERE enabled AND role = 'ARCHITECT') AS professionals,
                               (SELECT count(*) FROM app_user WHERE enabled AND role = ANY(:officials)) AS officials,
                               (SELECT count(*) FROM dossier_outcome) AS decided,
                               (SELECT count(*) FROM dossier_outcome WHERE decided_at >= :since30) AS decided30""")
                .bind("since90", since90).bind("since30", since30).bind("officials", OFFICIALS.toArray(String[]::new))
                .map(r -> new long[] {n(r, "communes"), n(r, "active"), n(r, "professionals"), n(r, "officials"),
                        n(r, "decided"), n(r, "decided30")})
                .one();
        Mono<Map<String, Long>> byType = db.sql("SELECT type, count(*) AS n FROM dossier WHERE submitted_at >= :since30 GROUP BY type")
                .bind("since30", since30)
                .map(r -> Map.entry(r.get("type", String.class), n(r, "n"))).all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue);
        Mono<Map<Boolean, Delay>> delays = db.sql("""
                        SELECT large_project, count(*) AS n, avg(legal_days)::float8 AS avg_days
                        FROM dossier_outcome WHERE decided_at >= :since365 GROUP BY large_project""")
                .bind("since365", since365)
                .map(r -> Map.entry(Boolean.TRUE.equals(r.get("large_project", Boolean.class)),
                        new Delay(n(r, "n"), RankingService.round(r.get("avg_days", Double.class), 1))))
                .all().collectMap(Map.Entry::getKey, Map.Entry::getValue);

        return Mono.zip(counts, byType, delays).map(t -> {
            long[] c = t.getT1();
            Map<String, Long> categories = new TreeMap<>();
            long submitted = 0;
            for (var e : t.getT2().entrySet()) {
                String category = catalog.type(e.getKey()).map(Catalog.DossierType::category).orElse("OTHER");
                categories.merge(category, e.getValue(), Long::sum);
                submitted += e.getValue();
            }
            Map<String, Category> perCategory = new TreeMap<>();
            // Every category of the catalog is shown, even with no dossier in the window.
            catalog.types().values().forEach(type -> perCategory.put(type.category(), new Category(0, 0)));
            categories.forEach((k, v) -> perCategory.put(k, new Category(v, perDay(v, PER_DAY_DAYS))));
            Delay none = new Delay(0, null);
            return new NationalStats(now.atZone(zone).toOffsetDateTime(), c[0], c[1],
                    "communes with at least one dossier submitted in the last " + ACTIVE_DAYS + " days",
                    c[2], c[3],
                    new DossiersPerDay(PER_DAY_DAYS, submitted, perDay(submitted, PER_DAY_DAYS), perCategory),
                    new Decided(c[4], c[5], PER_DAY_DAYS, perDay(c[5], PER_DAY_DAYS)),
                    new DelaysToDecision(DELAY_DAYS, t.getT3().getOrDefault(false, none), t.getT3().getOrDefault(true, none)));
        });
    }

    private static double perDay(long n, int days) {
        return RankingService.round((double) n / days, 1);
    }

    private static long n(io.r2dbc.spi.Readable r, String column) {
        Number v = r.get(column, Number.class);
        return v == null ? 0 : v.longValue();
    }

    private static OffsetDateTime utc(Instant i) {
        return i.atOffset(ZoneOffset.UTC);
    }
}
