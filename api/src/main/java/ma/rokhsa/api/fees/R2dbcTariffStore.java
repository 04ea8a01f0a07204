package ma.rokhsa.api.fees;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Tariff versions and declared figures in PostgreSQL. Non-blocking (R2DBC). */
@Component
class R2dbcTariffStore {

    private static final TypeReference<Map<String, BigDecimal>> AREAS = new TypeReference<>() { };

    private final DatabaseClient db;
    private final JsonMapper json;
    /** Declared figures are stamped with the application's time. */
    private final java.time.Clock clock;

    R2dbcTariffStore(DatabaseClient db, JsonMapper json, java.time.Clock clock) {
        this.db = db;
        this.json = json;
        this.clock = clock;
    }

    /** The version of a commune's tariff in force on a day. */
    Mono<Tariff> validOn(String communeCode, LocalDate day) {
        return db.sql("""
                        SELECT * FROM tariff WHERE commune_code = :c AND valid_from <= :d AND (valid_to IS NULL OR valid_to >= :d)
                        ORDER BY valid_from DESC LIMIT 1""")
                .bind("c", communeCode).bind("d", day).map(this::toTariff).one();
    }

    Flux<Tariff> versions(String communeCode) {
        return db.sql("SELECT * FROM tariff WHERE commune_code = :c ORDER BY version DESC")
                .bind("c", communeCode).map(this::toTariff).all();
    }

    /** Serialises tariff changes of one commune for the rest of the transaction. */
    Mono<Void> lockCommune(String communeCode) {
        return db.sql("SELECT pg_advisory_xact_lock(hashtext('tariff:' || :c))").bind("c", communeCode).then();
    }

    Mono<Tariff> latest(String communeCode) {
        return db.sql("SELECT * FROM tariff WHERE commune_code = :c ORDER BY version DESC LIMIT 1")
                .bind("c", communeCode).map(this::toTariff).one();
    }

    Mono<Long> close(UUID id, LocalDate lastDay) {
        return db.sql("UPDATE tariff SET valid_to = :t WHERE id = :id AND valid_to IS NULL")
                .bind("t", lastDay).bind("id", id).fetch().rowsUpdated();
    }

    Mono<Void> insert(UUID id, String communeCode, int version, LocalDate validFrom, TariffRates rates, String note, UUID by) {
        return db.sql("""
                        INSERT INTO tariff (id, commune_code, version, valid_from, rates, note, created_by)
                        VALUES (:id, :c, :v, :f, :r, :n, :by)""")
                .bind("id", id).bind("c", communeCode).bind("v", version).bind("f", validFrom)
                .bind("r", Json.of(json.writeValueAsString(rates)))
                .bind("n", Parameter.fromOrEmpty(note, String.class))
                .bind("by", Parameter.fromOrEmpty(by, UUID.class))
                .then();
    }

    Mono<Boolean> communeExists(String code) {
        return db.sql("SELECT count(*) AS n FROM commune WHERE code = :c").bind("c", code)
                .map(r -> r.get("n", Long.class) > 0).one();
    }

    Mono<Tariff> find(UUID id) {
        return db.sql("SELECT * FROM tariff WHERE id = :id").bind("id", id).map(this::toTariff).one();
    }

    // ---- declared figures

    Mono<DeclaredFigures> figures(UUID dossierId) {
        return db.sql("SELECT * FROM dossier_figures WHERE dossier_id = :d").bind("d", dossierId)
                .map(r -> {
                    Map<String, BigDecimal> raw = json.readValue(r.get("covered_area", Json.class).asString(), AREAS);
                    Map<CoveredUse, BigDecimal> areas = new EnumMap<>(CoveredUse.class);
                    raw.forEach((k, v) -> areas.put(CoveredUse.valueOf(k), v));
                    return new DeclaredFigures(areas, r.get("works_cost", BigDecimal.class), r.get("lots", Integer.class),
                            r.get("updated_at", OffsetDateTime.class));
                })
                .one();
    }

    Mono<Void> saveFigures(UUID dossierId, DeclaredFigures f, UUID by) {
        Map<String, BigDecimal> areas = new LinkedHashMap<>();
        f.coveredArea().forEach((k, v) -> areas.put(k.name(), v));
        return db.sql("""
                        INSERT INTO dossier_figures (dossier_id, covered_area, works_cost, lots, updated_by, updated_at)
                        VALUES (:d, :a, :w, :l, :by, :now)
                        ON CONFLICT (dossier_id) DO UPDATE SET covered_area = EXCLUDED.covered_area, works_cost = EXCLUDED.works_cost,
                               lots = EXCLUDED.lots, updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at""")
                .bind("d", dossierId).bind("a", Json.of(json.writeValueAsString(areas)))
                .bind("w", Parameter.fromOrEmpty(f.worksCost(), BigDecimal.class))
                .bind("l", Parameter.fromOrEmpty(f.lots(), Integer.class))
                .bind("by", by).bind("now", OffsetDateTime.ofInstant(clock.instant(), java.time.ZoneOffset.UTC))
                .then();
    }

    private Tariff toTariff(Readable r) {
        return new Tariff(r.get("id", UUID.class), r.get("commune_code", String.class), r.get("version", Integer.class),
                r.get("valid_from", LocalDate.class), r.get("valid_to", LocalDate.class),
                json.readValue(r.get("rates", Json.class).asString(), TariffRates.class),
                r.get("note", String.class), r.get("created_at", OffsetDateTime.class));
    }
}
