package ma.rokhsa.signer.pades;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Calendar;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;

import ma.rokhsa.signer.DemoPkiFixture;
import ma.rokhsa.signer.Samples;
import ma.rokhsa.signer.SignerSchedulers;
import ma.rokhsa.signer.keys.KeyAlgorithm;
import ma.rokhsa.signer.keys.PinProtectedKeys;
import ma.rokhsa.signer.keys.ProtectedKey;
import ma.rokhsa.signer.pades.VerificationReport.Finding;
import ma.rokhsa.signer.pades.VerificationReport.Integrity;
import ma.rokhsa.signer.pades.VerificationReport.SignatureReport;
import ma.rokhsa.signer.pades.VerificationReport.Verdict;
import ma.rokhsa.signer.pki.CrlSource;
import ma.rokhsa.signer.pki.Signatory;
import ma.rokhsa.signer.render.OpenHtmlToPdfRenderer;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.scheduler.Scheduler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The verifier against documents built to deceive it: a chain that breaks a CA's path-length constraint
 * (a CA allowed to certify only end entities certifying another CA), a certificate expired with no timestamp
 * proving the signature earlier, a timestamp whose own signature was altered, objects hidden in the signature
 * value's unsigned padding, and a certificate that is not for signatures.
 */
class PadesVerifierAttacksIT {

    @TempDir
    static Path tmp;

    static Scheduler scheduler;
    static DemoPkiFixture fx;
    static byte[] decision;

    @BeforeAll
    static void setUp() throws Exception {
        scheduler = SignerSchedulers.newSignerScheduler(2, 16);
        fx = new DemoPkiFixture(tmp.resolve("pki"));
        decision = new OpenHtmlToPdfRenderer(scheduler).render(Samples.permit()).block();
    }

    @AfterAll
    static void tearDown() {
        fx.close();
        scheduler.dispose();
    }

    @Test
    void aCaBeyondItsParentsPathLengthIsNotTrusted() throws Exception {
        Instant now = Instant.now();
        // Control: the same four-level chain without a path-length limit is trusted.
        Chain open = chain(null, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(365)));
        SignatureReport fine = verify(signB(open, Clock.systemUTC()), open.root()).signatures().get(0);
        assertThat(fine.chainTrusted()).as(String.valueOf(fine.reasons())).isTrue();

