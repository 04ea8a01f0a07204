package ma.rokhsa.api.signing;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Signature settings. The embedded default runs the demo PKI and its timestamp authority; secrets left
 * empty are generated into the data folder. In production set the timestamp authority URL, the trust
 * anchors of the national provider, and the secrets.
 */
@ConfigurationProperties("rokhsa.signing")
public record SigningProperties(
        /** Password of the demo PKI's key stores. */
        String pkiPassword,
        /** Extra secret mixed into PIN-derived keys, kept out of the database (base64, 16+ bytes). */
        String pinPepper,
        /** Key that lets an administrator reissue a PIN (base64, from RecoveryKey.generate()). */
        String recoveryKey,
        /** PIN of the platform seal (receipts and certificates are sealed by the platform, not a person). */
        String sealPin,
        /** Key of the tokens in verification links and QR codes (base64, 32 bytes): shared by every instance. */
        String verificationKey,
        /** External RFC 3161 timestamp authority; empty: the demo TSA. */
        String tsaUrl,
        /** PEM files of additional trust anchors for verification (e.g. the national provider's root). */
        @DefaultValue List<String> trustAnchors,
        /** Wrong PINs before a key locks. */
        @DefaultValue("3") int maxWrongPins) {
}
