package ma.rokhsa.api.signing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;

import ma.rokhsa.signer.keys.PinProtectedKeys;
import ma.rokhsa.signer.keys.ProtectedKey;
import ma.rokhsa.signer.pades.SoftwareSignatureToken;
import ma.rokhsa.signer.pki.DemoPki;
import ma.rokhsa.signer.pki.Signatory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * The platform's electronic seal: an organisation key, not a person's, that seals what the platform
 * itself issues (filing receipts, payment receipts, tacit-approval certificates). Created once under the
 * demo PKI on first use and kept encrypted under the seal PIN from configuration.
 */
public final class PlatformSeal {

    private static final Logger log = LoggerFactory.getLogger(PlatformSeal.class);

    private final Mono<SoftwareSignatureToken> token;

    PlatformSeal(Path file, char[] pin, DemoPki pki, PinProtectedKeys keys, Scheduler scheduler) {
        Mono<ProtectedKey> stored = Mono.fromCallable(() -> Files.exists(file) ? ProtectedKey.decode(Files.readAllBytes(file)) : null)
                .subscribeOn(scheduler);
        Mono<ProtectedKey> created = Mono.fromCallable(() -> {
                    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
                    g.initialize(3072);
                    return g.generateKeyPair();
                }).subscribeOn(scheduler)
                .flatMap(pair -> {
                    var chain = pki.issueSigningCertificate(new Signatory("Rokhsa - cachet de la plateforme (DEMO)",
                            "Cachet électronique", "Plateforme Rokhsa", "seal@rokhsa.invalid"), pair.getPublic());
                    return keys.protect(pair.getPrivate(), chain, pin, false);
                })
                .flatMap(k -> Mono.fromCallable(() -> {
                    Files.createDirectories(file.getParent());
                    Files.write(file, k.encoded());
                    log.info("Platform seal created: {}", k.certificate().getSubjectX500Principal());
                    return k;
                }).subscribeOn(scheduler));
        this.token = stored.switchIfEmpty(created)
                .flatMap(k -> keys.unlockForSigning(k, pin).map((PrivateKey priv) -> new SoftwareSignatureToken(priv, k.certificateChain())))
                .cache();
    }

    /** The seal's signature token (unlocked once, then reused). */
    public Mono<SoftwareSignatureToken> token() {
        return token;
    }
}
