package ma.rokhsa.api.fees;

import java.math.BigDecimal;
import java.net.URI;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import ma.rokhsa.api.dossier.DossierRecord;
import ma.rokhsa.api.dossier.DossierService;
import ma.rokhsa.api.security.Viewer;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Declared figures and fees of a dossier (scoped like the dossier), and the communes' tariffs. */
@RestController
@Tag(name = "Fees")
class FeeController {

    private final FeeService fees;
    private final DossierService dossiers;

    FeeController(FeeService fees, DossierService dossiers) {
        this.fees = fees;
        this.dossiers = dossiers;
    }

    record FiguresView(UUID dossierId, Map<CoveredUse, BigDecimal> coveredArea, BigDecimal worksCost, Integer lots,
                       OffsetDateTime updatedAt) {
    }

    record FeesView(UUID dossierId, String reference, String type, String communeCode, LocalDate date, boolean estimate,
                    Fees.TariffRef tariff, String currency, List<Fees.Line> lines, BigDecimal total, FiguresView figures) {
    }

    record NewTariffRequest(@NotBlank String communeCode, @NotNull LocalDate validFrom, @NotNull TariffRates rates,
                            @Size(max = 500) String note) {
    }

    @PutMapping("/api/dossiers/{id}/figures")
    @Operation(summary = "Declare the figures the fees are computed from (the architect, while draft or returned)")
    Mono<FiguresView> declare(Viewer viewer, @PathVariable UUID id, @RequestBody FeeService.FiguresRequest body) {
        return fees.declare(viewer, id, body).map(f -> view(id, f));
    }

    @GetMapping("/api/dossiers/{id}/figures")
    @Operation(summary = "The figures declared for a dossier")
    Mono<FiguresView> figures(Viewer viewer, @PathVariable UUID id) {
        return dossiers.visible(viewer, id).flatMap(d -> fees.figures(d.id())).map(f -> view(id, f));
    }

    @GetMapping("/api/dossiers/{id}/fees")
    @Operation(summary = "A dossier's fees with their calculation: lines (label, base, rate, amount), total, tariff version")
    Mono<FeesView> fees(Viewer viewer, @PathVariable UUID id) {
        return dossiers.visible(viewer, id).flatMap(d -> fees.fees(d).zipWith(fees.figures(d.id()))
                .map(t -> view(d, t.getT1(), t.getT2())));
    }

    @GetMapping("/api/communes/{code}/tariffs")
    @Operation(summary = "Every version of a commune's tariff, newest first")
    Flux<Tariff> tariffs(Viewer viewer, @PathVariable String code) {
        return fees.tariffs(code);
    }

    @PostMapping("/api/admin/tariffs")
    @Operation(summary = "Create a new tariff version for a commune from a date, closing the previous one (administrators)")
    Mono<ResponseEntity<Tariff>> newVersion(Viewer viewer, @Valid @RequestBody NewTariffRequest body) {
        return fees.newVersion(viewer, new FeeService.NewTariff(body.communeCode(), body.validFrom(), body.rates(), body.note()))
                .map(t -> ResponseEntity.created(URI.create("/api/communes/" + t.communeCode() + "/tariffs")).body(t));
    }

    private static FiguresView view(UUID id, DeclaredFigures f) {
        Map<CoveredUse, BigDecimal> areas = new EnumMap<>(CoveredUse.class);
        areas.putAll(f.coveredArea());
        return new FiguresView(id, areas, f.worksCost(), f.lots(), f.updatedAt());
    }

    private static FeesView view(DossierRecord d, Fees f, DeclaredFigures figures) {
        return new FeesView(d.id(), d.reference(), d.type(), d.communeCode(), f.date(), f.estimate(), f.tariff(),
                f.currency(), f.lines(), f.total(), view(d.id(), figures));
    }
}
