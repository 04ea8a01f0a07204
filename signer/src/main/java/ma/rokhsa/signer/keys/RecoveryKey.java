package ma.rokhsa.signer.keys;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * The platform's 256-bit recovery key, which lets an administrator reset a locked key's PIN (the
 * circular: "unlock by reissuing a PIN sent again to the holder") without ever knowing a PIN. Each
 * protected key then carries a second copy wrapped under this key (AES-256-GCM).
 *
 * <p>Keep it outside the database (configuration secret, KMS): the database alone must never be
 * enough to sign. Without a recovery key, a locked key can only be replaced (new key and
 * certificate, old one revoked).
 */
public final class RecoveryKey {

    private final byte[] key;
    private final byte[] id;

    private RecoveryKey(byte[] key) {
        if (key.length != 32) {
            throw new IllegalArgumentException("a recovery key is 32 bytes");
        }
        this.key = key.clone();
        this.id = Arrays.copyOf(sha256(this.key), 8);
    }

    /** From its base64 text form (as kept in configuration). */
    public static RecoveryKey fromBase64(String base64) {
        return new RecoveryKey(Base64.getDecoder().decode(base64.strip()));
    }

    /** A new random recovery key. */
    public static RecoveryKey generate() {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        return new RecoveryKey(k);
    }

    /** Base64 text form, to store in configuration. */
    public String toBase64() {
        return Base64.getEncoder().encodeToString(key);
    }

    byte[] bytes() {
        return key.clone();
    }

    /** A short fingerprint stored beside each wrapping, to tell "another recovery key" from "corrupt". */
    byte[] id() {
        return id.clone();
    }

    static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "RecoveryKey[****]";
    }
}
