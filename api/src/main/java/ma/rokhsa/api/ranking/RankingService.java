package ma.rokhsa.api.ranking;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.r2dbc.spi.Readable;
import ma.rokhsa.api.deadline.LegalClock;
import ma.rokhsa.api.reference.Catalog;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * Computes the ranking of communes for a period from the decided dossiers ({@code dossier_outcome}), the
 * open ones ({@code dossier}, {@code dossier_clock}) and the commission opinions ({@code dossier_commission}):
 * four aggregate queries grouped by commune, run concurrently, then the score of {@link RankingFormula}.
 *
 * <p>Non-blocking (R2DBC); thread-safe. Rankings of quarters and years are cached for
 * {@code rokhsa.ranking.cache-ttl}, and dropped when a decision falls in their period
 * ({@link #decided(Instant)}); the live period is kept by {@link LiveRanking}.
 */
@Service
public class RankingService {

    // One row per commune and project size; both sizes together are summed in Java (counts add up; the
    // speed term is defined per size, see RankingFormula). The percentiles make this a sort-based
    // aggregate: codes sorted bytewise ("C") and legal days as float8 sort faster than by locale and numeric.
    private static final String OUTCOMES = """
            SELECT commune_code COLLATE "C" AS commune_code, large_project, count(*) AS decided,
                   percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY legal_days::float8) AS days,
                   count(*) FILTER (WHERE within_deadline) AS within,
                   count(*) FILTER (WHERE outcome = 'DEEMED_APPROVED') AS tacit,
                   count(*) FILTER (WHERE outcome = 'REFUSED') AS refused,
                   count(*) FILTER (WHERE returned_count > 0) AS returned
            FROM dossier_outcome
            WHERE decided_at >= :from AND decided_at < :to
            GROUP BY commune_code COLLATE "C", large_project""";

    // Open at :at = submitted before it and not decided by then: either still open now, or decided since.
    // Legal days at :at are counted as LegalClock counts calendar days: per running period, the days in
    // (start, min(stop, at)], in the legal time zone; a dossier without clock rows counts from submission.
    // The clock only matters for dossiers older than their deadline (the clock never runs faster than the
    // calendar), so younger ones skip the lookup. The status list is the predicate of dossier_backlog_idx.
    private static final String BACKLOG = """
            WITH backlog AS (
                SELECT d.id, d.commune_code, d.type = ANY(:largeTypes) AS large, d.submitted_at
                FROM dossier d
                WHERE d.status IN ('SUBMITTED','RETURNED','IN_REVIEW','DECISION_DRAFTED','FEES_DUE','FEES_PAID')
                  AND d.submitted_at < :at
                UNION ALL
                SELECT o.dossier_id, o.commune_code, o.large_project, o.submitted_at
                FROM dossier_outcome o
                WHERE tstzrange(o.submitted_at, o.decided_at, '[)') @> CAST(:at AS timestamptz)
            ), aged AS (
                SELECT b.*, CAST(:atDay AS date) - (b.submitted_at AT TIME ZONE :zone)::date AS age,
                       CASE WHEN b.large THEN :largeDays ELSE :smallDays END AS deadline
                FROM backlog b
            )
            SELECT a.commune_code, a.large, count(*) AS backlog,
                   count(*) FILTER (WHERE coalesce(c.days, a.age) > a.deadline) AS past_deadline
            FROM aged a
            LEFT JOIN LATERAL (
                SELECT sum((least(coalesce(k.stopped_at, CAST(:at AS timestamptz)), CAST(:at AS timestamptz)) AT TIME ZONE :zone)::date
                           - (k.started_at AT TIME ZONE :zone)::date) AS days
                FROM dossier_clock k
                WHERE a.age > a.deadline AND k.dossier_id = a.id AND k.started_at <= :at
            ) c ON true
            GROUP BY a.commune_code, a.large""";

    // Opinions due in the period; one not given and not yet due (due today or later) is still pending.
    // given_on_time is stored (V30) for Morocco's legal time zone; under another zone it is computed here.
    private static final String ON_TIME_STORED = "given_on_time";
    private static final String ON_TIME_IN_ZONE = "given_at IS NOT NULL AND (given_at AT TIME ZONE :zone)::date <= due_date";
    private static final String OPINIONS = """
            SELECT a.commune_code, a.organisation_code, o.kind, o.name_fr, a.due, a.on_time
            FROM (
                SELECT commune_code, organisation_code, count(*) AS due, count(*) FILTER (WHERE %s) AS on_time
                FROM dossier_commission
                WHERE due_date >= :firstDay AND due_date < :dayAfter AND (given_at IS NOT NULL OR due_date < :today)
                GROUP BY commune_code, organisation_code
            ) a
            JOIN organisation o ON o.code = a.organisation_code""";

    private static final String COMMUNES = """
            SELECT c.code, c.name_fr, c.name_ar, p.code AS province_code, p.name_fr AS province_name
            FROM commune c JOIN province p ON p.code = c.province_code""";

    private final DatabaseClient db;
    private final Catalog catalog;
    private final RankingProperties props;
    private final Clock clock;
    private final ZoneId zone;
    private final int smallDays;
    private final int largeDays;
    private final String opinionsSql;
    private final Ranking.Formula formula;
    private final AsyncCache<String, Ranking> cache;
    private final Timer liveTimer;
    private final Timer periodTimer;

    public RankingService(DatabaseClient db, LegalClock legalClock, Catalog catalog, RankingProperties props, Clock clock,
                          MeterRegistry metrics) {
        this.db = db;
        this.catalog = catalog;
        this.props = props;
        this.clock = clock;
        this.zone = legalClock.zone();
        this.smallDays = calendarDays(legalClock, "decision-small");
        this.largeDays = calendarDays(legalClock, "decision-large");
        this.opinionsSql = OPINIONS.formatted(zone.getId().equals("Africa/Casablanca") ? ON_TIME_STORED : ON_TIME_IN_ZONE);
        this.formula = RankingFormula.describe(props.minDecided());
        // A ranking of every commune weighs a few MB: a few dozen periods at most stay in memory.
        this.cache = Caffeine.newBuilder().maximumSize(24)
                .expireAfterWrite(props.cacheTtl().toNanos(), TimeUnit.NANOSECONDS).buildAsync();
        this.liveTimer = Timer.builder("rokhsa.ranking.compute").tag("period", "live").publishPercentiles(0.5, 0.99).register(metrics);
        this.periodTimer = Timer.builder("rokhsa.ranking.compute").tag("period", "calendar").publishPercentiles(0.5, 0.99).register(metrics);
    }

    /** The backlog past deadline is counted in SQL in calendar days, as law 55-19 gives the decision deadlines. */
    private static int calendarDays(LegalClock legalClock, String rule) {
        LegalClock.Rule r = legalClock.rule(rule);
        if (r.count() != LegalClock.DayCount.CALENDAR) {
            throw new IllegalStateException("rokhsa.deadlines.rules." + rule + " counts " + r.count()
                    + " days; the ranking counts the backlog past its decision deadline in calendar days (law 55-19): "
                    + "set count: CALENDAR, or extend RankingService to count working days.");
        }
        return r.days();
    }

    /** The published formula of the score. */
    public Ranking.Formula formula() {
        return formula;
    }

    /** The ranking of a quarter or year ({@code 2026-Q3}, {@code 2026}), from the cache while it is fresh. */
    Mono<Ranking> ranking(RankingPeriod period) {
        if (props.cacheTtl().isZero()) {
            return compute(period);
        }
        return Mono.fromFuture(() -> cache.get(period.key(), (k, executor) -> compute(period).toFuture()), true);
    }

    /** A decision was recorded at {@code at}: the cached rankings of the periods it falls in are stale. */
    void decided(Instant at) {
        Instant now = clock.instant();
        cache.synchronous().asMap().keySet().removeIf(k -> RankingPeriod.parse(k, now, zone).covers(at));
    }

    ZoneId zone() {
        return zone;
    }

    /** Computes a ranking now, bypassing every cache. */
    Mono<Ranking> compute(RankingPeriod p) {
        OffsetDateTime from = OffsetDateTime.ofInstant(p.from(), ZoneOffset.UTC);
        OffsetDateTime to = OffsetDateTime.ofInstant(p.to(), ZoneOffset.UTC);
        OffsetDateTime at = OffsetDateTime.ofInstant(p.asOf(), ZoneOffset.UTC);
        String[] largeTypes = catalog.types().entrySet().stream().filter(e -> e.getValue().largeProject())
                .map(Map.Entry::getKey).toArray(String[]::new);

        Mono<List<CommuneRow>> communes = db.sql(COMMUNES)
                .map(r -> new CommuneRow(r.get("code", String.class), r.get("name_fr", String.class), r.get("name_ar", String.class),
                        r.get("province_code", String.class), r.get("province_name", String.class)))
                .all().collectList();
        Mono<List<OutcomeRow>> outcomes = db.sql(OUTCOMES).bind("from", from).bind("to", to)
                .map(RankingService::outcome).all().collectList();
        Mono<List<BacklogRow>> backlog = db.sql(BACKLOG).bind("at", at).bind("atDay", LocalDate.ofInstant(p.asOf(), zone))
                .bind("zone", zone.getId()).bind("largeTypes", largeTypes)
                .bind("smallDays", smallDays).bind("largeDays", largeDays)
                .map(r -> new BacklogRow(r.get("commune_code", String.class), Boolean.TRUE.equals(r.get("large", Boolean.class)),
                        num(r, "backlog"), num(r, "past_deadline")))
                .all().collectList();
        LocalDate today = LocalDate.ofInstant(clock.instant(), zone);
        var opinionsSpec = db.sql(opinionsSql);
        if (opinionsSql.contains(":zone")) {
            opinionsSpec = opinionsSpec.bind("zone", zone.getId());
        }
        Mono<List<OpinionRow>> opinions = opinionsSpec
                .bind("firstDay", p.firstDay(zone)).bind("dayAfter", p.dayAfter(zone)).bind("today", today)
                .map(r -> new OpinionRow(r.get("commune_code", String.class), r.get("organisation_code", String.class),
                        r.get("kind", String.class), r.get("name_fr", String.class), num(r, "due"), num(r, "on_time")))
                .all().collectList();

        Timer timer = p.live() ? liveTimer : periodTimer;
        return Mono.defer(() -> {
            long start = System.nanoTime();
            return Mono.zip(communes, outcomes, backlog, opinions)
                    .map(t -> assemble(p, t.getT1(), t.getT2(), t.getT3(), t.getT4()))
                    .doOnSuccess(r -> timer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS));
        });
    }

    record CommuneRow(String code, String name, String nameAr, String provinceCode, String provinceName) {
    }

    record OutcomeRow(String commune, boolean large, long decided, Double medianDays, Double p90Days,
                      long within, long tacit, long refused, long returned) {
    }

    record BacklogRow(String commune, boolean large, long backlog, long pastDeadline) {
    }

    record OpinionRow(String commune, String organisation, String kind, String name, long due, long onTime) {
    }

    private static OutcomeRow outcome(Readable r) {
        Double[] days = r.get("days", Double[].class);
        return new OutcomeRow(r.get("commune_code", String.class), Boolean.TRUE.equals(r.get("large_project", Boolean.class)),
                num(r, "decided"), days[0], days[1], num(r, "within"), num(r, "tacit"), num(r, "refused"), num(r, "returned"));
    }

    private static long num(Readable r, String column) {
        Number n = r.get(column, Number.class);
        return n == null ? 0 : n.longValue();
    }

    private Ranking assemble(RankingPeriod p, List<CommuneRow> communes, List<OutcomeRow> outcomes, List<BacklogRow> backlog,
                             List<OpinionRow> opinions) {
        Map<String, OutcomeRow> small = new HashMap<>();
        Map<String, OutcomeRow> large = new HashMap<>();
        for (OutcomeRow o : outcomes) {
            (o.large() ? large : small).put(o.commune(), o);
        }
        Map<String, BacklogRow> smallBacklog = new HashMap<>();
        Map<String, BacklogRow> largeBacklog = new HashMap<>();
        for (BacklogRow b : backlog) {
            (b.large() ? largeBacklog : smallBacklog).put(b.commune(), b);
        }
        Map<String, List<OpinionRow>> opinionsByCommune = new HashMap<>();
        for (OpinionRow o : opinions) {
            opinionsByCommune.computeIfAbsent(o.commune(), k -> new ArrayList<>()).add(o);
        }

        List<Ranking.CommuneRanking> ranked = new ArrayList<>();
        List<Ranking.CommuneRanking> unranked = new ArrayList<>();
        for (CommuneRow c : communes) {
            OutcomeRow os = small.get(c.code());
            OutcomeRow ol = large.get(c.code());
            Ranking.ProjectSize s = size(smallDays, os, smallBacklog.get(c.code()));
            Ranking.ProjectSize l = size(largeDays, ol, largeBacklog.get(c.code()));
            long decided = s.decided() + l.decided();
            long within = s.withinDeadline() + l.withinDeadline();
            long tacit = s.tacitApprovals() + l.tacitApprovals();
            long backlogCount = s.backlog() + l.backlog();
            long pastDeadline = s.backlogPastDeadline() + l.backlogPastDeadline();
            Ranking.Overall overall = new Ranking.Overall(decided, share(within, decided), tacit, share(tacit, decided),
                    share(s.returned() + l.returned(), decided), backlogCount, pastDeadline, share(pastDeadline, backlogCount));
            Ranking.Opinions ops = opinions(opinionsByCommune.getOrDefault(c.code(), List.of()));

            RankingFormula.Components exact = null;
            Double score = null;
            if (decided > 0) {
                double speed = (s.decided() == 0 ? 0 : s.decided() * RankingFormula.speed(os.medianDays() / smallDays))
                        + (l.decided() == 0 ? 0 : l.decided() * RankingFormula.speed(ol.medianDays() / largeDays));
                exact = new RankingFormula.Components((double) within / decided, speed / decided,
                        1 - (double) tacit / decided, backlogCount == 0 ? 1 : 1 - (double) pastDeadline / backlogCount,
                        ops.due() == 0 ? null : (double) ops.onTime() / ops.due());
                score = RankingFormula.score(exact);
            }
            Ranking.Indicators indicators = new Ranking.Indicators(s, l, overall, ops, exact == null ? null : rounded(exact));
            if (decided >= props.minDecided()) {
                ranked.add(new Ranking.CommuneRanking(null, c.code(), c.name(), c.nameAr(), c.provinceCode(), c.provinceName(),
                        score, decided, null, indicators));
            } else {
                String reason = decided == 0
                        ? "No dossier decided in this period; a commune is ranked from " + props.minDecided() + " decided dossiers."
                        : "Only " + decided + " dossier" + (decided == 1 ? "" : "s") + " decided in this period; a commune is ranked from "
                        + props.minDecided() + ".";
                unranked.add(new Ranking.CommuneRanking(null, c.code(), c.name(), c.nameAr(), c.provinceCode(), c.provinceName(),
                        null, decided, reason, indicators));
            }
        }

        // Competition ranking: equal scores (to 0.1) share a rank, and the next rank skips (1, 2, 2, 4).
        ranked.sort(Comparator.comparing(Ranking.CommuneRanking::score, Comparator.reverseOrder())
                .thenComparing(Ranking.CommuneRanking::name).thenComparing(Ranking.CommuneRanking::code));
        List<Ranking.CommuneRanking> list = new ArrayList<>(ranked.size() + unranked.size());
        for (int i = 0; i < ranked.size(); i++) {
            Ranking.CommuneRanking c = ranked.get(i);
            int rank = i > 0 && c.score().equals(ranked.get(i - 1).score()) ? list.get(i - 1).rank() : i + 1;
            list.add(new Ranking.CommuneRanking(rank, c.code(), c.name(), c.nameAr(), c.provinceCode(), c.provinceName(),
                    c.score(), c.decided(), null, c.indicators()));
        }
        unranked.sort(Comparator.comparing(Ranking.CommuneRanking::decided, Comparator.reverseOrder())
                .thenComparing(Ranking.CommuneRanking::name).thenComparing(Ranking.CommuneRanking::code));
        List<Ranking.Entry> top = list.subList(0, Math.min(10, list.size())).stream().map(Ranking.CommuneRanking::entry).toList();
        List<Ranking.Entry> bottom = list.subList(Math.max(0, list.size() - 10), list.size()).stream()
                .map(Ranking.CommuneRanking::entry).toList();
        int rankedCount = list.size();
        list.addAll(unranked);
        return new Ranking(p.key(), p.from().atZone(zone).toOffsetDateTime(), p.to().atZone(zone).toOffsetDateTime(),
                p.asOf().atZone(zone).toOffsetDateTime(), clock.instant().atZone(zone).toOffsetDateTime(), formula,
                rankedCount, List.copyOf(list), top, bottom);
    }

    private static Ranking.ProjectSize size(int deadline, OutcomeRow o, BacklogRow b) {
        long decided = o == null ? 0 : o.decided();
        long within = o == null ? 0 : o.within();
        long tacit = o == null ? 0 : o.tacit();
        long returned = o == null ? 0 : o.returned();
        return new Ranking.ProjectSize(deadline, decided, o == null ? null : round(o.medianDays(), 1),
                o == null ? null : round(o.p90Days(), 1), within, share(within, decided), tacit, share(tacit, decided),
                o == null ? 0 : o.refused(), returned, share(returned, decided),
                b == null ? 0 : b.backlog(), b == null ? 0 : b.pastDeadline());
    }

    private static Ranking.Opinions opinions(List<OpinionRow> rows) {
        long due = 0;
        long onTime = 0;
        List<Ranking.OrganisationOpinions> byOrg = new ArrayList<>();
        for (OpinionRow r : rows) {
            due += r.due();
            onTime += r.onTime();
            byOrg.add(new Ranking.OrganisationOpinions(r.organisation(), r.kind(), r.name(), r.due(), r.onTime(), share(r.onTime(), r.due())));
        }
        byOrg.sort(Comparator.comparing(Ranking.OrganisationOpinions::code));
        return new Ranking.Opinions(due, onTime, share(onTime, due), List.copyOf(byOrg));
    }

    private static RankingFormula.Components rounded(RankingFormula.Components c) {
        return new RankingFormula.Components(round(c.withinDeadline(), 3), round(c.speed(), 3), round(c.noTacitApproval(), 3),
                round(c.backlogWithinDeadline(), 3), c.opinionsOnTime() == null ? null : round(c.opinionsOnTime(), 3));
    }

    private static Double share(long part, long whole) {
        return whole == 0 ? null : round((double) part / whole, 3);
    }

    static Double round(Double v, int decimals) {
        return v == null ? null : BigDecimal.valueOf(v).setScale(decimals, RoundingMode.HALF_UP).doubleValue();
    }
}
