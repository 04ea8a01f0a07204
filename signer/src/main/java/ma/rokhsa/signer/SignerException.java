package ma.rokhsa.signer;

import java.util.Map;
import java.util.Objects;

/**
 * The one unchecked exception of the signer module. It carries a stable {@link Code} (safe to
 * branch on, to count, to map to an HTTP status) and a message that tells a person what to fix.
 * Checked exceptions of PDFBox, BouncyCastle and the JDK are wrapped into it at the module edge.
 * Messages never contain a PIN, a key or a password.
 */
public class SignerException extends RuntimeException {

    /** Stable error codes. Never renamed: callers and audit logs depend on them. */
    public enum Code {
        /** The bytes are not a PDF (or are damaged beyond parsing). */
        NOT_A_PDF,
        /** The PDF is encrypted with a user password. */
        ENCRYPTED_PDF,
        /** The PDF carries more distinct signatures than a verification checks (a hostile document, most likely). */
        TOO_MANY_SIGNATURES,
        /** A document could not be rendered from its template. */
        RENDER_FAILED,
        /** The PIN does not open the key. Count it: this is the code a lockout counter watches. */
        WRONG_PIN,
        /** The holder has not yet replaced the initial PIN: signing is refused until they do. */
        PIN_CHANGE_REQUIRED,
        /** A new PIN does not satisfy the PIN rules (length, digits, not trivial). */
        WEAK_PIN,
        /** A stored protected key is damaged or not in a known format. */
        KEY_CORRUPT,
        /** A PKCS#12 could not be imported (wrong password, no key, no certificate). */
        PKCS12_IMPORT_FAILED,
        /** The PIN-reset (recovery) wrapping is absent or does not open with the recovery key. */
        RECOVERY_UNAVAILABLE,
        /** The signing certificate is revoked: no new signature may be made with it. */
        CERTIFICATE_REVOKED,
        /** The signing certificate is expired or not yet valid. */
        CERTIFICATE_EXPIRED,
        /** The certificate is not meant for signatures (key usage) or does not match the key. */
        CERTIFICATE_NOT_FOR_SIGNING,
        /** The revocation status of the signing certificate could not be established. */
        REVOCATION_UNKNOWN,
        /** The timestamp authority could not be reached or gave a bad answer. */
        TIMESTAMP_FAILED,
        /** The signature value does not verify with the signing certificate's public key. */
        SIGNATURE_VALUE_INVALID,
        /** The signature container does not fit the space reserved in the PDF. */
        SIGNATURE_TOO_LARGE,
        /** The prepared signature does not belong to this document state (tampered or reused). */
        PREPARED_SIGNATURE_INVALID,
        /** The demo PKI directory cannot be read or written. */
        PKI_STORAGE,
        /** A certificate, CRL or timestamp could not be produced or parsed. */
        CRYPTO_FAILURE,
        /** A certificate revocation list could not be fetched. */
        CRL_FETCH_FAILED
    }

    private final Code code;
    private final Map<String, String> context;

    public SignerException(Code code, String message) {
        this(code, message, Map.of(), null);
    }

    public SignerException(Code code, String message, Throwable cause) {
        this(code, message, Map.of(), cause);
    }

    public SignerException(Code code, String message, Map<String, String> context, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code);
        this.context = Map.copyOf(context);
    }

    /** The stable code. */
    public Code code() {
        return code;
    }

    /** Structured context (e.g. certificate serial, revocation date); never secrets. */
    public Map<String, String> context() {
        return context;
    }

    @Override
    public String toString() {
        return "SignerException[" + code + "]: " + getMessage() + (context.isEmpty() ? "" : " " + context);
    }
}
