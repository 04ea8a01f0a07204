package ma.rokhsa.signer.pades;

import ma.rokhsa.signer.DemoPkiFixture;
import ma.rokhsa.signer.SignerException;
import ma.rokhsa.signer.SignerSchedulers;
import ma.rokhsa.signer.keys.KeyAlgorithm;
import ma.rokhsa.signer.keys.PinProtectedKeys;
import ma.rokhsa.signer.keys.ProtectedKey;
import ma.rokhsa.signer.pades.VerificationReport.Verdict;
import ma.rokhsa.signer.pki.Signatory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.scheduler.Scheduler;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Fast checks of the signer and verifier on a sample PDF (the independent validators are in PadesSignatureIT). */
class PdfBoxPadesSignerTest {

    @TempDir
    static Path tmp;
    static Scheduler scheduler;
    static DemoPkiFixture fx;
    static PinProtectedKeys keys;
    static PdfBoxPadesSigner signer;
    static PadesVerifier verifier;
    static ProtectedKey key;
    static SoftwareSignatureToken token;
    static byte[] pdf;
    static final char[] PIN = "730194".toCharArray();

    @BeforeAll
    static void setUp() throws Exception {
        scheduler = SignerSchedulers.newSignerScheduler(2, 32);
        fx = new DemoPkiFixture(tmp.resolve("pki"));
        keys = new PinProtectedKeys(DemoPkiFixture.FAST_ARGON2, null, null, scheduler);
        signer = new PdfBoxPadesSigner(fx.pki.timestampAuthority(), fx.pki, true, Clock.systemUTC(), scheduler);
        verifier = new PadesVerifier(fx.pki.trustAnchors(), fx.pki, Clock.systemUTC(), scheduler);
        key = keys.issue(fx.pki, new Signatory("Nadia Berrada", "Secrétaire générale", "Commune de Salé", null), KeyAlgorithm.EC_P256, PIN).block();
        token = new SoftwareSignatureToken(keys.unlock(key, PIN).block(), key.certificateChain());
        pdf = Files.readAllBytes(Path.of("src/test/resources/fixtures/certificat-fr.pdf"));
    }

    @AfterAll
    static void tearDown() {
        fx.close();
        scheduler.dispose();
    }

    @Test
    void bBandBTverify() {
        for (PadesLevel level : new PadesLevel[]{PadesLevel.B_B, PadesLevel.B_T}) {
            byte[] signed = signer.sign(pdf, SignatureParameters.builder(level, key.certificateChain()).build(), token).block();
            assertThat(new String(signed, 0, pdf.length, java.nio.charset.StandardCharsets.ISO_8859_1))
                    .as("incremental update: the original bytes are untouched")
                    .isEqualTo(new String(pdf, java.nio.charset.StandardCharsets.ISO_8859_1));
            VerificationReport r = verifier.verify(signed).block();
            assertThat(r.signatures()).hasSize(1);
            if (level == PadesLevel.B_T) {
                assertThat(r.verdict()).as(r.toString()).isEqualTo(Verdict.VALID);
                assertThat(r.signatures().get(0).format()).isEqualTo("PAdES-BASELINE-T");
            } else {
                assertThat(r.signatures().get(0).format()).as(r.toString()).isEqualTo("PAdES-BASELINE-B");
                assertThat(r.signatures().get(0).integrity()).as(r.toString()).isEqualTo(VerificationReport.Integrity.INTACT);
                assertThat(r.verdict()).as(r.toString()).isEqualTo(Verdict.VALID);
            }
        }
    }

    @Test
    void aTokenThatOnlySignsDigestsPlugsIn() throws Exception {
        // Like an HSM or a remote signing service: it receives the SHA-256 digest only.
        var rsaKey = keys.issue(fx.pki, new Signatory("Hicham Remote", "Directeur", "Commune de Salé", null), KeyAlgorithm.RSA_2048, PIN).block();
        java.security.PrivateKey priv = keys.unlock(rsaKey, PIN).block();
        SignatureToken digestOnly = new SignatureToken() {
            @Override
            public java.util.List<java.security.cert.X509Certificate> certificateChain() {
                return rsaKey.certificateChain();
            }

            @Override
            public SignatureValue sign(DataToSign data) {
                try {
                    byte[] digestInfo = new org.bouncycastle.asn1.x509.DigestInfo(
                            new org.bouncycastle.asn1.x509.AlgorithmIdentifier(org.bouncycastle.asn1.nist.NISTObjectIdentifiers.id_sha256,
                                    org.bouncycastle.asn1.DERNull.INSTANCE), data.digest()).getEncoded();
                    java.security.Signature raw = java.security.Signature.getInstance("NONEwithRSA");
                    raw.initSign(priv);
                    raw.update(digestInfo);
                    return new SignatureValue(raw.sign(), data.signatureAlgorithm());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        };
        SignatureParameters p = SignatureParameters.builder(PadesLevel.B_T, digestOnly.certificateChain()).build();
        PreparedSignature prepared = signer.prepare(pdf, p).block();
        byte[] signed = signer.apply(prepared, digestOnly.sign(prepared.dataToSign())).block();
        VerificationReport r = verifier.verify(signed).block();
        assertThat(r.verdict()).as(r.toString()).isEqualTo(Verdict.VALID);
    }

    @Test
    void reactivePathsRunOffTheCallersThread() {
        reactor.test.StepVerifier.create(signer.prepare(pdf, SignatureParameters.builder(PadesLevel.B_B, key.certificateChain()).build())
                        .map(x -> Thread.currentThread().getName()))
                .assertNext(n -> assertThat(n).startsWith("rokhsa-signer"))
                .verifyComplete();
        reactor.test.StepVerifier.create(verifier.verify(pdf).map(x -> Thread.currentThread().getName()))
                .assertNext(n -> assertThat(n).startsWith("rokhsa-signer"))
                .verifyComplete();
    }

    @Test
    void aTruncatedSignedPdfIsNeverValid() {
        byte[] signed = signer.sign(pdf, SignatureParameters.builder(PadesLevel.B_T, key.certificateChain()).build(), token).block();
        for (int keep : new int[]{signed.length - 10, signed.length - 2000, pdf.length + 100}) {
            byte[] cut = java.util.Arrays.copyOf(signed, keep);
            try {
                VerificationReport r = verifier.verifyBlocking(cut);
                assertThat(r.verdict()).as("truncated to %d: %s", keep, r).isNotEqualTo(Verdict.VALID);
            } catch (SignerException e) {
                assertThat(e.code()).isEqualTo(SignerException.Code.NOT_A_PDF);
            }
        }
    }

    @Test
    void aValueSignedByAnotherKeyIsRefused() throws Exception {
        PreparedSignature prepared = signer.prepare(pdf, SignatureParameters.builder(PadesLevel.B_B, key.certificateChain()).build()).block();
        var other = java.security.KeyPairGenerator.getInstance("EC");
        other.initialize(256);
        SignatureValue wrong = new SoftwareSignatureToken(other.generateKeyPair().getPrivate(), key.certificateChain()).sign(prepared.dataToSign());
        assertThatThrownBy(() -> signer.applyBlocking(prepared, wrong))
                .isInstanceOfSatisfying(SignerException.class, e -> assertThat(e.code()).isEqualTo(SignerException.Code.SIGNATURE_VALUE_INVALID));
    }
}
