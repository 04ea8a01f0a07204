package ma.rokhsa.signer;

import org.bouncycastle.jce.provider.BouncyCastleProvider;

import java.security.Provider;

/**
 * Which JCA provider computes signatures for a key type. EC (P-256) goes to a private BouncyCastle
 * provider instance: on Java 17, SunEC signs about 5 times and verifies about 7 times slower than
 * BouncyCastle (measured here: 2.5 ms / 2.7 ms against 0.5 ms / 0.4 ms of CPU). RSA stays with the
 * JDK's provider, which is as fast as BouncyCastle. The provider is not registered globally, so the
 * application's JCA configuration is left alone. Thread-safe.
 */
public final class SignatureProviders {

    private static final Provider BC = new BouncyCastleProvider();

    private SignatureProviders() {
    }

    /** The provider to use for keys of {@code keyAlgorithm} ("EC", "RSA"...), or null for the JDK default. */
    public static Provider forKeyAlgorithm(String keyAlgorithm) {
        return "EC".equals(keyAlgorithm) || "ECDSA".equals(keyAlgorithm) ? BC : null;
    }

    /** A {@link java.security.Signature} for {@code algorithm} from the provider suited to {@code keyAlgorithm}. */
    public static java.security.Signature signature(String algorithm, String keyAlgorithm) throws java.security.GeneralSecurityException {
        Provider p = forKeyAlgorithm(keyAlgorithm);
        return p == null ? java.security.Signature.getInstance(algorithm) : java.security.Signature.getInstance(algorithm, p);
    }
}
