package ma.rokhsa.signer.pades;

import ma.rokhsa.signer.SignerException;
import ma.rokhsa.signer.pki.CrlSource;
import ma.rokhsa.signer.pki.TimestampSource;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.ExternalSigningSupport;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.SignatureOptions;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Set;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.IssuerAndSerialNumber;
import org.bouncycastle.asn1.cms.SignedData;
import org.bouncycastle.asn1.cms.SignerIdentifier;
import org.bouncycastle.asn1.cms.SignerInfo;
import org.bouncycastle.asn1.ess.ESSCertIDv2;
import org.bouncycastle.asn1.ess.SigningCertificateV2;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.IssuerSerial;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.bouncycastle.tsp.TimeStampToken;
import org.bouncycastle.util.Store;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Signature;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Calendar;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TimeZone;

/**
 * PAdES baseline signer (B-B, B-T, B-LT) on PDFBox and BouncyCastle, with the three-step contract
 * of EU DSS: {@link #prepare} returns the data to sign, a {@link SignatureToken} (software key,
 * PKCS#11, HSM, remote service) signs it, {@link #apply} embeds the signature value. Every step is
 * an incremental update, so earlier signatures in the document stay valid.
 *
 * <p>Before preparing, the signer checks its own certificate: validity period, key usage
 * (nonRepudiation or digitalSignature), and revocation through the {@link CrlSource}: a revoked
 * certificate is refused ({@link SignerException.Code#CERTIFICATE_REVOKED}); an unknown status is
 * refused too when {@code requireRevocationStatus} is set (the default for production).
 *
 * <p>The CMS signature carries contentType, messageDigest and ESS signing-certificate-v2 as signed
 * attributes (no signing-time attribute: PAdES puts the claimed time in {@code /M}); B-T adds an
 * RFC 3161 signature-timestamp as unsigned attribute; B-LT then adds a DSS dictionary with the
 * certificates and CRLs of the signer's and the TSA's chains, in a further incremental update.
 *
 * <p>Thread-safe and stateless between calls. The {@code Mono} methods run on the scheduler given
 * at construction; the {@code ...Blocking} methods are the same work for callers already on it.
 */
public final class PdfBoxPadesSigner {

