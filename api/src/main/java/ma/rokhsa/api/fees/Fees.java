package ma.rokhsa.api.fees;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * The fees of a dossier with their calculation: one line per item (what, on which base, at which rate,
 * for how much), the total, and the tariff version used. {@code date} is the day whose tariff applies
 * (the submission date; today, with {@code estimate} true, for a dossier not yet submitted).
 * Amounts are in MAD with two decimals.
 */
public record Fees(LocalDate date, boolean estimate, TariffRef tariff, String currency, List<Line> lines, BigDecimal total) {

    public Fees {
        lines = List.copyOf(lines);
    }

    /** Which tariff version was applied. */
    public record TariffRef(UUID id, String communeCode, int version, LocalDate validFrom, LocalDate validTo) {
    }

    /** One item: {@code amount = base x rate} (a percentage rate is divided by 100). */
    public record Line(String code, String label, BigDecimal base, String unit, BigDecimal rate, String rateUnit,
                       BigDecimal amount) {
    }
}
