package ma.rokhsa.signer.pades;

import eu.europa.esig.dss.diagnostic.DiagnosticData;
import eu.europa.esig.dss.diagnostic.SignatureWrapper;
import eu.europa.esig.dss.diagnostic.TimestampWrapper;
import eu.europa.esig.dss.enumerations.Indication;
import eu.europa.esig.dss.enumerations.SignatureLevel;
import eu.europa.esig.dss.simplereport.SimpleReport;
import eu.europa.esig.dss.validation.reports.Reports;
import ma.rokhsa.signer.DemoPkiFixture;
import ma.rokhsa.signer.IndependentValidators;
import ma.rokhsa.signer.Samples;
import ma.rokhsa.signer.SignerException;
import ma.rokhsa.signer.SignerSchedulers;
import ma.rokhsa.signer.keys.KeyAlgorithm;
import ma.rokhsa.signer.keys.PinProtectedKeys;
import ma.rokhsa.signer.keys.ProtectedKey;
import ma.rokhsa.signer.pades.VerificationReport.Integrity;
import ma.rokhsa.signer.pades.VerificationReport.RevocationStatus;
import ma.rokhsa.signer.pades.VerificationReport.SignatureReport;
import ma.rokhsa.signer.pades.VerificationReport.Verdict;
import ma.rokhsa.signer.pki.CrlSource;
import ma.rokhsa.signer.pki.RevocationReason;
import ma.rokhsa.signer.pki.Signatory;
import ma.rokhsa.signer.render.OpenHtmlToPdfRenderer;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.scheduler.Scheduler;
import reactor.test.StepVerifier;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Signs real rendered documents with keys from the demo PKI and checks the result with EU DSS and
 * pdfsig (independent validators) and with our own verifier.
 */
class PadesSignatureIT {

    @TempDir
    static Path tmp;

    static Scheduler scheduler;
    static DemoPkiFixture fx;
    static PinProtectedKeys keys;
    static PdfBoxPadesSigner signer;
    static PadesVerifier verifier;
    static byte[] decision;
    static byte[] receipt;
    static ProtectedKey president;
    static ProtectedKey agency;
    static final char[] PIN = "482915".toCharArray();

    @BeforeAll
    static void setUp() throws Exception {
        scheduler = SignerSchedulers.newSignerScheduler(4, 64);
        fx = new DemoPkiFixture(tmp.resolve("pki"));
        keys = new PinProtectedKeys(DemoPkiFixture.FAST_ARGON2, null, null, scheduler);
        signer = new PdfBoxPadesSigner(fx.pki.timestampAuthority(), fx.pki, true, Clock.systemUTC(), scheduler);
        verifier = new PadesVerifier(fx.pki.trustAnchors(), fx.pki, Clock.systemUTC(), scheduler);
        OpenHtmlToPdfRenderer renderer = new OpenHtmlToPdfRenderer(scheduler);
        decision = renderer.render(Samples.permit()).block();
        receipt = renderer.render(Samples.receipt()).block();
        president = activated(new Signatory("Fatima Zahra El Idrissi", "Présidente du conseil communal", "Commune de Témara", "president@temara.example.ma"));
        agency = activated(new Signatory("Ahmed Tazi", "Architecte instructeur", "Agence urbaine de Skhirate-Témara", null));
    }

    static ProtectedKey activated(Signatory who) {
        char[] initial = PinProtectedKeys.randomPin(8);
        ProtectedKey issued = keys.issue(fx.pki, who, KeyAlgorithm.RSA_3072, initial).block();
        return keys.changePin(issued, initial, PIN).block();
    }

    @AfterAll
    static void tearDown() {
        fx.close();
        scheduler.dispose();
    }

    static byte[] sign(byte[] pdf, ProtectedKey key, PadesLevel level) {
        SoftwareSignatureToken token = new SoftwareSignatureToken(keys.unlockForSigning(key, PIN).block(), key.certificateChain());
        SignatureParameters p = SignatureParameters.builder(level, token.certificateChain())
                .reason("Décision TEM-D-2026-0042").location("Témara").build();
        // The three steps, as a remote token would see them.
        PreparedSignature prepared = signer.prepare(pdf, p).block();
        SignatureValue value = token.sign(prepared.dataToSign());
        return signer.apply(prepared, value).block();
    }

    static Path write(String name, byte[] pdf) throws Exception {
        Path dir = Path.of("target", "signed");
        Files.createDirectories(dir);
        Path f = dir.resolve(name);
        Files.write(f, pdf);
        return f;
    }