        // An intermediate that may certify end entities only (path length 0) certifying another CA: RFC 5280 says no.
        Chain capped = chain(0, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(365)));
        VerificationReport report = verify(signB(capped, Clock.systemUTC()), capped.root());
        SignatureReport r = report.signatures().get(0);
        assertThat(r.chainTrusted()).isFalse();
        assertThat(r.reasons()).extracting(Finding::code).contains("CHAIN_UNTRUSTED");
        assertThat(r.reasons()).anySatisfy(f -> assertThat(f.message()).containsIgnoringCase("path"));
        assertThat(report.verdict()).isNotEqualTo(Verdict.VALID);
    }

    @Test
    void aCertificateExpiredWithoutATimestampIsNotValid() throws Exception {
        Instant now = Instant.now();
        Chain old = chain(null, now.minus(Duration.ofDays(3 * 365)), now.minus(Duration.ofDays(365)));
        // Signed while it was valid, by the signer's clock; nothing proves when.
        Clock then = Clock.fixed(now.minus(Duration.ofDays(2 * 365)), ZoneOffset.UTC);
        VerificationReport report = verify(signB(old, then), old.root());
        SignatureReport r = report.signatures().get(0);
        assertThat(r.reasons()).extracting(Finding::code).contains("CERTIFICATE_EXPIRED");
        assertThat(report.verdict()).isNotEqualTo(Verdict.VALID);
    }

    @Test
    void anAlteredTimestampIsReportedAndTheSignatureStaysIntact() throws Exception {
        PinProtectedKeys keys = new PinProtectedKeys(DemoPkiFixture.FAST_ARGON2, null, null, scheduler);
        char[] pin = "482915".toCharArray();
        char[] initial = PinProtectedKeys.randomPin(8);
        ProtectedKey issued = keys.issue(fx.pki, new Signatory("Salma Bennani", "Présidente", "Commune de Salé", null),
                KeyAlgorithm.RSA_3072, initial).block();
        ProtectedKey key = keys.changePin(issued, initial, pin).block();
        SoftwareSignatureToken token = new SoftwareSignatureToken(keys.unlockForSigning(key, pin).block(), key.certificateChain());
        PdfBoxPadesSigner signer = new PdfBoxPadesSigner(fx.pki.timestampAuthority(), fx.pki, true, Clock.systemUTC(), scheduler);
        byte[] signed = signer.sign(decision, SignatureParameters.builder(PadesLevel.B_T, token.certificateChain()).build(), token).block();
        PadesVerifier verifier = new PadesVerifier(fx.pki.trustAnchors(), fx.pki, Clock.systemUTC(), scheduler);
        assertThat(verifier.verify(signed).block().verdict()).isEqualTo(Verdict.VALID);

        // The last byte of the CMS is the end of the timestamp token's own signature: not covered by the signer's.
        byte[] altered = alterLastCmsByte(signed);
        VerificationReport report = verifier.verify(altered).block();
        SignatureReport r = report.signatures().get(0);
        assertThat(r.integrity()).isEqualTo(Integrity.INTACT);
        assertThat(r.timestamp().valid()).isFalse();
        assertThat(r.reasons()).extracting(Finding::code).contains("TIMESTAMP_INVALID");
        assertThat(report.verdict()).isNotEqualTo(Verdict.VALID);
    }

    @Test
    void somethingHiddenInTheSignaturesReservedSpaceIsRefused() throws Exception {
        Chain open = chain(null, Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(365)));
        byte[] signed = signB(open, Clock.systemUTC());
        // (Intact and trusted; not VALID only because the test CA publishes no revocation data.)
        assertThat(verify(signed, open.root()).signatures().get(0).integrity()).isEqualTo(Integrity.INTACT);
        // The byte range leaves out only the signature value; its zero padding is not signed, so an attacker could
        // put objects there (the signature wrapping attack): anything but hex digits between < and > is refused.
        String text = new String(signed, StandardCharsets.ISO_8859_1);
        int end = text.indexOf('>', text.lastIndexOf("/Contents <"));
        String hidden = ">1 0 obj (forged) endobj<";
        String wrapped = text.substring(0, end - hidden.length()) + hidden + text.substring(end);
        VerificationReport report = verify(wrapped.getBytes(StandardCharsets.ISO_8859_1), open.root());
        assertThat(report.verdict()).isEqualTo(Verdict.INVALID);
        assertThat(report.signatures().get(0).integrity()).isEqualTo(Integrity.BYTE_RANGE_INVALID);
    }

    @Test
    void aCertificateNotMeantForSignaturesIsNotAccepted() throws Exception {
        // Our signer refuses such a certificate: the CMS is made here, as another tool would make it.
        Instant now = Instant.now();
        Chain encipherOnly = chain(null, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(365)), KeyUsage.keyEncipherment);
        byte[] signed = externallySigned(decision, encipherOnly);
        SignatureReport r = verify(signed, encipherOnly.root()).signatures().get(0);
        assertThat(r.integrity()).isEqualTo(Integrity.INTACT);
        assertThat(r.reasons()).extracting(Finding::code).contains("KEY_USAGE");
        assertThat(r.verdict()).isNotEqualTo(Verdict.VALID);
    }

    // ------------------------------------------------------------------ helpers

    /** A CAdES-detached signature made with BouncyCastle and put in by PDFBox's external signing. */
    private static byte[] externallySigned(byte[] pdf, Chain c) throws Exception {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            var sig = new PDSignature();
            sig.setFilter(PDSignature.FILTER_ADOBE_PPKLITE);
            sig.setSubFilter(PDSignature.SUBFILTER_ETSI_CADES_DETACHED);
            sig.setSignDate(Calendar.getInstance());
            doc.addSignature(sig);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            var external = doc.saveIncrementalForExternalSigning(out);
            byte[] content = external.getContent().readAllBytes();
            var generator = new CMSSignedDataGenerator();
            generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(
                    new JcaDigestCalculatorProviderBuilder().build())
                    .build(new JcaContentSignerBuilder("SHA256withRSA").build(c.leafKey()), c.path().get(0)));
            generator.addCertificates(new JcaCertStore(c.path()));
            external.setSignature(generator.generate(new CMSProcessableByteArray(content), false).getEncoded());
            return out.toByteArray();
        }
    }

    private record Chain(X509Certificate root, List<X509Certificate> path, PrivateKey leafKey) {
    }

    /** root -> intermediate CA (path length {@code pathLength}, null: none) -> sub-CA -> signing certificate. */
    private static Chain chain(Integer pathLength, Instant from, Instant to) throws Exception {
        return chain(pathLength, from, to, KeyUsage.digitalSignature | KeyUsage.nonRepudiation);
    }

    private static Chain chain(Integer pathLength, Instant from, Instant to, int leafKeyUsage) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair root = g.generateKeyPair();
        KeyPair mid = g.generateKeyPair();
        KeyPair sub = g.generateKeyPair();
        KeyPair leaf = g.generateKeyPair();
        X500Name rootName = new X500Name("CN=Attack Test Root,O=Tests,C=MA");
        X500Name midName = new X500Name("CN=Attack Test Intermediate,O=Tests,C=MA");
        X500Name subName = new X500Name("CN=Attack Test Sub-CA,O=Tests,C=MA");
        int ca = KeyUsage.keyCertSign | KeyUsage.cRLSign;
        X509Certificate rootCert = cert(rootName, rootName, root, root.getPrivate(), from, to, new BasicConstraints(true), ca);
        X509Certificate midCert = cert(rootName, midName, mid, root.getPrivate(), from, to,
                pathLength == null ? new BasicConstraints(true) : new BasicConstraints(pathLength), ca);
        X509Certificate subCert = cert(midName, subName, sub, mid.getPrivate(), from, to, new BasicConstraints(true), ca);
        X509Certificate leafCert = cert(subName, new X500Name("CN=Attack Test Signer,O=Tests,C=MA"), leaf, sub.getPrivate(),
                from, to, new BasicConstraints(false), leafKeyUsage);
        return new Chain(rootCert, List.of(leafCert, subCert, midCert, rootCert), leaf.getPrivate());
    }

    private static X509Certificate cert(X500Name issuer, X500Name subject, KeyPair subjectKeys, PrivateKey issuerKey,
                                        Instant from, Instant to, BasicConstraints bc, int keyUsage) throws Exception {
        var b = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(System.nanoTime()), Date.from(from), Date.from(to),
                subject, subjectKeys.getPublic());
        b.addExtension(Extension.basicConstraints, true, bc);
        b.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
        return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder("SHA256withRSA").build(issuerKey)));
    }

    /** B-B (no timestamp) with the chain's key, no revocation check (the test CA publishes no CRL). */
    private static byte[] signB(Chain c, Clock clock) {
        PdfBoxPadesSigner signer = new PdfBoxPadesSigner(fx.pki.timestampAuthority(), CrlSource.none(), false, clock, scheduler);
        return signer.sign(decision, SignatureParameters.builder(PadesLevel.B_B, c.path()).build(),
                new SoftwareSignatureToken(c.leafKey(), c.path())).block();
    }

    private static VerificationReport verify(byte[] pdf, X509Certificate anchor) {
        return new PadesVerifier(List.of(anchor), CrlSource.none(), Clock.systemUTC(), scheduler).verify(pdf).block();
    }

    private static byte[] alterLastCmsByte(byte[] pdf) throws Exception {
        String text = new String(pdf, StandardCharsets.ISO_8859_1);
        int contents = text.lastIndexOf("/Contents <");
        int start = contents + "/Contents <".length();
        int end = text.indexOf('>', start);
        byte[] cms = HexFormat.of().parseHex(text.substring(start, end));
        // The CMS is one DER SEQUENCE followed by the zeros that pad the reserved space: its own length says where it ends.
        int first = cms[1] & 0xff;
        int header = first < 0x80 ? 2 : 2 + (first & 0x7f);
        int length = first < 0x80 ? first : new BigInteger(1, java.util.Arrays.copyOfRange(cms, 2, header)).intValue();
        cms[header + length - 1] ^= 0x01;
        String hex = HexFormat.of().withUpperCase().formatHex(cms);
        if (Character.isLowerCase(text.charAt(start))) {
            hex = hex.toLowerCase();
        }
        return (text.substring(0, start) + hex + text.substring(end)).getBytes(StandardCharsets.ISO_8859_1);
    }
}