    private static final String SUBFILTER = "ETSI.CAdES.detached";
    private static final AlgorithmIdentifier SHA256 = new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256);
    private static final int TIMESTAMP_RESERVE_INITIAL = 10 * 1024;
    private static final int TIMESTAMP_MARGIN = 1024;

    private final TimestampSource timestamps;
    private final CrlSource crls;
    private final boolean requireRevocationStatus;
    private final Clock clock;
    private final Scheduler scheduler;
    // Largest timestamp token seen: the space reserved for the next ones follows the TSA's real size
    // (every reserved byte is written, hashed and parsed twice as hex, on every signature and check).
    private final java.util.concurrent.atomic.AtomicInteger largestToken = new java.util.concurrent.atomic.AtomicInteger();

    /**
     * @param timestamps              the TSA for B-T and B-LT (null: only B-B can be made)
     * @param crls                    revocation data for the self-check and for B-LT
     * @param requireRevocationStatus refuse to sign when the signing certificate's status is unknown
     */
    public PdfBoxPadesSigner(TimestampSource timestamps, CrlSource crls, boolean requireRevocationStatus,
                             Clock clock, Scheduler scheduler) {
        this.timestamps = timestamps;
        this.crls = Objects.requireNonNull(crls);
        this.requireRevocationStatus = requireRevocationStatus;
        this.clock = Objects.requireNonNull(clock);
        this.scheduler = Objects.requireNonNull(scheduler);
    }

    // ------------------------------------------------------------------ reactive API

    /** Step 1: checks the certificate, adds the signature field, returns what the token must sign. */
    public Mono<PreparedSignature> prepare(byte[] pdf, SignatureParameters parameters) {
        return Mono.fromCallable(() -> prepareBlocking(pdf, parameters)).subscribeOn(scheduler);
    }

    /** Step 1 from a file (read on the scheduler). */
    public Mono<PreparedSignature> prepare(Path pdf, SignatureParameters parameters) {
        return Mono.fromCallable(() -> prepareBlocking(Files.readAllBytes(pdf), parameters)).subscribeOn(scheduler);
    }

    /** Step 3: embeds the signature value (and the timestamp, the validation data) into the PDF. */
    public Mono<byte[]> apply(PreparedSignature prepared, SignatureValue value) {
        return Mono.fromCallable(() -> applyBlocking(prepared, value)).subscribeOn(scheduler);
    }

    /** The three steps in one, with a token reachable from here (software key, local HSM). */
    public Mono<byte[]> sign(byte[] pdf, SignatureParameters parameters, SignatureToken token) {
        return Mono.fromCallable(() -> signBlocking(pdf, parameters, token)).subscribeOn(scheduler);
    }

    /** Adds (or completes) the DSS with validation data for every signature: B-T -> B-LT. */
    public Mono<byte[]> addValidationData(byte[] signedPdf) {
        return Mono.fromCallable(() -> addValidationDataBlocking(signedPdf, List.of())).subscribeOn(scheduler);
    }

    // ------------------------------------------------------------------ blocking core

    public byte[] signBlocking(byte[] pdf, SignatureParameters parameters, SignatureToken token) {
        PreparedSignature prepared = prepareBlocking(pdf, parameters);
        return applyBlocking(prepared, token.sign(prepared.dataToSign()));
    }

    public PreparedSignature prepareBlocking(byte[] pdf, SignatureParameters p) {
        if (p.level() != PadesLevel.B_B && timestamps == null) {
            throw new IllegalStateException("no timestamp authority configured: only B-B signatures can be made");
        }
        X509Certificate cert = p.signingCertificate();
        Instant now = clock.instant();
        checkSigningCertificate(p.certificateChain(), now);
        String algorithm = signatureAlgorithm(cert);
        Instant signingTime = p.signingTime() != null ? p.signingTime() : now;

        PDDocument doc = load(pdf);
        try (doc; SignatureOptions options = new SignatureOptions()) {
            PDSignature sig = new PDSignature();
            sig.setFilter(PDSignature.FILTER_ADOBE_PPKLITE);
            sig.setSubFilter(COSName.getPDFName(SUBFILTER));
            sig.setName(p.signerName() != null ? p.signerName() : commonName(cert));
            if (p.reason() != null) {
                sig.setReason(p.reason());
            }
            if (p.location() != null) {
                sig.setLocation(p.location());
            }
            if (p.contactInfo() != null) {
                sig.setContactInfo(p.contactInfo());
            }
            Calendar cal = Calendar.getInstance(TimeZone.getTimeZone("UTC"));
            cal.setTime(Date.from(signingTime));
            sig.setSignDate(cal);
            options.setPreferredSignatureSize(p.reservedBytes() > 0 ? p.reservedBytes() : estimateSize(p));
            doc.addSignature(sig, options);
            UnsyncByteArrayOutputStream out = new UnsyncByteArrayOutputStream(pdf.length + 2 * options.getPreferredSignatureSize() + 16 * 1024);
            ExternalSigningSupport external = doc.saveIncrementalForExternalSigning(out);
            byte[] contentDigest;
            try (InputStream content = external.getContent()) {
                contentDigest = sha256(content);
            }
            external.setSignature(new byte[0]);
            int[] br = sig.getByteRange();
            byte[] prepared = out.toByteArray();
            byte[] signedAttributes = signedAttributes(contentDigest, cert);
            return new PreparedSignature(prepared, new long[]{br[0], br[1], br[2], br[3]},
                    new DataToSign(signedAttributes, algorithm), p);
        } catch (IOException e) {
            throw new SignerException(SignerException.Code.NOT_A_PDF, "The PDF could not be prepared for signing: " + e.getMessage(), e);
        }
    }

    public byte[] applyBlocking(PreparedSignature prepared, SignatureValue value) {
        SignatureParameters p = prepared.parameters();
        X509Certificate cert = p.signingCertificate();
        byte[] pdf = prepared.pdfNoCopy();
        long[] br = prepared.byteRange();
        byte[] toBeSigned = prepared.dataToSign().bytes();
        checkPlaceholder(pdf, br);
        // The prepared PDF must still be the one whose digest is in the signed attributes.
        byte[] digest = rangeDigest(pdf, br);
        ASN1Set signedAttrs = ASN1Set.getInstance(toAsn1(toBeSigned));
        Attribute md = new AttributeTable(signedAttrs).get(CMSAttributes.messageDigest);
        if (md == null || !Arrays.equals(DEROctetString.getInstance(md.getAttrValues().getObjectAt(0)).getOctets(), digest)) {
            throw new SignerException(SignerException.Code.PREPARED_SIGNATURE_INVALID,
                    "The prepared document does not match its data to sign: prepare it again.");
        }
        byte[] sigValue = value.value();
        verifySignatureValue(cert, prepared.dataToSign().signatureAlgorithm(), toBeSigned, sigValue);

        ASN1Set unsigned = null;
        if (p.level() != PadesLevel.B_B) {
            byte[] token = timestamps.timestampToken(sha256(sigValue));
            largestToken.accumulateAndGet(token.length, Math::max);
            unsigned = new DERSet(new Attribute(PKCSObjectIdentifiers.id_aa_signatureTimeStampToken,
                    new DERSet(ContentInfo.getInstance(toAsn1(token)))));
        }
        byte[] cms = cms(p.certificateChain(), signedAttrs, prepared.dataToSign().signatureAlgorithm(), sigValue, unsigned);
        byte[] hex = HexFormat.of().withUpperCase().formatHex(cms).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        int room = (int) (br[2] - br[1] - 2);
        if (hex.length > room) {
            throw new SignerException(SignerException.Code.SIGNATURE_TOO_LARGE,
                    "The signature (" + cms.length + " bytes) does not fit the " + room / 2
                            + " bytes reserved: prepare again with a larger reservedBytes.");
        }
        byte[] signed = pdf.clone();
        System.arraycopy(hex, 0, signed, (int) br[1] + 1, hex.length);
        if (p.level() == PadesLevel.B_LT) {
            return addValidationDataBlocking(signed, p.certificateChain());
        }
        return signed;
    }

    /**
     * Adds a DSS dictionary (incremental update) with the certificates of every signature and
     * timestamp in the document and the CRLs that cover them (from the {@link CrlSource}).
     */
    public byte[] addValidationDataBlocking(byte[] signedPdf, List<X509Certificate> extraCertificates) {
        PDDocument doc = load(signedPdf);
        try (doc) {
            Set<X509Certificate> certs = new LinkedHashSet<>(extraCertificates);
            for (PDSignature sig : doc.getSignatureDictionaries()) {
                byte[] contents = sig.getContents(signedPdf);
                collectCertificates(contents, certs);
            }
            Map<String, X509CRL> crlSet = new LinkedHashMap<>();
            for (X509Certificate c : certs) {
                if (isSelfSigned(c)) {
                    continue;
                }
                for (X509CRL crl : crls.crlsFor(c)) {
                    crlSet.putIfAbsent(HexFormat.of().formatHex(sha256(crl.getEncoded())), crl);
                }
            }
            COSDictionary catalog = doc.getDocumentCatalog().getCOSObject();
            catalog.setNeedToBeUpdated(true);
            COSDictionary dss = child(catalog, "DSS", COSDictionary.class);
            COSArray certArray = child(dss, "Certs", COSArray.class);
            COSArray crlArray = child(dss, "CRLs", COSArray.class);
            Set<String> present = new java.util.HashSet<>();
            for (COSArray a : List.of(certArray, crlArray)) {
                for (COSBase b : a) {
                    if (b instanceof org.apache.pdfbox.cos.COSObject o && o.getObject() instanceof COSStream s) {
                        present.add(HexFormat.of().formatHex(sha256(s.createInputStream())));
                    } else if (b instanceof COSStream s) {
                        present.add(HexFormat.of().formatHex(sha256(s.createInputStream())));
                    }
                }
            }
            for (X509Certificate c : certs) {
                addStream(doc, certArray, c.getEncoded(), present);
            }
            for (X509CRL crl : crlSet.values()) {
                addStream(doc, crlArray, crl.getEncoded(), present);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(signedPdf.length + 32 * 1024);
            doc.saveIncremental(out);
            return out.toByteArray();
        } catch (IOException | GeneralSecurityException e) {
            throw new SignerException(SignerException.Code.CRYPTO_FAILURE, "Validation data could not be added: " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------ the self-check

    /** Refuses a certificate that is expired, not for signing, or revoked (or of unknown status, if required). */
    void checkSigningCertificate(List<X509Certificate> chain, Instant at) {
        X509Certificate cert = chain.get(0);
        String serial = cert.getSerialNumber().toString(16);
        try {
            cert.checkValidity(Date.from(at));
        } catch (CertificateException e) {
            throw new SignerException(SignerException.Code.CERTIFICATE_EXPIRED,
                    "The signing certificate is not valid at " + at + " (valid " + cert.getNotBefore().toInstant()
                            + " to " + cert.getNotAfter().toInstant() + "): renew the key.", Map.of("serial", serial), e);
        }
        boolean[] ku = cert.getKeyUsage();
        if (ku != null && !(ku[0] || ku[1])) {
            throw new SignerException(SignerException.Code.CERTIFICATE_NOT_FOR_SIGNING,
                    "The certificate is not meant for signatures (key usage): use a signing certificate.", Map.of("serial", serial), null);
        }
        X509Certificate issuer = chain.size() > 1 ? chain.get(1) : null;
        CrlCheck.Result status;
        try {
            status = CrlCheck.check(cert, issuer, crls.crlsFor(cert));
        } catch (SignerException e) {
            status = CrlCheck.Result.UNKNOWN;
        }
        if (status.state() == CrlCheck.State.REVOKED) {
            throw new SignerException(SignerException.Code.CERTIFICATE_REVOKED,
                    "The signing certificate was revoked on " + status.revocationTime() + " (" + status.reason()
                            + "): it can no longer sign. Ask for a new key.",
                    Map.of("serial", serial, "revokedAt", status.revocationTime().toString(), "reason", status.reason()), null);
        }
        if (status.state() == CrlCheck.State.UNKNOWN && requireRevocationStatus) {
            throw new SignerException(SignerException.Code.REVOCATION_UNKNOWN,
                    "The revocation status of the signing certificate could not be established (no CRL reachable): try again later.",
                    Map.of("serial", serial), null);
        }
    }

    // ------------------------------------------------------------------ CMS building

    private static byte[] signedAttributes(byte[] contentDigest, X509Certificate cert) {
        try {
            X509CertificateHolder holder = new X509CertificateHolder(cert.getEncoded());
            ESSCertIDv2 certId = new ESSCertIDv2(sha256(cert.getEncoded()),
                    new IssuerSerial(new GeneralNames(new GeneralName(holder.getIssuer())), holder.getSerialNumber()));
            ASN1EncodableVector v = new ASN1EncodableVector();
            v.add(new Attribute(CMSAttributes.contentType, new DERSet(PKCSObjectIdentifiers.data)));
            v.add(new Attribute(CMSAttributes.messageDigest, new DERSet(new DEROctetString(contentDigest))));
            v.add(new Attribute(PKCSObjectIdentifiers.id_aa_signingCertificateV2, new DERSet(new SigningCertificateV2(certId))));
            return new DERSet(v).getEncoded(ASN1Encoding.DER);
        } catch (IOException | CertificateEncodingException e) {
            throw new SignerException(SignerException.Code.CRYPTO_FAILURE, "Signed attributes could not be encoded", e);
        }
    }

    private static byte[] cms(List<X509Certificate> chain, ASN1Set signedAttrs, String algorithm, byte[] sigValue, ASN1Set unsigned) {
        try {
            X509Certificate cert = chain.get(0);
            X509CertificateHolder holder = new X509CertificateHolder(cert.getEncoded());
            AlgorithmIdentifier sigAlg = new DefaultSignatureAlgorithmIdentifierFinder().find(algorithm);
            SignerInfo si = new SignerInfo(
                    new SignerIdentifier(new IssuerAndSerialNumber(holder.toASN1Structure())),
                    SHA256, signedAttrs, sigAlg, new DEROctetString(sigValue), unsigned);
            ASN1EncodableVector certs = new ASN1EncodableVector();
            for (X509Certificate c : chain) {
                certs.add(org.bouncycastle.asn1.x509.Certificate.getInstance(c.getEncoded()));
            }
            SignedData sd = new SignedData(new DERSet(SHA256), new ContentInfo(CMSObjectIdentifiers.data, null),
                    new DERSet(certs), null, new DERSet(si));
            return new ContentInfo(CMSObjectIdentifiers.signedData, sd).getEncoded(ASN1Encoding.DER);
        } catch (IOException | CertificateEncodingException e) {
            throw new SignerException(SignerException.Code.CRYPTO_FAILURE, "The CMS signature could not be encoded", e);
        }
    }

    private static void verifySignatureValue(X509Certificate cert, String algorithm, byte[] data, byte[] sigValue) {
        try {
            Signature v = ma.rokhsa.signer.SignatureProviders.signature(algorithm, cert.getPublicKey().getAlgorithm());
            v.initVerify(cert.getPublicKey());
            v.update(data);
            if (v.verify(sigValue)) {
                return;
            }
        } catch (GeneralSecurityException e) {
            // falls through: the value is unusable either way
        }
        throw new SignerException(SignerException.Code.SIGNATURE_VALUE_INVALID,
                "The signature value does not verify with the signing certificate: the token signed with another key.");
    }

    static String signatureAlgorithm(X509Certificate cert) {
        String alg = cert.getPublicKey().getAlgorithm();
        return switch (alg) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> throw new SignerException(SignerException.Code.CERTIFICATE_NOT_FOR_SIGNING,
                    "Unsupported key algorithm " + alg + " (RSA or EC expected).");
        };
    }

    private int estimateSize(SignatureParameters p) {
        int size = 2048;
        for (X509Certificate c : p.certificateChain()) {
            try {
                size += c.getEncoded().length;
            } catch (CertificateEncodingException e) {
                size += 2048;
            }
        }
        if (p.level() != PadesLevel.B_B) {
            int seen = largestToken.get();
            size += seen == 0 ? TIMESTAMP_RESERVE_INITIAL : seen + TIMESTAMP_MARGIN;
        }
        return size;
    }

    // ------------------------------------------------------------------ helpers

    private static PDDocument load(byte[] pdf) {
        try {
            return Loader.loadPDF(pdf);
        } catch (InvalidPasswordException e) {
            throw new SignerException(SignerException.Code.ENCRYPTED_PDF,
                    "The PDF is protected by a password: provide it without a password.", e);
        } catch (IOException e) {
            throw new SignerException(SignerException.Code.NOT_A_PDF, "The file is not a readable PDF: " + e.getMessage(), e);
        }
    }

    private static void checkPlaceholder(byte[] pdf, long[] br) {
        if (br[0] != 0 || br[1] <= 0 || br[2] <= br[1] || br[2] + br[3] != pdf.length
                || pdf[(int) br[1]] != '<' || pdf[(int) br[2] - 1] != '>') {
            throw new SignerException(SignerException.Code.PREPARED_SIGNATURE_INVALID,
                    "The prepared document's byte range does not match its signature placeholder: prepare it again.");
        }
    }

    static byte[] rangeDigest(byte[] pdf, long[] br) {
        MessageDigest md = sha256Digest();
        md.update(pdf, (int) br[0], (int) br[1]);
        md.update(pdf, (int) br[2], (int) br[3]);
        return md.digest();
    }

    private static void collectCertificates(byte[] cmsBytes, Set<X509Certificate> out) {
        try {
            CMSSignedData cms = new CMSSignedData(PadesVerifier.contentInfo(cmsBytes));
            addAll(cms.getCertificates(), out);
            for (var si : cms.getSignerInfos().getSigners()) {
                if (si.getUnsignedAttributes() == null) {
                    continue;
                }
                Attribute ts = si.getUnsignedAttributes().get(PKCSObjectIdentifiers.id_aa_signatureTimeStampToken);
                if (ts != null) {
                    TimeStampToken token = new TimeStampToken(new CMSSignedData(
                            ts.getAttrValues().getObjectAt(0).toASN1Primitive().getEncoded(ASN1Encoding.DER)));
                    addAll(token.getCertificates(), out);
                }
            }
        } catch (Exception e) {
            // A signature we cannot parse contributes no certificates; its verifier will say why.
        }
    }

    private static void addAll(Store<X509CertificateHolder> store, Set<X509Certificate> out) throws CertificateException {
        var conv = new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter();
        for (X509CertificateHolder h : store.getMatches(null)) {
            out.add(conv.getCertificate(h));
        }
    }

    @SuppressWarnings("unchecked")
    private static <T extends COSBase> T child(COSDictionary parent, String key, Class<T> type) {
        COSBase existing = parent.getDictionaryObject(COSName.getPDFName(key));
        if (type.isInstance(existing)) {
            if (existing instanceof COSDictionary d) {
                d.setNeedToBeUpdated(true);
            } else if (existing instanceof COSArray a) {
                a.setNeedToBeUpdated(true);
            }
            return (T) existing;
        }
        COSBase created = type == COSDictionary.class ? new COSDictionary() : new COSArray();
        created.setDirect(false);
        parent.setItem(COSName.getPDFName(key), created);
        return (T) created;
    }

    private static void addStream(PDDocument doc, COSArray array, byte[] content, Set<String> present) throws IOException {
        String h = HexFormat.of().formatHex(sha256(content));
        if (!present.add(h)) {
            return;
        }
        COSStream s = doc.getDocument().createCOSStream();
        try (var os = s.createOutputStream(COSName.FLATE_DECODE)) {
            os.write(content);
        }
        array.add(s);
        array.setNeedToBeUpdated(true);
    }

    private static boolean isSelfSigned(X509Certificate c) {
        if (!c.getSubjectX500Principal().equals(c.getIssuerX500Principal())) {
            return false;
        }
        try {
            c.verify(c.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    static String commonName(X509Certificate cert) {
        try {
            X500Name name = new X509CertificateHolder(cert.getEncoded()).getSubject();
            var rdns = name.getRDNs(org.bouncycastle.asn1.x500.style.BCStyle.CN);
            if (rdns.length > 0) {
                return org.bouncycastle.asn1.x500.style.IETFUtils.valueToString(rdns[0].getFirst().getValue());
            }
        } catch (IOException | CertificateEncodingException e) {
            // fall through
        }
        return cert.getSubjectX500Principal().getName();
    }

    private static ASN1Primitive toAsn1(byte[] der) {
        try {
            return ASN1Primitive.fromByteArray(der);
        } catch (IOException e) {
            throw new SignerException(SignerException.Code.CRYPTO_FAILURE, "Malformed DER: " + e.getMessage(), e);
        }
    }

    static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] sha256(byte[] b) {
        return sha256Digest().digest(b);
    }

    static byte[] sha256(InputStream in) throws IOException {
        MessageDigest md = sha256Digest();
        byte[] buf = new byte[64 * 1024];
        int n;
        while ((n = in.read(buf)) > 0) {
            md.update(buf, 0, n);
        }
        return md.digest();
    }
}