    @Test
    void bTisValidForDssOurVerifierAndPdfsig() throws Exception {
        byte[] signed = sign(decision, president, PadesLevel.B_T);
        Path file = write("decision-B-T.pdf", signed);

        Reports reports = IndependentValidators.dss(signed, fx.pki.rootCertificate(), true);
        SimpleReport simple = reports.getSimpleReport();
        String id = simple.getFirstSignatureId();
        assertThat(simple.getSignaturesCount()).isEqualTo(1);
        assertThat(simple.getIndication(id)).as(reports.getXmlSimpleReport()).isEqualTo(Indication.TOTAL_PASSED);
        assertThat(simple.getSignatureFormat(id)).isEqualTo(SignatureLevel.PAdES_BASELINE_T);
        DiagnosticData diag = reports.getDiagnosticData();
        SignatureWrapper sw = diag.getSignatureById(id);
        assertThat(sw.isSignatureIntact()).isTrue();
        assertThat(sw.isSignatureValid()).isTrue();
        assertThat(sw.isTrustedChain()).isTrue();
        assertThat(sw.getSigningCertificate().getCommonName()).isEqualTo("Fatima Zahra El Idrissi");
        List<TimestampWrapper> tss = diag.getTimestampList(id);
        assertThat(tss).hasSize(1);
        assertThat(tss.get(0).isMessageImprintDataFound()).isTrue();
        assertThat(tss.get(0).isMessageImprintDataIntact()).isTrue();
        assertThat(tss.get(0).isSignatureValid()).isTrue();
        assertThat(tss.get(0).isTrustedChain()).isTrue();

        VerificationReport ours = verifier.verify(signed).block();
        assertThat(ours.verdict()).as(ours.toString()).isEqualTo(Verdict.VALID);
        SignatureReport r = ours.signatures().get(0);
        assertThat(r.format()).isEqualTo("PAdES-BASELINE-T");
        assertThat(r.signerName()).isEqualTo("Fatima Zahra El Idrissi");
        assertThat(r.chainTrusted()).isTrue();
        assertThat(r.chain()).hasSize(3);
        assertThat(r.timestamp().valid()).isTrue();
        assertThat(r.timestamp().trusted()).isTrue();
        assertThat(r.signingTime()).isEqualTo(r.timestamp().time());
        assertThat(r.integrity()).isEqualTo(Integrity.INTACT);
        assertThat(r.revocation().status()).isEqualTo(RevocationStatus.GOOD);

        Assumptions.assumeTrue(IndependentValidators.pdfsigInstalled(), "pdfsig (poppler-utils) not installed");
        Path nss = null;
        if (IndependentValidators.certutilInstalled()) {
            nss = tmp.resolve("nss-bt");
            IndependentValidators.nssTrusting(nss, fx.pki.rootCertificate());
        }
        String out = IndependentValidators.pdfsig(file, nss);
        assertThat(out).contains("Signature Validation: Signature is Valid.");
        assertThat(out).contains("Fatima Zahra El Idrissi");
        if (nss != null) {
            assertThat(out).contains("Certificate Validation: Certificate is Trusted.");
        }
    }

    @Test
    void bLtEmbedsValidationDataAndVerifiesOffline() throws Exception {
        byte[] signed = sign(receipt, president, PadesLevel.B_LT);
        write("receipt-B-LT.pdf", signed);
        Reports reports = IndependentValidators.dss(signed, fx.pki.rootCertificate(), false);
        SimpleReport simple = reports.getSimpleReport();
        String id = simple.getFirstSignatureId();
        assertThat(simple.getSignatureFormat(id)).as(reports.getXmlSimpleReport()).isEqualTo(SignatureLevel.PAdES_BASELINE_LT);
        assertThat(simple.getIndication(id)).as(reports.getXmlSimpleReport()).isEqualTo(Indication.TOTAL_PASSED);

        // Offline: only what the document carries.
        PadesVerifier offline = new PadesVerifier(fx.pki.trustAnchors(), CrlSource.none(), Clock.systemUTC(), scheduler);
        VerificationReport ours = offline.verify(signed).block();
        assertThat(ours.verdict()).as(ours.toString()).isEqualTo(Verdict.VALID);
        assertThat(ours.signatures().get(0).format()).isEqualTo("PAdES-BASELINE-LT");
        assertThat(ours.signatures().get(0).validationDataEmbedded()).isTrue();
        assertThat(ours.signatures().get(0).integrity()).isEqualTo(Integrity.INTACT_LATER_SIGNATURES_ONLY);
    }

