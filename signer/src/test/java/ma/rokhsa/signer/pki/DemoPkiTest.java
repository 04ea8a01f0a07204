package ma.rokhsa.signer.pki;

import ma.rokhsa.signer.DemoPkiFixture;
import ma.rokhsa.signer.SignerException;
import org.bouncycastle.asn1.cmp.PKIStatus;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampToken;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.cert.CRLReason;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DemoPkiTest {

    @TempDir
    Path tmp;

    static X509Certificate newCert(DemoPki pki) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(256);
        return pki.issueSigningCertificate(new Signatory("Omar Idrissi", "Vice-président", "Commune de Fès", "o.idrissi@fes.example.ma"),
                g.generateKeyPair().getPublic()).get(0);
    }

    @Test
    void generatedOnceThenReloadedWithItsRevocations() throws Exception {
        try (DemoPkiFixture fx = new DemoPkiFixture(tmp.resolve("pki"))) {
            DemoPki pki = fx.pki;
            assertThat(pki.rootCertificate().getSubjectX500Principal().getName()).contains("DEMO");
            assertThat(pki.issuingCertificate().getSubjectX500Principal().getName()).contains("DEMO");
            assertThat(pki.tsaCertificate().getSubjectX500Principal().getName()).contains("DEMO");
            assertThat(pki.tsaCertificate().getExtendedKeyUsage()).containsExactly(KeyPurposeId.id_kp_timeStamping.getId());
            assertThat(pki.tsaCertificate().getCriticalExtensionOIDs()).contains("2.5.29.37");

            X509Certificate ee = newCert(pki);
            assertThat(ee.getKeyUsage()[1]).as("nonRepudiation").isTrue();
            assertThat(ee.getCriticalExtensionOIDs()).contains("2.5.29.15");
            assertThat(ee.getSubjectX500Principal().getName()).contains("CN=Omar Idrissi").contains("DEMO");
            assertThat(HttpCrlSource.distributionPoints(ee)).containsExactly(URI.create(fx.baseUrl + "/pki/issuing.crl"));
            ee.verify(pki.issuingCertificate().getPublicKey());

            pki.revoke(ee.getSerialNumber(), RevocationReason.KEY_COMPROMISE);
            X509CRL crl = pki.crlsFor(ee).get(0);
            crl.verify(pki.issuingCertificate().getPublicKey());
            assertThat(crl.getRevokedCertificate(ee).getRevocationReason()).isEqualTo(CRLReason.KEY_COMPROMISE);
            assertThat(pki.published("issuing.crl").orElseThrow().content()).isEqualTo(crl.getEncoded());
            assertThat(pki.published("root.crt").orElseThrow().mediaType()).isEqualTo("application/pkix-cert");
            assertThat(pki.published("../state.properties")).isEmpty();
            assertThat(pki.publicationUrl("issuing.crl").toString()).isEqualTo(fx.baseUrl + "/pki/issuing.crl");

            // Second start on the same directory: same CAs, revocation kept.
            DemoPki again = DemoPki.openOrCreate(tmp.resolve("pki"), fx.baseUrl, "demo-store-password".toCharArray());
            assertThat(again.rootCertificate()).isEqualTo(pki.rootCertificate());
            assertThat(again.tsaCertificate()).isEqualTo(pki.tsaCertificate());
            assertThat(again.crlsFor(ee).get(0).getRevokedCertificate(ee)).isNotNull();
            again.refreshCrls();
            assertThat(again.crlsFor(ee).get(0).getRevokedCertificate(ee)).isNotNull();
            assertThat(Files.readAllBytes(tmp.resolve("pki/README.txt"))).asString().contains("NO LEGAL VALUE");

            assertThatThrownBy(() -> DemoPki.openOrCreate(tmp.resolve("pki"), fx.baseUrl, "wrong".toCharArray()))
                    .isInstanceOfSatisfying(SignerException.class, e -> assertThat(e.code()).isEqualTo(SignerException.Code.PKI_STORAGE));
        }
    }

    @Test
    void timestampAuthorityAnswersRfc3161InProcessAndOverHttp() throws Exception {
        try (DemoPkiFixture fx = new DemoPkiFixture(tmp.resolve("pki"))) {
            byte[] imprint = MessageDigest.getInstance("SHA-256").digest("décision".getBytes());
            TimeStampRequestGenerator g = new TimeStampRequestGenerator();
            g.setCertReq(true);
            TimeStampRequest req = g.generate(TSPAlgorithms.SHA256, imprint, BigInteger.valueOf(42));
            TimeStampResponse resp = new TimeStampResponse(fx.pki.timestampAuthority().respond(req.getEncoded()));
            assertThat(resp.getStatus()).isEqualTo(PKIStatus.GRANTED);
            resp.validate(req);
            resp.getTimeStampToken().validate(new JcaSimpleSignerInfoVerifierBuilder().build(fx.pki.tsaCertificate()));
            assertThat(resp.getTimeStampToken().getTimeStampInfo().getPolicy()).isEqualTo(TimestampAuthority.DEMO_TSA_POLICY);

            TimeStampResponse bad = new TimeStampResponse(fx.pki.timestampAuthority().respond("nonsense".getBytes()));
            assertThat(bad.getStatus()).isEqualTo(PKIStatus.REJECTION);

            // The production client against the same TSA served over HTTP (loopback).
            TspClient client = new TspClient(URI.create(fx.baseUrl + "/pki/tsa"));
            TimeStampToken token = new TimeStampToken(new org.bouncycastle.cms.CMSSignedData(client.timestampToken(imprint)));
            assertThat(token.getTimeStampInfo().getMessageImprintDigest()).isEqualTo(imprint);
            token.validate(new JcaSimpleSignerInfoVerifierBuilder().build(fx.pki.tsaCertificate()));

            assertThatThrownBy(() -> new TspClient(URI.create(fx.baseUrl + "/pki/nothing-here")).timestampToken(imprint))
                    .isInstanceOfSatisfying(SignerException.class, e -> assertThat(e.code()).isEqualTo(SignerException.Code.TIMESTAMP_FAILED));
        }
    }

    @Test
    void httpCrlSourceFetchesFromTheDistributionPoint() throws Exception {
        try (DemoPkiFixture fx = new DemoPkiFixture(tmp.resolve("pki"))) {
            X509Certificate ee = newCert(fx.pki);
            fx.pki.revoke(ee.getSerialNumber(), RevocationReason.CESSATION_OF_OPERATION);
            HttpCrlSource http = new HttpCrlSource();
            var crls = http.crlsFor(ee);
            assertThat(crls).hasSize(1);
            assertThat(crls.get(0).getRevokedCertificate(ee)).isNotNull();
            assertThat(http.crlsFor(fx.pki.issuingCertificate())).hasSize(1);
            assertThatThrownBy(() -> http.fetch(URI.create(fx.baseUrl + "/pki/missing.crl")))
                    .isInstanceOfSatisfying(SignerException.class, e -> assertThat(e.code()).isEqualTo(SignerException.Code.CRL_FETCH_FAILED));
        }
    }
}
