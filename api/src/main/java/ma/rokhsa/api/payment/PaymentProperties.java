package ma.rokhsa.api.payment;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code rokhsa.payment.*}: which gateway takes payments, where payers come back to, and the sandbox
 * gateway's settings. The secret never appears in {@link #toString()}.
 */
@ConfigurationProperties("rokhsa.payment")
record PaymentProperties(@DefaultValue("sandbox") String gateway, String returnUrl, @DefaultValue Sandbox sandbox) {

    /**
     * The sandbox gateway: on by default; {@code secret} is the shared signing secret (32+ characters),
     * generated and kept under the data folder when absent in the embedded run, required with the
     * {@code prod} profile.
     */
    record Sandbox(@DefaultValue("true") boolean enabled, String secret, @DefaultValue("ROKHSA-SANDBOX") String merchantId) {
        @Override
        public String toString() {
            return "Sandbox[enabled=" + enabled + ", merchantId=" + merchantId + ", secret=" + (secret == null ? "unset" : "hidden") + "]";
        }
    }
}