    @Test
    void secondSignatureKeepsTheFirstValid() throws Exception {
        byte[] once = sign(decision, agency, PadesLevel.B_T);
        byte[] twice = sign(once, president, PadesLevel.B_LT);
        Path file = write("decision-two-signatures.pdf", twice);

        Reports reports = IndependentValidators.dss(twice, fx.pki.rootCertificate(), true);
        SimpleReport simple = reports.getSimpleReport();
        assertThat(simple.getSignaturesCount()).isEqualTo(2);
        for (String id : simple.getSignatureIdList()) {
            assertThat(simple.getIndication(id)).as(reports.getXmlSimpleReport()).isEqualTo(Indication.TOTAL_PASSED);
        }
        VerificationReport ours = verifier.verify(twice).block();
        assertThat(ours.verdict()).as(ours.toString()).isEqualTo(Verdict.VALID);
        assertThat(ours.signatures()).extracting(SignatureReport::signerName).containsExactly("Ahmed Tazi", "Fatima Zahra El Idrissi");
        assertThat(ours.signatures().get(0).integrity()).isEqualTo(Integrity.INTACT_LATER_SIGNATURES_ONLY);
        assertThat(ours.signatures().get(0).coversWholeDocument()).isFalse();

        if (IndependentValidators.pdfsigInstalled()) {
            String out = IndependentValidators.pdfsig(file, null);
            assertThat(out.split("Signature is Valid\\.", -1)).hasSize(3);
        }
    }

    @Test
    void aFlippedByteIsReportedAsModified() throws Exception {
        byte[] signed = sign(decision, president, PadesLevel.B_T);
        byte[] flipped = signed.clone();
        int at = decision.length / 2; // inside the original content, covered by the byte range
        flipped[at] ^= 0x01;
        Path file = write("decision-flipped.pdf", flipped);

        VerificationReport ours = verifier.verify(flipped).block();
        assertThat(ours.verdict()).isEqualTo(Verdict.INVALID);
        assertThat(ours.signatures().get(0).integrity()).isEqualTo(Integrity.DIGEST_MISMATCH);
        assertThat(ours.signatures().get(0).reasons()).extracting(VerificationReport.Finding::code).contains("DIGEST_MISMATCH");

        Reports reports = IndependentValidators.dss(flipped, fx.pki.rootCertificate(), true);
        String id = reports.getSimpleReport().getFirstSignatureId();
        assertThat(reports.getSimpleReport().getIndication(id)).isEqualTo(Indication.TOTAL_FAILED);
        assertThat(reports.getDiagnosticData().getSignatureById(id).isSignatureIntact()).isFalse();

        if (IndependentValidators.pdfsigInstalled()) {
            assertThat(IndependentValidators.pdfsig(file, null)).contains("Digest Mismatch");
        }
    }

