package ma.rokhsa.signer.pades;

import java.util.Objects;

/** A raw signature value produced by a {@link SignatureToken} over a {@link DataToSign}. */
public record SignatureValue(byte[] value, String signatureAlgorithm) {

    public SignatureValue {
        value = value.clone();
        Objects.requireNonNull(signatureAlgorithm);
    }

    @Override
    public byte[] value() {
        return value.clone();
    }
}
