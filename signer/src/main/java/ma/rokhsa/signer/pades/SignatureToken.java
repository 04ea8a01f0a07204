package ma.rokhsa.signer.pades;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Holds a signing key somewhere and signs {@link DataToSign} with it: in memory
 * ({@link SoftwareSignatureToken}, over a PIN-unlocked key), or later a PKCS#11 token, an HSM or a
 * remote signing service: callers of the three-step contract do not change. Implementations may
 * block (I/O, user presence) and are called from the signer's bounded scheduler.
 */
public interface SignatureToken {

    /** The signing certificate first, then its issuers. */
    List<X509Certificate> certificateChain();

    /** Signs {@code data.bytes()} with {@code data.signatureAlgorithm()}. */
    SignatureValue sign(DataToSign data);
}
