package ma.rokhsa.api.fees;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import ma.rokhsa.api.dossier.DossierEvents;
import ma.rokhsa.api.dossier.DossierRecord;
import ma.rokhsa.api.dossier.DossierService;
import ma.rokhsa.api.dossier.DossierStatus;
import ma.rokhsa.api.dossier.R2dbcDossierStore;
import ma.rokhsa.api.reference.Catalog;
import ma.rokhsa.api.security.Role;
import ma.rokhsa.api.security.Viewer;
import ma.rokhsa.api.web.ApiProblem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Communal fees: the tariff versions of each commune, the figures an architect declares for a dossier,
 * and the fees computed from them with the tariff valid at the dossier's submission date. Every method
 * is non-blocking; reads of a dossier are scoped through {@link DossierService#visible}.
 */
@Service
public class FeeService {

    private static final Logger log = LoggerFactory.getLogger(FeeService.class);
    static final String FIGURES_EVENT = "dossier.figures";

    private static final BigDecimal MAX_AREA = new BigDecimal("10000000");
    private static final BigDecimal MAX_COST = new BigDecimal("100000000000");

    private final R2dbcTariffStore store;
    private final R2dbcDossierStore dossierStore;
    private final DossierService dossiers;
    private final DossierEvents events;
    private final Catalog catalog;
    private final TransactionalOperator tx;
    private final Clock clock;
    private final ZoneId zone;
    private final FeeCalculator calculator = new FeeCalculator();

    FeeService(R2dbcTariffStore store, R2dbcDossierStore dossierStore, DossierService dossiers, DossierEvents events,
               Catalog catalog, TransactionalOperator tx, Clock clock, @Value("${rokhsa.zone:Africa/Casablanca}") ZoneId zone) {
        this.store = store;
        this.dossierStore = dossierStore;
        this.dossiers = dossiers;
        this.events = events;
        this.catalog = catalog;
        this.tx = tx;
        this.clock = clock;
        this.zone = zone;
    }

    /**
     * The fees of a dossier, computed from its declared figures with the tariff valid on its submission
     * date (or today's, marked as an estimate, before submission). Fails with a 422 problem when figures
     * are missing or the commune has no tariff for that date. Not scoped: for the workflow.
     */
    public Mono<Fees> fees(DossierRecord d) {
        boolean estimate = d.submittedAt() == null;
        LocalDate day = estimate ? LocalDate.now(clock.withZone(zone)) : d.submittedAt().atZoneSameInstant(zone).toLocalDate();
        String typeName = catalog.type(d.type()).map(Catalog.DossierType::name).orElse(d.type());
        return store.validOn(d.communeCode(), day)
                .switchIfEmpty(Mono.error(() -> new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, "NO_TARIFF",
                        "Commune " + d.communeCode() + " has no tariff valid on " + day
                                + ": an administrator must create one (POST /api/admin/tariffs).")))
                .zipWith(store.figures(d.id()).defaultIfEmpty(DeclaredFigures.none()))
                .map(t -> calculator.compute(d.type(), typeName, t.getT2(), t.getT1(), day, estimate));
    }

    /** The declared figures of a dossier (empty figures if none were declared). Not scoped. */
    public Mono<DeclaredFigures> figures(UUID dossierId) {
        return store.figures(dossierId).defaultIfEmpty(DeclaredFigures.none());
    }

    /** The figures an architect declares: areas by use name, works cost (MAD), lots. */
    public record FiguresRequest(Map<String, BigDecimal> coveredArea, BigDecimal worksCost, Integer lots) {
    }

    /** Replaces a dossier's declared figures: its architect, while the dossier is a draft or returned. */
    public Mono<DeclaredFigures> declare(Viewer v, UUID dossierId, FiguresRequest req) {
        DeclaredFigures figures;
        try {
            figures = validate(req);
        } catch (ApiProblem p) {
            return Mono.error(p);
        }
        return dossiers.visible(v, dossierId).flatMap(d -> {
            if (!v.is(Role.ARCHITECT) || !d.architectId().equals(v.id())) {
                return Mono.error(ApiProblem.forbidden("ROLE_NOT_ALLOWED", "Only the dossier's architect can declare its figures."));
            }
            return tx.transactional(dossierStore.lock(d.id()).flatMap(locked -> {
                        if (locked.status() != DossierStatus.DRAFT && locked.status() != DossierStatus.RETURNED) {
                            return Mono.error(ApiProblem.conflict("NOT_EDITABLE", "Dossier " + locked.reference() + " is "
                                    + locked.status() + ": figures can only change while it is a draft or returned for completion."));
                        }
                        Map<String, Object> data = new LinkedHashMap<>();
                        Map<String, BigDecimal> areas = new LinkedHashMap<>();
                        figures.coveredArea().forEach((k, a) -> areas.put(k.name(), a));
                        data.put("coveredArea", areas);
                        data.put("worksCost", figures.worksCost());
                        data.put("lots", figures.lots());
                        return store.saveFigures(d.id(), figures, v.id()).then(events.fact(locked, FIGURES_EVENT, data));
                    }))
                    .doOnSuccess(x -> log.info("dossier {} figures declared by {}", d.id(), v.username()))
                    .then(figures(d.id()));
        });
    }

    private static DeclaredFigures validate(FiguresRequest req) {
        List<String> problems = new ArrayList<>();
        Map<CoveredUse, BigDecimal> areas = new EnumMap<>(CoveredUse.class);
        if (req.coveredArea() != null) {
            req.coveredArea().forEach((use, area) -> {
                CoveredUse u;
                try {
                    u = CoveredUse.valueOf(use);
                } catch (IllegalArgumentException e) {
                    problems.add("coveredArea: unknown use '" + use + "'; use one of " + List.of(CoveredUse.values()));
                    return;
                }
                if (area == null || area.signum() < 0 || area.compareTo(MAX_AREA) > 0) {
                    problems.add("coveredArea." + use + " must be between 0 and " + MAX_AREA.toPlainString() + " m2");
                } else if (area.signum() > 0) {
                    areas.put(u, area.stripTrailingZeros().scale() > 2 ? area.setScale(2, java.math.RoundingMode.HALF_UP) : area);
                }
            });
        }
        if (req.worksCost() != null && (req.worksCost().signum() < 0 || req.worksCost().compareTo(MAX_COST) > 0)) {
            problems.add("worksCost must be between 0 and " + MAX_COST.toPlainString() + " MAD");
        }
        if (req.worksCost() != null && req.worksCost().stripTrailingZeros().scale() > 2) {
            problems.add("worksCost has more than two decimals");
        }
        if (req.lots() != null && (req.lots() < 0 || req.lots() > 100_000)) {
            problems.add("lots must be between 0 and 100000");
        }
        if (!problems.isEmpty()) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "INVALID_FIGURES", "Fix the declared figures: " + String.join("; ", problems) + ".",
                    Map.of("errors", problems));
        }
        return new DeclaredFigures(areas, req.worksCost() == null ? null : FeeCalculator.money(req.worksCost()), req.lots(), null);
    }

    // ---- tariffs

    /** Every version of a commune's tariff, newest first. */
    public Flux<Tariff> tariffs(String communeCode) {
        return store.versions(communeCode);
    }

    /** The tariff in force for a commune on a day, if any. */
    public Mono<Tariff> tariffOn(String communeCode, LocalDate day) {
        return store.validOn(communeCode, day);
    }

    /** A new tariff version for a commune. */
    public record NewTariff(String communeCode, LocalDate validFrom, TariffRates rates, String note) {
    }

    /**
     * Creates a new version of a commune's tariff from {@code validFrom} (today or later: tariffs are
     * never retroactive) and closes the previous one the day before. Administrators only.
     */
    public Mono<Tariff> newVersion(Viewer v, NewTariff t) {
        if (!v.is(Role.ADMIN)) {
            return Mono.error(ApiProblem.forbidden("ROLE_NOT_ALLOWED", "Only administrators can change tariffs."));
        }
        List<String> problems = t.rates().problems();
        if (!problems.isEmpty()) {
            return Mono.error(new ApiProblem(HttpStatus.BAD_REQUEST, "INVALID_TARIFF", "Fix the rates: " + String.join("; ", problems) + ".",
                    Map.of("errors", problems)));
        }
        LocalDate today = LocalDate.now(clock.withZone(zone));
        if (t.validFrom().isBefore(today)) {
            return Mono.error(ApiProblem.badRequest("RETROACTIVE_TARIFF", "A tariff cannot apply before today (" + today
                    + "): fees already computed must not change. Give a validFrom of today or later."));
        }
        UUID id = UUID.randomUUID();
        return store.communeExists(t.communeCode())
                .flatMap(exists -> exists ? Mono.empty()
                        : Mono.error(ApiProblem.badRequest("UNKNOWN_COMMUNE", "Unknown commune '" + t.communeCode() + "'. Use a code from GET /api/communes.")))
                .then(tx.transactional(store.lockCommune(t.communeCode())
                        .then(store.latest(t.communeCode()).map(java.util.Optional::of).defaultIfEmpty(java.util.Optional.empty()))
                        .flatMap(latest -> {
                            if (latest.isPresent() && !t.validFrom().isAfter(latest.get().validFrom())) {
                                return Mono.error(ApiProblem.conflict("TARIFF_OVERLAP", "Version " + latest.get().version()
                                        + " of commune " + t.communeCode() + " starts on " + latest.get().validFrom()
                                        + ": a new version must start after that day."));
                            }
                            int version = latest.map(x -> x.version() + 1).orElse(1);
                            Mono<Long> close = latest.map(x -> store.close(x.id(), t.validFrom().minusDays(1))).orElse(Mono.just(0L));
                            return close.then(store.insert(id, t.communeCode(), version, t.validFrom(), t.rates(), t.note(), v.id()));
                        })))
                .then(store.find(id))
                .doOnNext(x -> log.info("tariff of commune {} version {} from {} created by {}", x.communeCode(), x.version(), x.validFrom(), v.username()));
    }
}
