package ma.rokhsa.api.payment;

/**
 * Where a payment stands: {@code PENDING} (the payer was sent to the gateway), {@code PAID} (approved,
 * amount and currency matched: counted), {@code FAILED} (declined; the payer may try again),
 * {@code FLAGGED} (something did not match or the fees were already paid: not counted, a person must
 * look at it, e.g. to refund).
 */
public enum PaymentStatus { PENDING, PAID, FAILED, FLAGGED }
