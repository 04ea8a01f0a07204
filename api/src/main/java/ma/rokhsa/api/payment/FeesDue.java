package ma.rokhsa.api.payment;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.UUID;

import ma.rokhsa.api.fees.Fees;

/**
 * The fees a dossier must pay, fixed at decision time with their calculation; {@code paidAt} is set
 * once payments cover them (at once when there is nothing to pay).
 */
public record FeesDue(UUID dossierId, BigDecimal amount, String currency, Fees calculation, OffsetDateTime fixedAt,
                      OffsetDateTime paidAt) {

    public boolean paid() {
        return paidAt != null;
    }
}
