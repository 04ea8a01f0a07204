package ma.rokhsa.signer.pades;

import ma.rokhsa.signer.SignerException;
import ma.rokhsa.signer.pades.VerificationReport.CertificateInfo;
import ma.rokhsa.signer.pades.VerificationReport.Finding;
import ma.rokhsa.signer.pades.VerificationReport.Integrity;
import ma.rokhsa.signer.pades.VerificationReport.RevocationReport;
import ma.rokhsa.signer.pades.VerificationReport.RevocationStatus;
import ma.rokhsa.signer.pades.VerificationReport.SignatureReport;
import ma.rokhsa.signer.pades.VerificationReport.TimestampReport;
import ma.rokhsa.signer.pades.VerificationReport.Verdict;
import ma.rokhsa.signer.pki.CrlSource;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSObject;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.ess.ESSCertID;
import org.bouncycastle.asn1.ess.ESSCertIDv2;
import org.bouncycastle.asn1.ess.SigningCertificate;
import org.bouncycastle.asn1.ess.SigningCertificateV2;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.tsp.TimeStampToken;
import org.bouncycastle.util.Selector;
import org.bouncycastle.util.Store;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Verifies the signatures of any PDF (ours or not): per signature, the signer, the certificate path
 * to the configured trust anchors, the signing time and timestamp, integrity (byte range, digest,
 * changes after signing), and revocation (CRLs embedded in the signature or the DSS, plus the
 * current ones from the {@link CrlSource}), with a verdict and reasons; then an overall verdict (the
 * worst one). An unsigned PDF gets INDETERMINATE with {@code NO_SIGNATURE}; bytes that are not a PDF
 * fail with {@link SignerException.Code#NOT_A_PDF}.
 *
 * <p>Finding codes: NO_SIGNATURE, BYTE_RANGE_INVALID, SIGNATURE_WRAPPED, DIGEST_MISMATCH,
 * SIGNATURE_INVALID, SIGNING_CERTIFICATE_MISSING, SIGNING_CERTIFICATE_MISMATCH, CHAIN_UNTRUSTED,
 * CERTIFICATE_EXPIRED, KEY_USAGE, TIMESTAMP_INVALID, TIMESTAMP_UNTRUSTED, NO_TIMESTAMP,
 * REVOKED_BEFORE_SIGNING, REVOKED_AFTER_SIGNING, REVOKED_TIME_UNPROVEN, REVOCATION_UNKNOWN,
 * MODIFIED_AFTER_SIGNING, LATER_SIGNATURES_ONLY, UNSUPPORTED_FORMAT.
 *
 * <p>Thread-safe and stateless. {@link #verify(byte[])} runs on the scheduler given at construction.
 */
public final class PadesVerifier {

    private static final COSName DSS = COSName.getPDFName("DSS");
    /** Distinct signatures checked in one document: a permit carries one or two, a dossier's opinions a dozen. */
    public static final int MAX_SIGNATURES = 20;
    /** Form fields read to find them. */
    static final int MAX_FIELDS = 10_000;

    private final List<X509Certificate> anchors;
    private final CrlSource currentCrls;
    private final Clock clock;
    private final Scheduler scheduler;

    /**
     * @param trustAnchors the roots a signature must chain to (the demo root by default, the national
     *                     trust-service provider's root in production)
     * @param currentCrls  current revocation data beyond what documents embed ({@link CrlSource#none()}
     *                     for embedded data only)
     */
    public PadesVerifier(List<X509Certificate> trustAnchors, CrlSource currentCrls, Clock clock, Scheduler scheduler) {
        this.anchors = List.copyOf(trustAnchors);
        this.currentCrls = Objects.requireNonNull(currentCrls);
        this.clock = Objects.requireNonNull(clock);
        this.scheduler = Objects.requireNonNull(scheduler);
    }

    /** Verifies every signature of {@code pdf}. Errors: {@code NOT_A_PDF}, {@code ENCRYPTED_PDF}. */
    public Mono<VerificationReport> verify(byte[] pdf) {
        return Mono.fromCallable(() -> verifyBlocking(pdf)).subscribeOn(scheduler);
    }

    public VerificationReport verifyBlocking(byte[] pdf) {
        String docHash = HexFormat.of().formatHex(PdfBoxPadesSigner.sha256(pdf));
        if (pdf.length < 8 || indexOf(pdf, "%PDF-".getBytes(), 1024) < 0) {
            throw new SignerException(SignerException.Code.NOT_A_PDF,
                    "The file is not a PDF (no %PDF header): upload the signed PDF document itself.");
        }
        PDDocument doc;
        try {
            doc = Loader.loadPDF(pdf);
        } catch (InvalidPasswordException e) {
            throw new SignerException(SignerException.Code.ENCRYPTED_PDF,
                    "The PDF is protected by a password: it cannot be verified without it.", e);
        } catch (IOException e) {
            throw new SignerException(SignerException.Code.NOT_A_PDF,
                    "The file is not a readable PDF (" + e.getMessage() + "): upload the signed PDF document itself.", e);
        }
        try (doc) {
            // One entry per distinct signature dictionary: many fields may point at the same one (a hostile
            // document multiplying the work), and each is checked once, named after its first field.
            Map<COSBase, String> names = signatureFields(doc);
            List<PDSignature> sigs = new ArrayList<>();
            names.keySet().forEach(o -> sigs.add(new PDSignature((COSDictionary) o)));
            if (sigs.size() > MAX_SIGNATURES) {
                throw new SignerException(SignerException.Code.TOO_MANY_SIGNATURES, "The document carries " + sigs.size()
                        + " signatures; a verification checks at most " + MAX_SIGNATURES + ".");
            }
            if (sigs.isEmpty()) {
                return new VerificationReport(Verdict.INDETERMINATE,
                        List.of(new Finding("NO_SIGNATURE", "The document carries no electronic signature.")), List.of(), docHash);
            }
            // Document order: by where each signed revision ends.
            sigs.sort((x, y) -> Integer.compare(end(x), end(y)));
            DssData dss = dssData(doc);
            List<SignatureReport> reports = new ArrayList<>();
            for (PDSignature sig : sigs) {
                reports.add(verifyOne(pdf, doc, sig, names.get(sig.getCOSObject()), dss));
            }
            Verdict overall = Verdict.VALID;
            List<Finding> reasons = new ArrayList<>();
            for (SignatureReport r : reports) {
                overall = worst(overall, r.verdict());
                if (r.verdict() != Verdict.VALID) {
                    reasons.add(new Finding("SIGNATURE_" + r.verdict(), "Signature '" + r.fieldName() + "' by "
                            + r.signerName() + " is " + r.verdict() + "."));
                }
            }
            return new VerificationReport(overall, reasons, reports, docHash);
        } catch (IOException e) {
            throw new SignerException(SignerException.Code.NOT_A_PDF, "The PDF is damaged: " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------ one signature

    private SignatureReport verifyOne(byte[] pdf, PDDocument doc, PDSignature sig, String field, DssData dss) throws IOException {
        Check c = new Check();
        String subFilter = sig.getSubFilter();
        Instant claimed = sig.getSignDate() == null ? null : sig.getSignDate().toInstant();
        int[] br = sig.getByteRange();
        int revision = revisionOf(pdf, br);
        boolean docTimestamp = "ETSI.RFC3161".equals(subFilter);
        String kind = docTimestamp ? "DOCUMENT_TIMESTAMP" : "SIGNATURE";

        // 1. Byte range frames exactly the hex signature value.
        if (!byteRangeOk(pdf, br)) {
            c.fail(Verdict.INVALID, "BYTE_RANGE_INVALID", "The signature's byte range is malformed or does not cover the file around the signature value.");
            return c.report(field, kind, subFilter, sig.getName(), null, List.of(), false, claimed, claimed,
                    TimestampReport.ABSENT, Integrity.BYTE_RANGE_INVALID, false, null, false, revision);
        }
        byte[] contents = sig.getContents(pdf);
        byte[] dictContents = sig.getContents();
        if (!Arrays.equals(stripZeros(contents), stripZeros(dictContents))) {
            c.fail(Verdict.INVALID, "SIGNATURE_WRAPPED", "The signature value in the signature dictionary is not the one framed by the byte range.");
            return c.report(field, kind, subFilter, sig.getName(), null, List.of(), false, claimed, claimed,
                    TimestampReport.ABSENT, Integrity.BYTE_RANGE_INVALID, false, null, false, revision);
        }
        boolean coversWhole = (long) br[2] + br[3] == pdf.length;
        byte[] signedContent = concat(pdf, br);

        if (docTimestamp) {
            return verifyDocumentTimestamp(pdf, doc, sig, dss, c, field, contents, signedContent, coversWhole, revision, claimed);
        }
        if (!"ETSI.CAdES.detached".equals(subFilter) && !"adbe.pkcs7.detached".equals(subFilter)) {
            c.fail(Verdict.INDETERMINATE, "UNSUPPORTED_FORMAT", "Signature format " + subFilter + " is not supported by this verifier.");
            return c.report(field, kind, String.valueOf(subFilter), sig.getName(), null, List.of(), false, claimed, claimed,
                    TimestampReport.ABSENT, Integrity.INTACT, coversWhole, null, false, revision);
        }

        // 2. The CMS container and its signer.
        CMSSignedData cms;
        SignerInformation si;
        try {
            cms = new CMSSignedData(new CMSProcessableByteArray(signedContent), contentInfo(contents));
            si = cms.getSignerInfos().getSigners().iterator().next();
        } catch (CMSException | RuntimeException e) {
            c.fail(Verdict.INVALID, "SIGNATURE_INVALID", "The signature container cannot be read: " + e.getMessage());
            return c.report(field, kind, subFilter, sig.getName(), null, List.of(), false, claimed, claimed,
                    TimestampReport.ABSENT, Integrity.SIGNATURE_INVALID, coversWhole, null, false, revision);
        }
        Set<X509Certificate> pool = new LinkedHashSet<>(certificates(cms.getCertificates()));
        pool.addAll(dss.certs);
        X509Certificate signer = find(pool, si.getSID());
        String signerName = sig.getName();
        if (signer == null) {
            c.fail(Verdict.INDETERMINATE, "SIGNING_CERTIFICATE_MISSING", "The signing certificate is not in the signature or the document.");
            return c.report(field, kind, subFilter, signerName, null, List.of(), false, claimed, claimed,
                    TimestampReport.ABSENT, Integrity.INTACT, coversWhole, null, false, revision);
        }
        signerName = PdfBoxPadesSigner.commonName(signer);

        // 3. Integrity: digest of the byte ranges, then the signature over the signed attributes.
        Integrity integrity = Integrity.INTACT;
        AttributeTable signed = si.getSignedAttributes();
        Attribute md = signed == null ? null : signed.get(CMSAttributes.messageDigest);
        byte[] expected = md == null ? null : ASN1OctetString.getInstance(md.getAttrValues().getObjectAt(0)).getOctets();
        byte[] actual = digest(new ASN1ObjectIdentifier(si.getDigestAlgOID()), signedContent);
        if (expected == null || actual == null || !Arrays.equals(expected, actual)) {
            integrity = Integrity.DIGEST_MISMATCH;
            c.fail(Verdict.INVALID, "DIGEST_MISMATCH", "The signed part of the document was altered: its digest no longer matches the signed one.");
        } else {
            try {
                if (!si.verify(verifierFor(signer))) {
                    integrity = Integrity.SIGNATURE_INVALID;
                    c.fail(Verdict.INVALID, "SIGNATURE_INVALID", "The cryptographic signature does not verify.");
                }
            } catch (Exception e) {
                integrity = Integrity.SIGNATURE_INVALID;
                c.fail(Verdict.INVALID, "SIGNATURE_INVALID", "The cryptographic signature does not verify: " + e.getMessage());
            }
        }
        boolean essOk = checkEss(signed, signer);
        if (!essOk) {
            c.fail(Verdict.INVALID, "SIGNING_CERTIFICATE_MISMATCH", "The signed reference to the signing certificate does not match the certificate.");
        }

        // 4. Timestamp.
        TimestampReport ts = TimestampReport.ABSENT;
        TimeStampToken token = null;
        Attribute tsAttr = si.getUnsignedAttributes() == null ? null
                : si.getUnsignedAttributes().get(PKCSObjectIdentifiers.id_aa_signatureTimeStampToken);
        List<X509CRL> crls = new ArrayList<>(crls(cms));
        crls.addAll(dss.crls);
        if (tsAttr != null) {
            try {
                token = new TimeStampToken(new CMSSignedData(tsAttr.getAttrValues().getObjectAt(0).toASN1Primitive().getEncoded(ASN1Encoding.DER)));
                ts = checkToken(token, si.getSignature(), pool, crls, c, "signature timestamp");
            } catch (Exception e) {
                ts = new TimestampReport(true, false, false, null, null);
                c.fail(Verdict.INVALID, "TIMESTAMP_INVALID", "The signature timestamp cannot be read: " + e.getMessage());
            }
        }
        Instant bestTime = ts.valid() && ts.trusted() ? ts.time() : null;
        Instant signingTime = bestTime != null ? bestTime : claimed;
        if (tsAttr == null) {
            c.note("NO_TIMESTAMP", "No timestamp: the signing time " + claimed + " is the signer's claim, not proven.");
        }

        // 5. Certificate path to a trust anchor, at the proven signing time (or now).
        Instant pathTime = bestTime != null ? bestTime : clock.instant();
        Path path = buildPath(signer, pool, pathTime);
        if (!path.trusted) {
            c.fail(Verdict.INDETERMINATE, "CHAIN_UNTRUSTED", "The signing certificate does not chain to a trusted authority"
                    + (path.problem == null ? "" : " (" + path.problem + ")") + ".");
        }
        if (path.expired) {
            c.fail(Verdict.INDETERMINATE, "CERTIFICATE_EXPIRED", "A certificate of the chain was not valid at " + pathTime
                    + (bestTime == null ? " and no timestamp proves the signature was made earlier." : "."));
        }
        boolean[] ku = signer.getKeyUsage();
        if (ku != null && !(ku[0] || ku[1])) {
            c.fail(Verdict.INDETERMINATE, "KEY_USAGE", "The certificate is not meant for signatures (key usage).");
        }

        // 6. Revocation of the signer (and of the CAs on the path).
        List<X509CRL> allCrls = new ArrayList<>(crls);
        RevocationReport revocation = revocation(path.certs, allCrls, bestTime, claimed, c);

        // 7. Changes after signing.
        if (!coversWhole && integrity == Integrity.INTACT) {
            integrity = laterChanges(pdf, doc, br, c);
        }
        boolean lt = !path.certs.isEmpty() && revocationEmbedded(path.certs, dss, crls);
        String format = "adbe.pkcs7.detached".equals(subFilter) ? "PKCS#7 (adbe.pkcs7.detached)"
                : tsAttr == null ? "PAdES-BASELINE-B" : lt ? "PAdES-BASELINE-LT" : "PAdES-BASELINE-T";
        return c.report(field, kind, format, signerName, info(signer), path.infos(), path.trusted, signingTime, claimed,
                ts, integrity, coversWhole, revocation, lt, revision);
    }

    private SignatureReport verifyDocumentTimestamp(byte[] pdf, PDDocument doc, PDSignature sig, DssData dss, Check c,
                                                    String field, byte[] contents, byte[] signedContent,
                                                    boolean coversWhole, int revision, Instant claimed) throws IOException {
        TimestampReport ts;
        Integrity integrity = Integrity.INTACT;
        try {
            TimeStampToken token = new TimeStampToken(new CMSSignedData(contentInfo(contents)));
            byte[] imprint = digest(token.getTimeStampInfo().getMessageImprintAlgOID(), signedContent);
            if (!Arrays.equals(imprint, token.getTimeStampInfo().getMessageImprintDigest())) {
                integrity = Integrity.DIGEST_MISMATCH;
                c.fail(Verdict.INVALID, "DIGEST_MISMATCH", "The document was altered after its timestamp.");
            }
            Set<X509Certificate> pool = new LinkedHashSet<>(certificates(token.getCertificates()));
            pool.addAll(dss.certs);
            ts = checkToken(token, null, pool, new ArrayList<>(dss.crls), c, "document timestamp");
        } catch (Exception e) {
            ts = new TimestampReport(true, false, false, null, null);
            integrity = Integrity.SIGNATURE_INVALID;
            c.fail(Verdict.INVALID, "TIMESTAMP_INVALID", "The document timestamp cannot be read: " + e.getMessage());
        }
        if (!coversWhole && integrity == Integrity.INTACT) {
            integrity = laterChanges(pdf, doc, sig.getByteRange(), c);
        }
        return c.report(field, "DOCUMENT_TIMESTAMP", "RFC 3161 document timestamp", ts.authority(), null, List.of(), ts.trusted(),
                ts.time(), claimed, ts, integrity, coversWhole, null, false, revision);
    }

    /** Verifies a timestamp token: imprint (if given), signature, TSA certificate path and revocation. */
    private TimestampReport checkToken(TimeStampToken token, byte[] stampedSignature, Set<X509Certificate> pool,
                                       List<X509CRL> crls, Check c, String what) throws IOException {
        Instant time = token.getTimeStampInfo().getGenTime().toInstant();
        if (stampedSignature != null) {
            byte[] imprint = digest(token.getTimeStampInfo().getMessageImprintAlgOID(), stampedSignature);
            if (!Arrays.equals(imprint, token.getTimeStampInfo().getMessageImprintDigest())) {
                c.fail(Verdict.INVALID, "TIMESTAMP_INVALID", "The " + what + " does not cover this signature.");
                return new TimestampReport(true, false, false, time, null);
            }
        }
        Set<X509Certificate> tsPool = new LinkedHashSet<>(certificates(token.getCertificates()));
        tsPool.addAll(pool);
        X509Certificate tsa = find(tsPool, token.getSID());
        if (tsa == null) {
            c.fail(Verdict.INDETERMINATE, "TIMESTAMP_UNTRUSTED", "The " + what + " does not include its authority's certificate.");
            return new TimestampReport(true, false, false, time, null);
        }
        String name = PdfBoxPadesSigner.commonName(tsa);
        try {
            token.validate(verifierFor(tsa));
        } catch (Exception e) {
            c.fail(Verdict.INVALID, "TIMESTAMP_INVALID", "The " + what + " does not verify: " + e.getMessage());
            return new TimestampReport(true, false, false, time, name);
        }
        Path p = buildPath(tsa, tsPool, time);
        boolean trusted = p.trusted && !p.expired;
        if (trusted) {
            crls.addAll(crls(token));
            for (int i = 0; i + 1 < p.certs.size(); i++) {
                CrlCheck.Result r = CrlCheck.check(p.certs.get(i), p.certs.get(i + 1), withCurrent(p.certs.get(i), crls));
                if (r.state() == CrlCheck.State.REVOKED && !r.revocationTime().isAfter(time)) {
                    trusted = false;
                    c.fail(Verdict.INVALID, "TIMESTAMP_INVALID", "The timestamp authority's certificate was revoked before the " + what + ".");
                }
            }
        } else {
            c.fail(Verdict.INDETERMINATE, "TIMESTAMP_UNTRUSTED", "The " + what + " authority (" + name
                    + ") does not chain to a trusted authority" + (p.problem == null ? "" : " (" + p.problem + ")") + ".");
        }
        return new TimestampReport(true, true, trusted, time, name);
    }

    private RevocationReport revocation(List<X509Certificate> path, List<X509CRL> crls, Instant bestTime, Instant claimed, Check c) {
        if (path.size() < 2) {
            c.fail(Verdict.INDETERMINATE, "REVOCATION_UNKNOWN", "The revocation status cannot be checked without the issuer's certificate.");
            return new RevocationReport(RevocationStatus.UNKNOWN, null, null, null);
        }
        RevocationReport signerReport = null;
        // The anchor (last) is trusted as configured; every certificate below it needs a status.
        for (int i = 0; i + 1 < path.size(); i++) {
            X509Certificate cert = path.get(i);
            CrlCheck.Result r = CrlCheck.check(cert, path.get(i + 1), withCurrent(cert, crls));
            String who = i == 0 ? "The signing certificate" : "The issuing authority's certificate " + PdfBoxPadesSigner.commonName(cert);
            RevocationReport rep;
            switch (r.state()) {
                case GOOD -> rep = new RevocationReport(RevocationStatus.GOOD, null, null, r.crlThisUpdate());
                case UNKNOWN -> {
                    rep = new RevocationReport(RevocationStatus.UNKNOWN, null, null, null);
                    c.fail(Verdict.INDETERMINATE, "REVOCATION_UNKNOWN", who + ": no revocation information is available.");
                }
                default -> {
                    Instant t = r.revocationTime();
                    if (bestTime != null && t.isAfter(bestTime)) {
                        rep = new RevocationReport(RevocationStatus.REVOKED_AFTER_SIGNING, t, r.reason(), r.crlThisUpdate());
                        c.note("REVOKED_AFTER_SIGNING", who + " was revoked on " + t + " (" + r.reason()
                                + "), after the signature, which the timestamp proves existed on " + bestTime + ".");
                    } else if (bestTime == null && claimed != null && t.isAfter(claimed)) {
                        rep = new RevocationReport(RevocationStatus.REVOKED_SIGNING_TIME_UNPROVEN, t, r.reason(), r.crlThisUpdate());
                        c.fail(Verdict.INDETERMINATE, "REVOKED_TIME_UNPROVEN", who + " was revoked on " + t
                                + "; the claimed signing time " + claimed + " is earlier but no timestamp proves it.");
                    } else {
                        rep = new RevocationReport(RevocationStatus.REVOKED_BEFORE_SIGNING, t, r.reason(), r.crlThisUpdate());
                        c.fail(Verdict.INVALID, "REVOKED_BEFORE_SIGNING", who + " was revoked on " + t + " (" + r.reason()
                                + "), before the signature was made.");
                    }
                }
            }
            if (i == 0) {
                signerReport = rep;
            }
        }
        return signerReport;
    }

    private List<X509CRL> withCurrent(X509Certificate cert, List<X509CRL> embedded) {
        List<X509CRL> all = new ArrayList<>(embedded);
        try {
            all.addAll(currentCrls.crlsFor(cert));
        } catch (RuntimeException e) {
            // No current data: the embedded data decide, or the status stays unknown.
        }
        return all;
    }

    private Integrity laterChanges(byte[] pdf, PDDocument last, int[] br, Check c) {
        int end = br[2] + br[3];
        try (PDDocument signedRevision = Loader.loadPDF(Arrays.copyOf(pdf, end))) {
            List<String> changes = RevisionDiff.disallowedChanges(signedRevision, last);
            if (changes.isEmpty()) {
                c.note("LATER_SIGNATURES_ONLY", "The document was updated after this signature only to add signatures, timestamps or validation data.");
                return Integrity.INTACT_LATER_SIGNATURES_ONLY;
            }
            c.fail(Verdict.INVALID, "MODIFIED_AFTER_SIGNING", "The document was changed after this signature: "
                    + String.join("; ", changes) + ". The signed version is the first " + end + " bytes of the file.");
            return Integrity.MODIFIED_AFTER_SIGNING;
        } catch (IOException e) {
            c.fail(Verdict.INDETERMINATE, "MODIFIED_AFTER_SIGNING", "The signed revision cannot be compared with the final document: " + e.getMessage());
            return Integrity.MODIFIED_AFTER_SIGNING;
        }
    }

    private boolean revocationEmbedded(List<X509Certificate> path, DssData dss, List<X509CRL> cmsAndDss) {
        for (int i = 0; i + 1 < path.size(); i++) {
            if (CrlCheck.check(path.get(i), path.get(i + 1), cmsAndDss).state() == CrlCheck.State.UNKNOWN) {
                return false;
            }
        }
        return !dss.crls.isEmpty() || !cmsAndDss.isEmpty();
    }

    // ------------------------------------------------------------------ certificate paths

    private record Path(List<X509Certificate> certs, boolean trusted, boolean expired, String problem) {
        List<CertificateInfo> infos() {
            return certs.stream().map(PadesVerifier::info).toList();
        }
    }

    /** Builds signer -> ... -> anchor by name and signature, checking CA constraints and validity at {@code at}. */
    private Path buildPath(X509Certificate leaf, Set<X509Certificate> pool, Instant at) {
        List<X509Certificate> path = new ArrayList<>();
        path.add(leaf);
        X509Certificate cur = leaf;
        boolean expired = !validAt(leaf, at);
        for (int depth = 0; depth < 8; depth++) {
            if (anchors.contains(cur)) {
                return new Path(path, true, expired, null);
            }
            X509Certificate issuer = null;
            boolean isAnchor = false;
            for (X509Certificate a : anchors) {
                if (issued(cur, a)) {
                    issuer = a;
                    isAnchor = true;
                    break;
                }
            }
            if (issuer == null) {
                for (X509Certificate p : pool) {
                    if (!p.equals(cur) && issued(cur, p)) {
                        issuer = p;
                        break;
                    }
                }
            }
            if (issuer == null) {
                return new Path(path, false, expired, "issuer " + cur.getIssuerX500Principal().getName() + " not found");
            }
            if (issuer.getBasicConstraints() < 0 || (issuer.getKeyUsage() != null && !issuer.getKeyUsage()[5])) {
                return new Path(path, false, expired, issuer.getSubjectX500Principal().getName() + " is not a certification authority");
            }
            expired |= !validAt(issuer, at);
            path.add(issuer);
            if (isAnchor) {
                String problem = expired ? null : pkixProblem(path, at);
                return new Path(path, problem == null, expired, problem);
            }
            cur = issuer;
        }
        return new Path(path, false, expired, "path too long");
    }

    /**
     * The path found, validated by the JDK's PKIX validator (RFC 5280) at {@code at}: CA basic constraints and
     * path lengths, name constraints, the CAs' key usage, policies and unknown critical extensions. Revocation is
     * not its business here: the CRLs are checked apart, at the time the timestamp proves. Null when valid.
     */
    private static String pkixProblem(List<X509Certificate> path, Instant at) {
        List<X509Certificate> chain = path.subList(0, path.size() - 1);
        if (chain.isEmpty()) {
            return null;
        }
        try {
            CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(chain);
            PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(path.get(path.size() - 1), null)));
            params.setRevocationEnabled(false);
            params.setDate(Date.from(at));
            CertPathValidator.getInstance("PKIX").validate(certPath, params);
            return null;
        } catch (CertPathValidatorException e) {
            return "the path is not valid: " + e.getMessage();
        } catch (GeneralSecurityException e) {
            return "the path cannot be validated: " + e.getMessage();
        }
    }

    private static org.bouncycastle.cms.SignerInformationVerifier verifierFor(X509Certificate cert)
            throws org.bouncycastle.operator.OperatorCreationException {
        JcaSimpleSignerInfoVerifierBuilder b = new JcaSimpleSignerInfoVerifierBuilder();
        java.security.Provider p = ma.rokhsa.signer.SignatureProviders.forKeyAlgorithm(cert.getPublicKey().getAlgorithm());
        if (p != null) {
            b.setProvider(p);
        }
        return b.build(cert);
    }

    private static boolean issued(X509Certificate child, X509Certificate parent) {
        if (!child.getIssuerX500Principal().equals(parent.getSubjectX500Principal())) {
            return false;
        }
        try {
            child.verify(parent.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static boolean validAt(X509Certificate c, Instant at) {
        try {
            c.checkValidity(Date.from(at));
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    // ------------------------------------------------------------------ helpers

    /** Collects findings and the worst verdict for one signature. */
    private static final class Check {
        Verdict verdict = Verdict.VALID;
        final List<Finding> reasons = new ArrayList<>();

        void fail(Verdict v, String code, String message) {
            verdict = worst(verdict, v);
            reasons.add(new Finding(code, message));
        }

        void note(String code, String message) {
            reasons.add(new Finding(code, message));
        }

        SignatureReport report(String field, String kind, String format, String signerName, CertificateInfo signer,
                               List<CertificateInfo> chain, boolean trusted, Instant signingTime, Instant claimed,
                               TimestampReport ts, Integrity integrity, boolean whole, RevocationReport revocation,
                               boolean lt, int revision) {
            return new SignatureReport(field, kind, format, signerName, signer, chain, trusted, signingTime, claimed, ts,
                    integrity, whole, revocation, lt, revision, verdict, reasons);
        }
    }

    private static Verdict worst(Verdict a, Verdict b) {
        return a.ordinal() >= b.ordinal() ? a : b;
    }

    private record DssData(List<X509Certificate> certs, List<X509CRL> crls) {
    }

    private static DssData dssData(PDDocument doc) {
        List<X509Certificate> certs = new ArrayList<>();
        List<X509CRL> crls = new ArrayList<>();
        COSDictionary dss = doc.getDocumentCatalog().getCOSObject().getCOSDictionary(DSS);
        if (dss != null) {
            try {
                CertificateFactory cf = CertificateFactory.getInstance("X.509");
                for (byte[] b : streams(dss.getDictionaryObject(COSName.getPDFName("Certs")))) {
                    try {
                        certs.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(b)));
                    } catch (GeneralSecurityException e) {
                        // skip an unreadable entry
                    }
                }
                for (byte[] b : streams(dss.getDictionaryObject(COSName.getPDFName("CRLs")))) {
                    try {
                        crls.add((X509CRL) cf.generateCRL(new ByteArrayInputStream(b)));
                    } catch (GeneralSecurityException e) {
                        // skip an unreadable entry
                    }
                }
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
        return new DssData(certs, crls);
    }

    private static List<byte[]> streams(COSBase base) {
        List<byte[]> out = new ArrayList<>();
        if (base instanceof COSArray arr) {
            for (COSBase item : arr) {
                COSBase o = item instanceof COSObject obj ? obj.getObject() : item;
                if (o instanceof COSStream s) {
                    try (InputStream in = s.createInputStream()) {
                        out.add(in.readAllBytes());
                    } catch (IOException e) {
                        // skip an unreadable entry
                    }
                }
            }
        }
        return out;
    }

    private static List<X509Certificate> certificates(Store<X509CertificateHolder> store) {
        List<X509Certificate> out = new ArrayList<>();
        JcaX509CertificateConverter conv = new JcaX509CertificateConverter();
        for (X509CertificateHolder h : store.getMatches(null)) {
            try {
                out.add(conv.getCertificate(h));
            } catch (GeneralSecurityException e) {
                // skip
            }
        }
        return out;
    }

    private static List<X509CRL> crls(CMSSignedData cms) {
        List<X509CRL> out = new ArrayList<>();
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            for (Object h : cms.getCRLs().getMatches(null)) {
                byte[] enc = ((org.bouncycastle.cert.X509CRLHolder) h).getEncoded();
                out.add((X509CRL) cf.generateCRL(new ByteArrayInputStream(enc)));
            }
        } catch (Exception e) {
            // none usable
        }
        return out;
    }

    private static List<X509CRL> crls(TimeStampToken token) {
        try {
            return crls(token.toCMSSignedData());
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    @SuppressWarnings("unchecked")
    private static X509Certificate find(Set<X509Certificate> pool, Selector<X509CertificateHolder> sid) {
        for (X509Certificate c : pool) {
            try {
                if (sid.match(new X509CertificateHolder(c.getEncoded()))) {
                    return c;
                }
            } catch (IOException | GeneralSecurityException e) {
                // skip
            }
        }
        return null;
    }

    /** The ESS signing-certificate(-v2) attribute, if present, must name the signing certificate. */
    private static boolean checkEss(AttributeTable signed, X509Certificate cert) {
        if (signed == null) {
            return true;
        }
        try {
            Attribute v2 = signed.get(PKCSObjectIdentifiers.id_aa_signingCertificateV2);
            if (v2 != null) {
                ESSCertIDv2 id = SigningCertificateV2.getInstance(v2.getAttrValues().getObjectAt(0)).getCerts()[0];
                byte[] h = digest(id.getHashAlgorithm().getAlgorithm(), cert.getEncoded());
                return Arrays.equals(h, id.getCertHash());
            }
            Attribute v1 = signed.get(PKCSObjectIdentifiers.id_aa_signingCertificate);
            if (v1 != null) {
                ESSCertID id = SigningCertificate.getInstance(v1.getAttrValues().getObjectAt(0)).getCerts()[0];
                return Arrays.equals(MessageDigest.getInstance("SHA-1").digest(cert.getEncoded()), id.getCertHash());
            }
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private static byte[] digest(ASN1ObjectIdentifier oid, byte[] data) {
        String name;
        if (NISTObjectIdentifiers.id_sha256.equals(oid)) {
            name = "SHA-256";
        } else if (NISTObjectIdentifiers.id_sha384.equals(oid)) {
            name = "SHA-384";
        } else if (NISTObjectIdentifiers.id_sha512.equals(oid)) {
            name = "SHA-512";
        } else if (OIWObjectIdentifiers.idSHA1.equals(oid)) {
            name = "SHA-1";
        } else {
            return null;
        }
        try {
            return MessageDigest.getInstance(name).digest(data);
        } catch (GeneralSecurityException e) {
            return null;
        }
    }

    private static CertificateInfo info(X509Certificate c) {
        try {
            return new CertificateInfo(c.getSubjectX500Principal().getName(), c.getIssuerX500Principal().getName(),
                    c.getSerialNumber().toString(16), c.getNotBefore().toInstant(), c.getNotAfter().toInstant(),
                    HexFormat.of().formatHex(PdfBoxPadesSigner.sha256(c.getEncoded())));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean byteRangeOk(byte[] pdf, int[] br) {
        if (br == null || br.length != 4 || br[0] != 0 || br[1] <= 0 || br[2] <= br[1] + 1 || br[3] < 0
                || (long) br[2] + br[3] > pdf.length) {
            return false;
        }
        if (pdf[br[1]] != '<' || pdf[br[2] - 1] != '>') {
            return false;
        }
        for (int i = br[1] + 1; i < br[2] - 1; i++) {
            byte b = pdf[i];
            boolean hex = (b >= '0' && b <= '9') || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F');
            if (!hex) {
                return false;
            }
        }
        return true;
    }

    private static byte[] concat(byte[] pdf, int[] br) {
        byte[] out = new byte[br[1] + br[3]];
        System.arraycopy(pdf, br[0], out, 0, br[1]);
        System.arraycopy(pdf, br[2], out, br[1], br[3]);
        return out;
    }

    /** The first DER object of a /Contents value (which is padded with zeros after it). */
    static org.bouncycastle.asn1.cms.ContentInfo contentInfo(byte[] contents) throws IOException {
        try (org.bouncycastle.asn1.ASN1InputStream in = new org.bouncycastle.asn1.ASN1InputStream(contents)) {
            org.bouncycastle.asn1.ASN1Primitive p = in.readObject();
            if (p == null) {
                throw new IOException("empty signature value");
            }
            return org.bouncycastle.asn1.cms.ContentInfo.getInstance(p);
        }
    }

    private static byte[] stripZeros(byte[] b) {
        int n = b.length;
        while (n > 0 && b[n - 1] == 0) {
            n--;
        }
        return n == b.length ? b : Arrays.copyOf(b, n);
    }

    private static int end(PDSignature s) {
        int[] br = s.getByteRange();
        return br == null || br.length != 4 ? Integer.MAX_VALUE : br[2] + br[3];
    }

    /** 1-based revision number: how many %%EOF markers end at or before the signed revision's end. */
    private static int revisionOf(byte[] pdf, int[] br) {
        if (br == null || br.length != 4) {
            return 0;
        }
        long end = Math.min((long) br[2] + br[3], pdf.length);
        byte[] eof = "%%EOF".getBytes();
        int count = 0;
        int from = 0;
        while (true) {
            int i = indexOf(pdf, eof, from, (int) end);
            if (i < 0) {
                return Math.max(1, count);
            }
            count++;
            from = i + eof.length;
        }
    }

    private static int indexOf(byte[] hay, byte[] needle, int limit) {
        return indexOf(hay, needle, 0, Math.min(hay.length, limit));
    }

    private static int indexOf(byte[] hay, byte[] needle, int from, int to) {
        outer:
        for (int i = from; i <= to - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /**
     * The distinct signature dictionaries of the form (in no order: the caller sorts them), each with the name of
     * its first field, in one walk of the field tree (at most {@link #MAX_FIELDS} fields: beyond, the document is
     * refused as hostile).
     */
    private static Map<COSBase, String> signatureFields(PDDocument doc) {
        // Identity: the same dictionary object, whatever its contents.
        Map<COSBase, String> found = new IdentityHashMap<>();
        var form = doc.getDocumentCatalog().getAcroForm(null);
        if (form == null) {
            return found;
        }
        int fields = 0;
        for (var f : form.getFieldTree()) {
            if (++fields > MAX_FIELDS) {
                throw new SignerException(SignerException.Code.TOO_MANY_SIGNATURES, "The document's form has more than "
                        + MAX_FIELDS + " fields; a verification reads at most that many.");
            }
            if (f instanceof org.apache.pdfbox.pdmodel.interactive.form.PDSignatureField sf && sf.getSignature() != null) {
                found.putIfAbsent(sf.getSignature().getCOSObject(), f.getFullyQualifiedName());
            }
        }
        return found;
    }
}
