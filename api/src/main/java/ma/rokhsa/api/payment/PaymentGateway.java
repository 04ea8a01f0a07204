package ma.rokhsa.api.payment;

import java.math.BigDecimal;
import java.net.URI;
import java.util.Map;

/**
 * A card-payment gateway, modelled on the Moroccan interbank gateways (CMI): the platform sends the
 * payer to the gateway with a signed order (amount, currency, order id, return and callback URLs); the
 * gateway takes the card, then posts a signed server-to-server callback with the result, and the
 * platform answers whether it accepts the payment (so the gateway captures it) or not.
 *
 * <p>Implementations are stateless and thread-safe; {@link #verify} is cheap CPU work (an HMAC), safe
 * on an event loop.
 */
public interface PaymentGateway {

    /** The name in the callback URL ({@code /api/payments/callback/{name}}) and in the payment records. */
    String name();

    /** The URL to send the payer to for this order (it carries the signed order). */
    URI redirect(Order order);

    /**
     * Checks a callback's signature and reads it. Throws an {@code ApiProblem} (400, code
     * {@code BAD_SIGNATURE}) when the signature is missing or wrong, and (400, {@code BAD_CALLBACK})
     * when a required field is missing.
     */
    Callback verify(Map<String, String> params);

    /** The text to answer the gateway's server with, for a processed callback. */
    String answer(Answer answer);

    /**
     * An order: {@code amount} in the currency's major unit with two decimals, {@code currency} as an
     * ISO 4217 numeric code ({@code 504} for MAD).
     */
    record Order(String orderId, BigDecimal amount, String currency, URI okUrl, URI failUrl, URI callbackUrl,
                 String description) {
    }

    /**
     * A verified callback: the gateway's transaction id, the amount and currency as the gateway reports
     * them (compared exactly with the order's), whether the card payment was approved, the gateway's
     * response code and message, and every parameter as received.
     */
    record Callback(String orderId, String transactionId, String amount, String currency, boolean approved,
                    String responseCode, String message, Map<String, String> params) {
    }

    /** What the platform makes of a callback: accept (capture), recorded (a decline, noted), refuse (do not capture). */
    enum Answer { ACCEPT, RECORDED, REFUSE }
}
