package ma.rokhsa.signer;

import eu.europa.esig.dss.model.InMemoryDocument;
import eu.europa.esig.dss.model.x509.CertificateToken;
import eu.europa.esig.dss.service.crl.OnlineCRLSource;
import eu.europa.esig.dss.service.http.commons.CommonsDataLoader;
import eu.europa.esig.dss.spi.validation.CommonCertificateVerifier;
import eu.europa.esig.dss.spi.x509.CommonTrustedCertificateSource;
import eu.europa.esig.dss.validation.SignedDocumentValidator;
import eu.europa.esig.dss.validation.reports.Reports;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** EU DSS (in process) and poppler's pdfsig (if installed) as validators independent of our code. */
public final class IndependentValidators {

    private IndependentValidators() {
    }

    /** DSS with the demo root as the only trust anchor; CRLs fetched online (our loopback server) if asked. */
    public static Reports dss(byte[] pdf, X509Certificate trustAnchor, boolean onlineCrls) {
        CommonCertificateVerifier cv = new CommonCertificateVerifier();
        CommonTrustedCertificateSource trusted = new CommonTrustedCertificateSource();
        trusted.addCertificate(new CertificateToken(trustAnchor));
        cv.setTrustedCertSources(trusted);
        if (onlineCrls) {
            cv.setCrlSource(new OnlineCRLSource(new CommonsDataLoader()));
        }
        cv.setAIASource(null);
        cv.setOcspSource(null);
        SignedDocumentValidator v = SignedDocumentValidator.fromDocument(new InMemoryDocument(pdf, "signed.pdf"));
        v.setCertificateVerifier(cv);
        return v.validateDocument();
    }

    public static boolean pdfsigInstalled() {
        try {
            Process p = new ProcessBuilder("pdfsig", "-v").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    public static boolean certutilInstalled() {
        try {
            Process p = new ProcessBuilder("certutil", "-H").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(20, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /**
     * Runs pdfsig on the file; with {@code nssDir} (an NSS database trusting the demo root) it also
     * judges the certificate chain. Returns its output.
     */
    public static String pdfsig(Path pdf, Path nssDir) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("pdfsig"));
        if (nssDir != null) {
            cmd.add("-nssdir");
            cmd.add("sql:" + nssDir);
        }
        cmd.add(pdf.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        return out;
    }

    /** A fresh NSS database in {@code dir} that trusts {@code root} as a CA (certutil, libnss3-tools). */
    public static void nssTrusting(Path dir, X509Certificate root) throws Exception {
        Files.createDirectories(dir);
        run("certutil", "-N", "-d", "sql:" + dir, "--empty-password");
        Path der = dir.resolve("root.der");
        Files.write(der, root.getEncoded());
        run("certutil", "-A", "-d", "sql:" + dir, "-n", "rokhsa-demo-root", "-t", "CT,C,C", "-i", der.toString());
    }

    private static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
        }
    }
}