    @Test
    void contentAddedAfterSigningIsReported() throws Exception {
        byte[] signed = sign(decision, president, PadesLevel.B_T);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PDDocument doc = Loader.loadPDF(signed)) {
            var page = doc.getPage(0);
            try (PDPageContentStream cs = new PDPageContentStream(doc, page, PDPageContentStream.AppendMode.APPEND, true)) {
                cs.beginText();
                cs.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 20);
                cs.newLineAtOffset(100, 100);
                cs.showText("REFUSED");
                cs.endText();
            }
            page.getCOSObject().setNeedToBeUpdated(true);
            doc.saveIncremental(out);
        }
        byte[] tampered = out.toByteArray();
        write("decision-modified-after-signing.pdf", tampered);
        VerificationReport ours = verifier.verify(tampered).block();
        assertThat(ours.verdict()).isEqualTo(Verdict.INVALID);
        SignatureReport r = ours.signatures().get(0);
        assertThat(r.integrity()).isEqualTo(Integrity.MODIFIED_AFTER_SIGNING);
        assertThat(r.reasons()).anySatisfy(f -> assertThat(f.message()).contains("page 1"));
    }

    @Test
    void revokedKeyCannotSignAndEarlierSignaturesReportRevocationAfterSigning() throws Exception {
        ProtectedKey doomed = activated(new Signatory("Karim Doomed", "Vice-président", "Commune de Témara", null));
        byte[] before = sign(decision, doomed, PadesLevel.B_T);
        byte[] beforeNoTimestamp = sign(decision, doomed, PadesLevel.B_B);
        // CRL dates have one-second resolution: make the revocation strictly later than the timestamp.
        Thread.sleep(1_100);
        fx.pki.revoke(doomed.serialNumber(), RevocationReason.KEY_COMPROMISE);

        assertThatThrownBy(() -> sign(decision, doomed, PadesLevel.B_T))
                .isInstanceOfSatisfying(SignerException.class, e -> {
                    assertThat(e.code()).isEqualTo(SignerException.Code.CERTIFICATE_REVOKED);
                    assertThat(e.context()).containsEntry("reason", "KEY_COMPROMISE");
                });
        StepVerifier.create(signer.prepare(decision, SignatureParameters.builder(PadesLevel.B_B, doomed.certificateChain()).build()))
                .expectErrorSatisfies(e -> assertThat(((SignerException) e).code()).isEqualTo(SignerException.Code.CERTIFICATE_REVOKED))
                .verify();

        VerificationReport ours = verifier.verify(before).block();
        SignatureReport r = ours.signatures().get(0);
        assertThat(r.revocation().status()).as(ours.toString()).isEqualTo(RevocationStatus.REVOKED_AFTER_SIGNING);
        assertThat(r.revocation().revocationTime()).isAfter(r.timestamp().time());
        assertThat(r.revocation().reason()).isEqualTo("KEY_COMPROMISE");
        assertThat(r.verdict()).isEqualTo(Verdict.VALID);
        assertThat(r.reasons()).extracting(VerificationReport.Finding::code).contains("REVOKED_AFTER_SIGNING");

        // Independent view: DSS sees the revocation and, thanks to the timestamp, places the signature before it.
        Reports reports = IndependentValidators.dss(before, fx.pki.rootCertificate(), true);
        String id = reports.getSimpleReport().getFirstSignatureId();
        var rev = reports.getDiagnosticData().getSignatureById(id).getSigningCertificate().getCertificateRevocationData();
        assertThat(rev).isNotEmpty();
        assertThat(rev).anySatisfy(w -> assertThat(w.isRevoked()).isTrue());
        assertThat(reports.getSimpleReport().getIndication(id)).as(reports.getXmlSimpleReport()).isEqualTo(Indication.TOTAL_PASSED);

        // Without a timestamp, the claimed time proves nothing: a B-B made "before" the revocation is indeterminate.
        VerificationReport bb = verifier.verify(beforeNoTimestamp).block();
        assertThat(bb.signatures().get(0).revocation().status()).isEqualTo(RevocationStatus.REVOKED_SIGNING_TIME_UNPROVEN);
        assertThat(bb.verdict()).isEqualTo(Verdict.INDETERMINATE);
    }

    @Test
    void foreignUnsignedAndGarbageInputs() throws Exception {
        byte[] unsigned = Files.readAllBytes(Path.of("src/test/resources/fixtures/certificat-fr.pdf"));
        VerificationReport none = verifier.verify(unsigned).block();
        assertThat(none.verdict()).isEqualTo(Verdict.INDETERMINATE);
        assertThat(none.signatures()).isEmpty();
        assertThat(none.reasons()).extracting(VerificationReport.Finding::code).containsExactly("NO_SIGNATURE");

        StepVerifier.create(verifier.verify(Files.readAllBytes(Path.of("src/test/resources/fixtures/not-a-pdf.pdf"))))
                .expectErrorSatisfies(e -> assertThat(((SignerException) e).code()).isEqualTo(SignerException.Code.NOT_A_PDF))
                .verify();

        // Signed under another PKI (not among our anchors): untrusted, not invalid.
        try (DemoPkiFixture other = new DemoPkiFixture(tmp.resolve("other-pki"))) {
            PdfBoxPadesSigner otherSigner = new PdfBoxPadesSigner(other.pki.timestampAuthority(), other.pki, true, Clock.systemUTC(), scheduler);
            ProtectedKey foreign = keys.issue(other.pki, new Signatory("Someone Else", "Maire", "Ailleurs", null), KeyAlgorithm.EC_P256, PIN).block();
            var token = new SoftwareSignatureToken(keys.unlock(foreign, PIN).block(), foreign.certificateChain());
            byte[] foreignSigned = otherSigner.sign(unsigned, SignatureParameters.builder(PadesLevel.B_T, foreign.certificateChain()).build(), token).block();
            VerificationReport r = verifier.verify(foreignSigned).block();
            assertThat(r.verdict()).isEqualTo(Verdict.INDETERMINATE);
            assertThat(r.signatures().get(0).chainTrusted()).isFalse();
            assertThat(r.signatures().get(0).integrity()).isEqualTo(Integrity.INTACT);
            assertThat(r.signatures().get(0).reasons()).extracting(VerificationReport.Finding::code).contains("CHAIN_UNTRUSTED", "TIMESTAMP_UNTRUSTED");
        }
    }
}
