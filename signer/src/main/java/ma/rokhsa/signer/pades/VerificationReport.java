package ma.rokhsa.signer.pades;

import java.time.Instant;
import java.util.List;

/**
 * The result of verifying a PDF: an overall verdict with reasons, and one report per signature or
 * document timestamp, in document order. Plain immutable data, ready to serialise to JSON.
 *
 * @param documentSha256 SHA-256 (hex) of the verified bytes, to reference the report
 */
public record VerificationReport(Verdict verdict, List<Finding> reasons, List<SignatureReport> signatures,
                                 String documentSha256) {

    public VerificationReport {
        reasons = List.copyOf(reasons);
        signatures = List.copyOf(signatures);
    }

    /** Overall and per-signature verdicts (ETSI EN 319 102-1 main indications). */
    public enum Verdict {
        /** Every check passed. */
        VALID,
        /** Some check could not conclude (unknown or untrusted chain, no revocation data, no proof of time). */
        INDETERMINATE,
        /** A check failed: the document was altered, the signature is broken, or the certificate was revoked before signing. */
        INVALID
    }

    /** A stable code and a human sentence. Codes: see {@link PadesVerifier}. */
    public record Finding(String code, String message) {
    }

    /** A certificate as shown to a person. */
    public record CertificateInfo(String subject, String issuer, String serialNumberHex, Instant notBefore,
                                  Instant notAfter, String sha256) {
    }

    /** What the byte range and digests say about the document's integrity. */
    public enum Integrity {
        /** The signature covers the whole file. */
        INTACT,
        /** Later incremental updates exist, but only add signatures, timestamps or validation data. */
        INTACT_LATER_SIGNATURES_ONLY,
        /** Later incremental updates change the document's content, pages, form or actions. */
        MODIFIED_AFTER_SIGNING,
        /** The signed bytes' digest differs from the signed one: the signed bytes were altered. */
        DIGEST_MISMATCH,
        /** The byte range is malformed or does not frame the signature value exactly. */
        BYTE_RANGE_INVALID,
        /** The cryptographic signature does not verify (or cannot be parsed). */
        SIGNATURE_INVALID
    }

    /** The RFC 3161 timestamp on a signature (or a document timestamp itself). */
    public record TimestampReport(boolean present, boolean valid, boolean trusted, Instant time, String authority) {
        static final TimestampReport ABSENT = new TimestampReport(false, false, false, null, null);
    }

    /** Revocation status of the signing certificate, relative to the signing time. */
    public enum RevocationStatus {
        GOOD, REVOKED_BEFORE_SIGNING, REVOKED_AFTER_SIGNING, REVOKED_SIGNING_TIME_UNPROVEN, UNKNOWN
    }

    /** The revocation check: status, revocation time and reason if revoked, date of the CRL used. */
    public record RevocationReport(RevocationStatus status, Instant revocationTime, String reason, Instant crlThisUpdate) {
    }

    /**
     * One signature.
     *
     * @param kind             "SIGNATURE" or "DOCUMENT_TIMESTAMP"
     * @param format           e.g. "PAdES-BASELINE-T", "PAdES-BASELINE-LT", "PKCS#7 (adbe.pkcs7.detached)"
     * @param signingTime      the trusted time (timestamp) if any, else the claimed time
     * @param claimedSigningTime the {@code /M} entry (not proven)
     * @param chain            the certificate path found, signer first, up to the anchor if trusted
     * @param revision         1-based index of the revision the signature closes
     */
    public record SignatureReport(String fieldName, String kind, String format, String signerName,
                                  CertificateInfo signer, List<CertificateInfo> chain, boolean chainTrusted,
                                  Instant signingTime, Instant claimedSigningTime, TimestampReport timestamp,
                                  Integrity integrity, boolean coversWholeDocument, RevocationReport revocation,
                                  boolean validationDataEmbedded, int revision, Verdict verdict, List<Finding> reasons) {
        public SignatureReport {
            chain = chain == null ? List.of() : List.copyOf(chain);
            reasons = List.copyOf(reasons);
        }
    }
}
