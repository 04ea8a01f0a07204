package ma.rokhsa.api.fees;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The rates of one tariff version of a commune, stored as JSON:
 * <ul>
 * <li>{@code constructionPerM2}: tax on construction operations, MAD per m2 of covered floor area, by
 *     {@link CoveredUse} name; applies to the dossier types in {@code constructionTypes};</li>
 * <li>{@code subdivisionPercent}: tax on subdivision operations, percent of the declared works cost;
 *     applies to the dossier types in {@code subdivisionTypes};</li>
 * <li>{@code fixedFees}: a fixed amount in MAD per dossier type (e.g. the fixed duty on restoration works).</li>
 * </ul>
 */
public record TariffRates(Map<String, BigDecimal> constructionPerM2, List<String> constructionTypes,
                          BigDecimal subdivisionPercent, List<String> subdivisionTypes,
                          Map<String, BigDecimal> fixedFees) {

    private static final BigDecimal MAX_PER_M2 = new BigDecimal("1000");
    private static final BigDecimal MAX_PERCENT = new BigDecimal("20");
    private static final BigDecimal MAX_FIXED = new BigDecimal("100000");

    public TariffRates {
        constructionPerM2 = constructionPerM2 == null ? Map.of() : Map.copyOf(constructionPerM2);
        constructionTypes = constructionTypes == null ? List.of() : List.copyOf(constructionTypes);
        subdivisionTypes = subdivisionTypes == null ? List.of() : List.copyOf(subdivisionTypes);
        fixedFees = fixedFees == null ? Map.of() : Map.copyOf(fixedFees);
    }

    /** What is wrong with these rates, in words an administrator can act on; empty when they are fine. */
    public List<String> problems() {
        List<String> out = new ArrayList<>();
        constructionPerM2.forEach((use, rate) -> {
            try {
                CoveredUse.valueOf(use);
            } catch (IllegalArgumentException e) {
                out.add("constructionPerM2: unknown use '" + use + "' (use one of " + List.of(CoveredUse.values()) + ")");
            }
            checkRange(out, "constructionPerM2." + use, rate, MAX_PER_M2);
        });
        if (!constructionTypes.isEmpty() && constructionPerM2.isEmpty()) {
            out.add("constructionTypes is set but constructionPerM2 gives no rate");
        }
        if (!subdivisionTypes.isEmpty() && subdivisionPercent == null) {
            out.add("subdivisionTypes is set but subdivisionPercent is missing");
        }
        if (subdivisionPercent != null) {
            checkRange(out, "subdivisionPercent", subdivisionPercent, MAX_PERCENT);
        }
        fixedFees.forEach((type, fee) -> checkRange(out, "fixedFees." + type, fee, MAX_FIXED));
        return out;
    }

    private static void checkRange(List<String> out, String what, BigDecimal v, BigDecimal max) {
        if (v == null) {
            out.add(what + " is missing");
        } else if (v.signum() < 0 || v.compareTo(max) > 0) {
            out.add(what + " = " + v.toPlainString() + " is outside 0.." + max.toPlainString());
        } else if (v.scale() > 2 && v.stripTrailingZeros().scale() > 2) {
            out.add(what + " = " + v.toPlainString() + " has more than two decimals");
        }
    }
}
