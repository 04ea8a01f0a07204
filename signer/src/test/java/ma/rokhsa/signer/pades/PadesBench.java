package ma.rokhsa.signer.pades;

import ma.rokhsa.signer.SignerSchedulers;
import ma.rokhsa.signer.keys.Argon2Settings;
import ma.rokhsa.signer.keys.KeyAlgorithm;
import ma.rokhsa.signer.keys.PinProtectedKeys;
import ma.rokhsa.signer.keys.ProtectedKey;
import ma.rokhsa.signer.pki.DemoPki;
import ma.rokhsa.signer.pki.Signatory;
import ma.rokhsa.signer.render.OpenHtmlToPdfRenderer;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSAbsentContent;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.DefaultSignedAttributeTableGenerator;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import reactor.core.scheduler.Scheduler;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Throughput of PAdES B-T signing and verification (this module: PDFBox incremental update, CMS,
 * in-process RFC 3161 timestamp, CRL self-check; full verification with path, timestamp and CRLs)
 * against bare BouncyCastle CMS signing and verification of the same digests with the same key, in
 * the same run, on one thread. Rounds rotate the order to spread JIT and thermal drift; medians are printed.
 *
 * <p>Run: {@code ./mvnw -pl signer -Pbench verify -Dit.test=PadesBench}
 * (key: -Dbench.pades.key=RSA_3072|RSA_2048|EC_P256, rounds: -Dbench.pades.rounds=5,
 * milliseconds per phase and round: -Dbench.pades.phaseMs=2000). Rates are given per wall-clock
 * second and per second of the benchmark thread's CPU time: the second is robust to other work on
 * the machine, so the ratio is read from it when the machine is shared.
 */
class PadesBench {

    @org.junit.jupiter.api.Test
    void signAndVerifyThroughput() throws Exception {
        KeyAlgorithm alg = KeyAlgorithm.valueOf(System.getProperty("bench.pades.key", "RSA_3072"));
        int rounds = Integer.getInteger("bench.pades.rounds", 5);
        long phaseMs = Long.getLong("bench.pades.phaseMs", 2000);

        Path dir = Files.createTempDirectory("rokhsa-bench-pki");
        Scheduler scheduler = SignerSchedulers.newSignerScheduler(2, 64);
        DemoPki pki = DemoPki.openOrCreate(dir, java.net.URI.create("http://127.0.0.1:9"), "bench".toCharArray());
        PinProtectedKeys keys = new PinProtectedKeys(new Argon2Settings(8 * 1024, 1, 1), null, null, scheduler);
        char[] pin = "49163827".toCharArray();
        ProtectedKey key = keys.issue(pki, new Signatory("Bench Signer", "Président", "Commune de Rabat", null), alg, pin).block();
        PrivateKey priv = keys.unlock(key, pin).block();
        List<X509Certificate> chain = key.certificateChain();
        SoftwareSignatureToken token = new SoftwareSignatureToken(priv, chain);
        byte[] pdf = new OpenHtmlToPdfRenderer(scheduler).render(ma.rokhsa.signer.Samples.permit()).block();

        PdfBoxPadesSigner signer = new PdfBoxPadesSigner(pki.timestampAuthority(), pki, true, Clock.systemUTC(), scheduler);
        PadesVerifier verifier = new PadesVerifier(pki.trustAnchors(), pki, Clock.systemUTC(), scheduler);
        SignatureParameters params = SignatureParameters.builder(PadesLevel.B_T, chain).reason("benchmark").build();

        // The digests bare CMS signs: those of real prepared PDFs (same content, same sizes).
        List<byte[]> digests = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            PreparedSignature p = signer.prepareBlocking(pdf, params);
            digests.add(PdfBoxPadesSigner.rangeDigest(p.pdfNoCopy(), p.byteRange()));
        }
        byte[] signedPdf = signer.signBlocking(pdf, params, token);
        if (verifier.verifyBlocking(signedPdf).verdict() != VerificationReport.Verdict.VALID) {
            throw new IllegalStateException("benchmark signature does not verify: " + verifier.verifyBlocking(signedPdf));
        }
        String sigAlg = PdfBoxPadesSigner.signatureAlgorithm(chain.get(0));
        JcaCertStore certs = new JcaCertStore(chain);
        byte[] bareCms = bareSign(priv, chain.get(0), certs, sigAlg, digests.get(0));

