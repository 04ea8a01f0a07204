package ma.rokhsa.signer.pki;

import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Where current certificate revocation lists come from: the demo PKI in process ({@link DemoPki}),
 * or the CRL distribution points over HTTP ({@link HttpCrlSource}). Used by the signer to check its
 * own certificate before signing, to embed revocation data (PAdES B-LT), and by the verifier.
 * Implementations are thread-safe; calls may block (I/O) and belong on a bounded scheduler.
 */
public interface CrlSource {

    /**
     * CRLs that may cover {@code certificate} (issued by its issuer), any age, possibly empty. The
     * caller verifies each CRL's signature against the issuer before trusting it.
     */
    List<X509CRL> crlsFor(X509Certificate certificate);

    /** A source that knows nothing: offline verification from embedded data only. */
    static CrlSource none() {
        return certificate -> List.of();
    }
}
