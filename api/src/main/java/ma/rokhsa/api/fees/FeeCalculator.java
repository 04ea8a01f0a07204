package ma.rokhsa.api.fees;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import ma.rokhsa.api.web.ApiProblem;
import org.springframework.http.HttpStatus;

/**
 * Computes a dossier's fees from its declared figures and a tariff version. Pure and thread-safe.
 *
 * <p>Rules (law 47-06 on local taxation): the construction tax is charged per m2 of covered floor area,
 * every started m2 counting as a whole one, at the rate of each use; the subdivision tax is a percentage
 * of the works cost; a fixed fee may apply per dossier type. Amounts are rounded half-up to the centime.
 */
final class FeeCalculator {

    static final String CURRENCY = "MAD";

    Fees compute(String dossierType, String dossierTypeName, DeclaredFigures figures, Tariff tariff, LocalDate date,
                 boolean estimate) {
        TariffRates rates = tariff.rates();
        List<Fees.Line> lines = new ArrayList<>();
        if (rates.constructionTypes().contains(dossierType)) {
            if (figures.coveredArea().values().stream().noneMatch(a -> a.signum() > 0)) {
                throw missing("the covered floor area per use (coveredArea, in m2)");
            }
            for (var e : new TreeMap<>(figures.coveredArea()).entrySet()) {
                if (e.getValue().signum() <= 0) {
                    continue;
                }
                BigDecimal rate = rates.constructionPerM2().get(e.getKey().name());
                if (rate == null) {
                    throw new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, "TARIFF_INCOMPLETE",
                            "Tariff version " + tariff.version() + " of commune " + tariff.communeCode()
                                    + " has no construction rate for " + e.getKey() + " (" + e.getKey().label()
                                    + "): the commune's administrator must add it in a new tariff version.");
                }
                BigDecimal base = e.getValue().setScale(0, RoundingMode.CEILING);
                lines.add(new Fees.Line("CONSTRUCTION_TAX." + e.getKey().name(),
                        "Taxe sur les opérations de construction - " + e.getKey().label(),
                        base, "m2", rate, CURRENCY + "/m2", money(base.multiply(rate))));
            }
        }
        if (rates.subdivisionTypes().contains(dossierType)) {
            if (figures.worksCost() == null || figures.worksCost().signum() <= 0) {
                throw missing("the works cost (worksCost, in MAD)");
            }
            BigDecimal pct = rates.subdivisionPercent();
            lines.add(new Fees.Line("SUBDIVISION_TAX", "Taxe sur les opérations de lotissement",
                    figures.worksCost(), CURRENCY, pct, "%",
                    money(figures.worksCost().multiply(pct).divide(BigDecimal.valueOf(100)))));
        }
        BigDecimal fixed = rates.fixedFees().get(dossierType);
        if (fixed != null && fixed.signum() > 0) {
            lines.add(new Fees.Line("FIXED_FEE." + dossierType, "Droit fixe - " + dossierTypeName,
                    BigDecimal.ONE, "dossier", fixed, CURRENCY, money(fixed)));
        }
        BigDecimal total = money(lines.stream().map(Fees.Line::amount).reduce(BigDecimal.ZERO, BigDecimal::add));
        return new Fees(date, estimate, new Fees.TariffRef(tariff.id(), tariff.communeCode(), tariff.version(),
                tariff.validFrom(), tariff.validTo()), CURRENCY, lines, total);
    }

    static BigDecimal money(BigDecimal v) {
        return v.setScale(2, RoundingMode.HALF_UP);
    }

    private static ApiProblem missing(String what) {
        return new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, "FIGURES_MISSING",
                "The fees cannot be computed yet: declare " + what + " with PUT /api/dossiers/{id}/figures.",
                Map.of());
    }
}
