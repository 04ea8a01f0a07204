package ma.rokhsa.api.signing;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import ma.rokhsa.api.config.RokhsaProperties;
import ma.rokhsa.signer.SignerSchedulers;
import ma.rokhsa.signer.keys.Argon2Settings;
import ma.rokhsa.signer.keys.PinProtectedKeys;
import ma.rokhsa.signer.keys.RecoveryKey;
import ma.rokhsa.signer.pades.PadesVerifier;
import ma.rokhsa.signer.pades.PdfBoxPadesSigner;
import ma.rokhsa.signer.pki.DemoPki;
import ma.rokhsa.signer.pki.TimestampSource;
import ma.rokhsa.signer.pki.TspClient;
import ma.rokhsa.signer.render.OpenHtmlToPdfRenderer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Wires the signer library: the demo PKI and timestamp authority (opened or created at start-up), the
 * PIN-protected key store, the PAdES signer and verifier, the PDF renderer, and the platform seal. All
 * of their work runs on one bounded scheduler ({@code rokhsa-signer-*}).
 */
@Configuration
@EnableConfigurationProperties({SigningProperties.class, VerificationProperties.class})
class SigningConfig {

    @Bean(destroyMethod = "dispose")
    Scheduler signerScheduler() {
        return SignerSchedulers.newSignerScheduler();
    }

    @Bean
    LocalSecrets localSecrets(RokhsaProperties props, Environment env) {
        return new LocalSecrets(props.dataDir(), env.acceptsProfiles(Profiles.of("prod")));
    }

    /**
     * Start-up work: reads or generates the PKI on the main thread, before the server accepts requests. It
     * keeps the application's time (certificates, CRLs, timestamps), as the rest of the platform does.
     */
    @Bean
    DemoPki demoPki(RokhsaProperties props, SigningProperties signing, LocalSecrets secrets, Clock clock) {
        String password = secrets.get("pki-password", "rokhsa.signing.pki-password", signing.pkiPassword(), () -> LocalSecrets.random(24));
        return DemoPki.openOrCreate(props.dataDir().resolve("pki"), URI.create(props.publicBaseUrl()), password.toCharArray(),
                clock, Duration.ofHours(1));
    }

    @Bean
    TimestampSource timestampSource(SigningProperties signing, DemoPki pki) {
        return signing.tsaUrl() == null || signing.tsaUrl().isBlank()
                ? pki.timestampAuthority() : new TspClient(URI.create(signing.tsaUrl()));
    }

    @Bean
    PinProtectedKeys pinProtectedKeys(SigningProperties signing, LocalSecrets secrets, Scheduler signerScheduler) {
        byte[] pepper = Base64.getDecoder().decode(secrets.get("pin-pepper", "rokhsa.signing.pin-pepper", signing.pinPepper(), () -> LocalSecrets.random(32)));
        RecoveryKey recovery = RecoveryKey.fromBase64(secrets.get("recovery-key", "rokhsa.signing.recovery-key", signing.recoveryKey(),
                () -> RecoveryKey.generate().toBase64()));
        return new PinProtectedKeys(Argon2Settings.DEFAULT, pepper, recovery, signerScheduler);
    }

    @Bean
    PdfBoxPadesSigner padesSigner(TimestampSource tsa, DemoPki pki, Clock clock, Scheduler signerScheduler) {
        return new PdfBoxPadesSigner(tsa, pki, true, clock, signerScheduler);
    }

    /**
     * Verification is open to anyone: it runs on its own few threads, so that it can never take the threads
     * that sign, check PINs or seal receipts ({@link DocumentVerification} bounds what waits for them).
     */
    @Bean(destroyMethod = "dispose")
    Scheduler verifyScheduler(VerificationProperties props) {
        return Schedulers.newBoundedElastic(props.concurrency(), props.concurrency() + props.queue(), "verify");
    }

    @Bean
    PadesVerifier padesVerifier(DemoPki pki, SigningProperties signing, Clock clock, Scheduler verifyScheduler) throws IOException {
        List<X509Certificate> anchors = new ArrayList<>(pki.trustAnchors());
        for (String pem : signing.trustAnchors()) {
            try (InputStream in = Files.newInputStream(Path.of(pem))) {
                for (var c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    anchors.add((X509Certificate) c);
                }
            } catch (java.security.cert.CertificateException e) {
                throw new IllegalStateException("Trust anchor file " + pem + " is not PEM certificates", e);
            }
        }
        return new PadesVerifier(anchors, pki, clock, verifyScheduler);
    }

    @Bean
    OpenHtmlToPdfRenderer pdfRenderer(Scheduler signerScheduler) {
        return new OpenHtmlToPdfRenderer(signerScheduler);
    }

    /** The platform seal (see {@link PlatformSeal}); created lazily on first use, off the event loop. */
    @Bean
    PlatformSeal platformSeal(RokhsaProperties props, SigningProperties signing, LocalSecrets secrets, DemoPki pki,
                              PinProtectedKeys keys, Scheduler signerScheduler) {
        char[] pin = secrets.get("seal-pin", "rokhsa.signing.seal-pin", signing.sealPin(), () -> new String(PinProtectedKeys.randomPin(8))).toCharArray();
        return new PlatformSeal(props.dataDir().resolve("pki").resolve("platform-seal.key"), pin, pki, keys, signerScheduler);
    }
}
