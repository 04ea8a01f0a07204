package ma.rokhsa.signer.pades;

import ma.rokhsa.signer.SignerException;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * A {@link SignatureToken} over a private key in memory (e.g. unlocked with the holder's PIN for one
 * signing operation). Thread-safe. Do not keep it longer than the operation: the key is in clear.
 */
public final class SoftwareSignatureToken implements SignatureToken {

    private final PrivateKey key;
    private final List<X509Certificate> chain;

    public SoftwareSignatureToken(PrivateKey key, List<X509Certificate> chain) {
        this.key = Objects.requireNonNull(key);
        this.chain = List.copyOf(chain);
        if (this.chain.isEmpty()) {
            throw new IllegalArgumentException("certificate chain is empty");
        }
    }

    @Override
    public List<X509Certificate> certificateChain() {
        return chain;
    }

    @Override
    public SignatureValue sign(DataToSign data) {
        try {
            Signature s = ma.rokhsa.signer.SignatureProviders.signature(data.signatureAlgorithm(), key.getAlgorithm());
            s.initSign(key);
            s.update(data.bytes());
            return new SignatureValue(s.sign(), data.signatureAlgorithm());
        } catch (GeneralSecurityException e) {
            throw new SignerException(SignerException.Code.CRYPTO_FAILURE, "The key could not sign: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "SoftwareSignatureToken[" + chain.get(0).getSubjectX500Principal() + "]";
    }
}
