package ma.rokhsa.signer.pki;

import ma.rokhsa.signer.SignerException;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.DigestCalculator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampResponseGenerator;
import org.bouncycastle.tsp.TimeStampTokenGenerator;

import java.io.IOException;
import java.math.BigInteger;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.Set;

/**
 * The demo RFC 3161 timestamp authority, answering in process. Its certificate (issued by the demo
 * issuing CA) has the critical timeStamping extended key usage. {@link #respond(byte[])} answers a
 * DER {@code TimeStampReq} with a DER {@code TimeStampResp}, so the application can also expose it
 * over HTTP ({@code application/timestamp-query} in, {@code application/timestamp-reply} out).
 *
 * <p>Thread-safe: one token generator per thread. Blocking (one signature per token).
 */
public final class TimestampAuthority implements TimestampSource {

    /** The demo TSA policy (under the ITU-T/ISO "example" arc 2.999: not a real policy). */
    public static final ASN1ObjectIdentifier DEMO_TSA_POLICY = new ASN1ObjectIdentifier("2.999.7.2");

    private static final Set<ASN1ObjectIdentifier> ACCEPTED = Set.of(TSPAlgorithms.SHA256, TSPAlgorithms.SHA384, TSPAlgorithms.SHA512);

    private final PrivateKey key;
    private final List<X509Certificate> chain;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final JcaCertStore certStore;
    // Generators hold a JCA Signature (not thread-safe): one per thread, threads are bounded by the scheduler.
    private final ThreadLocal<TimeStampTokenGenerator> generators = ThreadLocal.withInitial(this::newGenerator);

    TimestampAuthority(PrivateKey key, List<X509Certificate> chain, Clock clock) {
        this.key = key;
        this.chain = List.copyOf(chain);
        this.clock = clock;
        try {
            // The token carries the TSA certificate and its intermediates (not the root: that is the anchor).
            this.certStore = new JcaCertStore(chain.size() > 1 ? chain.subList(0, chain.size() - 1) : chain);
        } catch (CertificateEncodingException e) {
            throw new SignerException(SignerException.Code.CRYPTO_FAILURE, "TSA certificate unreadable", e);
        }
    }

    /** The TSA certificate, then its issuers up to the root. */
    public List<X509Certificate> certificateChain() {
        return chain;
    }

    @Override
    public byte[] timestampToken(byte[] sha256Imprint) {
        TimeStampRequestGenerator gen = new TimeStampRequestGenerator();
        gen.setCertReq(true);
        TimeStampRequest request = gen.generate(TSPAlgorithms.SHA256, sha256Imprint);
        try {
            // In process: the token directly, without the HTTP response wrapper and its re-parsing.
            return generator().generate(request, new BigInteger(127, random).add(BigInteger.ONE), Date.from(clock.instant())).getEncoded();
        } catch (TSPException | IOException e) {
            throw new SignerException(SignerException.Code.TIMESTAMP_FAILED, "The demo timestamp authority failed: " + e.getMessage(), e);
        }
    }

    /** Answers an RFC 3161 request (DER) with a response (DER); rejections are answered, not thrown. */
    public byte[] respond(byte[] requestDer) {
        try {
            TimeStampRequest request = new TimeStampRequest(requestDer);
            return answer(request).getEncoded();
        } catch (IOException e) {
            // Not even a request: answer "bad request" as RFC 3161 expects.
            try {
                return new TimeStampResponseGenerator(generator(), ACCEPTED)
                        .generateFailResponse(org.bouncycastle.asn1.cmp.PKIStatus.REJECTION,
                                org.bouncycastle.asn1.cmp.PKIFailureInfo.badDataFormat, "not a TimeStampReq").getEncoded();
            } catch (TSPException | IOException ex) {
                throw new SignerException(SignerException.Code.TIMESTAMP_FAILED, "cannot encode TSA failure", ex);
            }
        }
    }

    private TimeStampResponse answer(TimeStampRequest request) {
        try {
            TimeStampResponseGenerator respGen = new TimeStampResponseGenerator(generator(), ACCEPTED);
            return respGen.generateGrantedResponse(request, new BigInteger(127, random).add(BigInteger.ONE),
                    Date.from(clock.instant()));
        } catch (TSPException e) {
            throw new SignerException(SignerException.Code.TIMESTAMP_FAILED, "The demo timestamp authority failed: " + e.getMessage(), e);
        }
    }

    private TimeStampTokenGenerator generator() {
        return generators.get();
    }

    private org.bouncycastle.operator.ContentSigner contentSigner(String alg) throws OperatorCreationException {
        JcaContentSignerBuilder b = new JcaContentSignerBuilder(alg);
        java.security.Provider p = ma.rokhsa.signer.SignatureProviders.forKeyAlgorithm(key.getAlgorithm());
        if (p != null) {
            b.setProvider(p);
        }
        return b.build(key);
    }

    private TimeStampTokenGenerator newGenerator() {
        try {
            X509Certificate cert = chain.get(0);
            String alg = key.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
            DigestCalculator sha256 = new JcaDigestCalculatorProviderBuilder().build()
                    .get(new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256));
            TimeStampTokenGenerator g = new TimeStampTokenGenerator(
                    new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder().build())
                            .build(contentSigner(alg), cert),
                    sha256, DEMO_TSA_POLICY);
            g.addCertificates(certStore);
            g.setAccuracySeconds(1);
            return g;
        } catch (OperatorCreationException | CertificateEncodingException | TSPException e) {
            throw new SignerException(SignerException.Code.TIMESTAMP_FAILED, "TSA signer unavailable: " + e.getMessage(), e);
        }
    }
}
