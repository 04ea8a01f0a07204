package ma.rokhsa.api.signing;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import ma.rokhsa.api.config.RokhsaProperties;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The public link to an issued document's verification, as its QR code carries it: the reference and a
 * token, an HMAC of the reference under a platform key. References follow each other (a commune, a year, a
 * number), so without the token anyone could walk through every dossier's receipts, opinions and decisions;
 * with it, only who holds the document (or its QR code) can have the platform's copy verified. Anyone can
 * still verify a file they have by uploading it.
 */
@Component
public class VerificationLinks {

    /** 128 bits of the HMAC, base64url: 22 characters. */
    private static final int TOKEN_BYTES = 16;

    private final SecretKeySpec key;
    private final String base;

    VerificationLinks(SigningProperties signing, LocalSecrets secrets, RokhsaProperties props) {
        byte[] k = Base64.getDecoder().decode(secrets.get("verification-key", "rokhsa.signing.verification-key",
                signing.verificationKey(), () -> LocalSecrets.random(32)));
        this.key = new SecretKeySpec(k, "HmacSHA256");
        this.base = props.publicBaseUrl();
    }

    /** The link printed on the document with that reference. */
    public URI of(String reference) {
        return UriComponentsBuilder.fromUriString(base).path("/api/verify/{reference}").queryParam("t", token(reference))
                .buildAndExpand(reference).encode().toUri();
    }

    public String token(String reference) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] full = mac.doFinal(reference.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(full, TOKEN_BYTES));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether {@code token} is that reference's (compared in constant time). */
    public boolean valid(String reference, String token) {
        return token != null && reference != null
                && MessageDigest.isEqual(token(reference).getBytes(StandardCharsets.US_ASCII), token.getBytes(StandardCharsets.US_ASCII));
    }
}