        System.out.printf(Locale.ROOT, "PAdES benchmark: key %s, TSA %s in process, document %d bytes, Java %s, %d cores%n",
                alg, pki.tsaCertificate().getPublicKey().getAlgorithm(), pdf.length, System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
        // Warm-up of every path.
        run(phaseMs, i -> signer.signBlocking(pdf, params, token));
        run(phaseMs, i -> bareSign(priv, chain.get(0), certs, sigAlg, digests.get(i % digests.size())));
        run(phaseMs, i -> verifier.verifyBlocking(signedPdf));
        run(phaseMs, i -> bareVerify(bareCms, chain.get(0), digests.get(0)));

        // Where the time of one B-T signature goes (single operations, warm).
        PreparedSignature prep = signer.prepareBlocking(pdf, params);
        byte[] sv = token.sign(prep.dataToSign()).value();
        System.out.printf(Locale.ROOT, "breakdown per op: prepare %.2f ms, token sign %.2f ms, timestamp %.2f ms, apply B-B %.2f ms, CRL self-check %.2f ms%n",
                1000 / run(phaseMs / 2, i -> signer.prepareBlocking(pdf, params)),
                1000 / run(phaseMs / 2, i -> token.sign(prep.dataToSign())),
                1000 / run(phaseMs / 2, i -> pki.timestampAuthority().timestampToken(PdfBoxPadesSigner.sha256(sv))),
                1000 / run(phaseMs / 2, i -> signer.applyBlocking(new PreparedSignature(prep.pdfNoCopy(), prep.byteRange(), prep.dataToSign(),
                        SignatureParameters.builder(PadesLevel.B_B, chain).build()), new SignatureValue(sv, sigAlg))),
                1000 / run(phaseMs / 2, i -> { signer.checkSigningCertificate(chain, java.time.Instant.now()); return chain; }));

        double[][] wall = new double[4][rounds];
        double[][] cpu = new double[4][rounds];
        Op[] ops = {
                i -> signer.signBlocking(pdf, params, token),
                i -> bareSign(priv, chain.get(0), certs, sigAlg, digests.get(i % digests.size())),
                i -> verifier.verifyBlocking(signedPdf),
                i -> bareVerify(bareCms, chain.get(0), digests.get(0))};
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < ops.length; k++) {
                int kk = (k + r) % ops.length; // rotate the order between rounds
                wall[kk][r] = run(phaseMs, ops[kk]);
                cpu[kk][r] = lastCpuRate;
            }
            System.out.printf(Locale.ROOT, "round %d (wall | cpu): sign PAdES-B-T %.1f | %.1f /s, bare CMS %.1f | %.1f /s; verify PAdES %.1f | %.1f /s, bare CMS %.1f | %.1f /s%n",
                    r + 1, wall[0][r], cpu[0][r], wall[1][r], cpu[1][r], wall[2][r], cpu[2][r], wall[3][r], cpu[3][r]);
        }
        System.out.printf(Locale.ROOT, "RESULT sign   (per wall second): PAdES B-T %.1f signatures/s, bare BouncyCastle CMS %.1f signatures/s, ratio %.2f (goal >= 0.5)%n",
                median(wall[0]), median(wall[1]), median(wall[0]) / median(wall[1]));
        System.out.printf(Locale.ROOT, "RESULT sign   (per CPU second):  PAdES B-T %.1f signatures/s, bare BouncyCastle CMS %.1f signatures/s, ratio %.2f (goal >= 0.5)%n",
                median(cpu[0]), median(cpu[1]), median(cpu[0]) / median(cpu[1]));
        System.out.printf(Locale.ROOT, "RESULT verify (per wall second): PAdES B-T %.1f verifications/s, bare BouncyCastle CMS %.1f verifications/s, ratio %.2f%n",
                median(wall[2]), median(wall[3]), median(wall[2]) / median(wall[3]));
        System.out.printf(Locale.ROOT, "RESULT verify (per CPU second):  PAdES B-T %.1f verifications/s, bare BouncyCastle CMS %.1f verifications/s, ratio %.2f%n",
                median(cpu[2]), median(cpu[3]), median(cpu[2]) / median(cpu[3]));
        scheduler.dispose();
    }

    interface Op {
        Object apply(int i) throws Exception;
    }

    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();
    /** Rate of the last run per second of this thread's CPU time (robust to other processes on the machine). */
    private static double lastCpuRate;

    /** Operations per wall-clock second on this thread; {@link #lastCpuRate} per CPU second. */
    private static double run(long ms, Op op) throws Exception {
        long end = System.nanoTime() + ms * 1_000_000;
        long start = System.nanoTime();
        long cpu0 = THREADS.getCurrentThreadCpuTime();
        int n = 0;
        Object sink = null;
        while (System.nanoTime() < end) {
            sink = op.apply(n++);
        }
        if (sink == null) {
            throw new IllegalStateException("nothing produced");
        }
        lastCpuRate = n / ((THREADS.getCurrentThreadCpuTime() - cpu0) / 1e9);
        return n / ((System.nanoTime() - start) / 1e9);
    }

    private static double median(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        return c[c.length / 2];
    }

    /** Bare BouncyCastle: detached CMS over a precomputed digest, same key, same certificates. */
    static byte[] bareSign(PrivateKey key, X509Certificate cert, JcaCertStore certs, String sigAlg, byte[] digest) throws Exception {
        ASN1EncodableVector v = new ASN1EncodableVector();
        v.add(new Attribute(CMSAttributes.messageDigest, new DERSet(new DEROctetString(digest))));
        CMSSignedDataGenerator gen = new CMSSignedDataGenerator();
        gen.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder().build())
                .setSignedAttributeGenerator(new DefaultSignedAttributeTableGenerator(new AttributeTable(v)))
                .build(contentSigner(sigAlg, key), cert));
        gen.addCertificates(certs);
        return gen.generate(new CMSAbsentContent(), false).getEncoded();
    }

    /** The same JCA provider choice as the module's (BouncyCastle for EC, the JDK for RSA): a fair baseline. */
    private static org.bouncycastle.operator.ContentSigner contentSigner(String sigAlg, PrivateKey key) throws Exception {
        JcaContentSignerBuilder b = new JcaContentSignerBuilder(sigAlg);
        java.security.Provider p = ma.rokhsa.signer.SignatureProviders.forKeyAlgorithm(key.getAlgorithm());
        if (p != null) {
            b.setProvider(p);
        }
        return b.build(key);
    }

    /** Bare BouncyCastle: verifies the CMS against the same precomputed digest. */
    static boolean bareVerify(byte[] cms, X509Certificate cert, byte[] digest) throws Exception {
        CMSSignedData sd = new CMSSignedData(Map.of(NISTObjectIdentifiers.id_sha256.getId(), digest), cms);
        SignerInformation si = sd.getSignerInfos().getSigners().iterator().next();
        JcaSimpleSignerInfoVerifierBuilder vb = new JcaSimpleSignerInfoVerifierBuilder();
        java.security.Provider p = ma.rokhsa.signer.SignatureProviders.forKeyAlgorithm(cert.getPublicKey().getAlgorithm());
        if (p != null) {
            vb.setProvider(p);
        }
        if (!si.verify(vb.build(cert))) {
            throw new IllegalStateException("bare CMS does not verify");
        }
        return true;
    }
}
