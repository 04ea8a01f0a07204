package ma.rokhsa.signer.pades;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/**
 * The bytes a {@link SignatureToken} must sign: the DER encoding of the CMS signed attributes
 * (which hold the PDF's digest and the signing certificate's hash), and the JCA signature algorithm
 * to use. A token that signs pre-hashed data (HSM, remote service) uses {@link #digest()}.
 */
public record DataToSign(byte[] bytes, String signatureAlgorithm) {

    public DataToSign {
        bytes = bytes.clone();
        Objects.requireNonNull(signatureAlgorithm);
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /** SHA-256 of {@link #bytes()} (the algorithms used here all hash with SHA-256). */
    public byte[] digest() {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
