package ma.rokhsa.api.fees;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One version of a commune's tariff, valid from {@code validFrom} to {@code validTo} inclusive
 * ({@code validTo} null: in force until a newer version closes it). Versions never overlap.
 */
public record Tariff(UUID id, String communeCode, int version, LocalDate validFrom, LocalDate validTo,
                     TariffRates rates, String note, OffsetDateTime createdAt) {

    public boolean validOn(LocalDate d) {
        return !d.isBefore(validFrom) && (validTo == null || !d.isAfter(validTo));
    }
}
