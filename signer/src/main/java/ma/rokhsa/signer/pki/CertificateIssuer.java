package ma.rokhsa.signer.pki;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Issues an end-entity signing certificate for a public key. The embedded default is
 * {@link DemoPki}; in production, certificates come from the trust-service provider instead
 * (imported as PKCS#12) and no issuer runs in the platform.
 */
public interface CertificateIssuer {

    /** The chain, end-entity first, up to and including the root. Blocking. */
    List<X509Certificate> issueSigningCertificate(Signatory signatory, PublicKey publicKey);
}
