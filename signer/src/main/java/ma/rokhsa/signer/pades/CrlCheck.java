package ma.rokhsa.signer.pades;

import java.security.cert.CRLReason;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Revocation status of one certificate from a set of CRLs of any origin (embedded, current, fetched):
 * only CRLs from the certificate's issuer whose signature verifies with the issuer's key count.
 * Revoked if any of them lists the serial; otherwise good as of the newest one; unknown if none.
 */
final class CrlCheck {

    enum State { GOOD, REVOKED, UNKNOWN }

    record Result(State state, Instant revocationTime, String reason, Instant crlThisUpdate, Instant crlNextUpdate) {
        static final Result UNKNOWN = new Result(State.UNKNOWN, null, null, null, null);
    }

    private CrlCheck() {
    }

    static Result check(X509Certificate cert, X509Certificate issuer, Collection<X509CRL> crls) {
        if (issuer == null) {
            return Result.UNKNOWN;
        }
        List<X509CRL> valid = crls.stream()
                .filter(c -> c.getIssuerX500Principal().equals(cert.getIssuerX500Principal()))
                .filter(c -> verifies(c, issuer))
                .sorted(Comparator.comparing(X509CRL::getThisUpdate).reversed())
                .toList();
        if (valid.isEmpty()) {
            return Result.UNKNOWN;
        }
        for (X509CRL crl : valid) {
            X509CRLEntry entry = crl.getRevokedCertificate(cert);
            if (entry != null) {
                CRLReason reason = entry.getRevocationReason();
                return new Result(State.REVOKED, entry.getRevocationDate().toInstant(),
                        reason == null ? "UNSPECIFIED" : reason.name(), crl.getThisUpdate().toInstant(),
                        crl.getNextUpdate() == null ? null : crl.getNextUpdate().toInstant());
            }
        }
        X509CRL newest = valid.get(0);
        return new Result(State.GOOD, null, null, newest.getThisUpdate().toInstant(),
                newest.getNextUpdate() == null ? null : newest.getNextUpdate().toInstant());
    }

    static boolean verifies(X509CRL crl, X509Certificate issuer) {
        try {
            crl.verify(issuer.getPublicKey());
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
