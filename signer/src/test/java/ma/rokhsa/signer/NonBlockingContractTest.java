package ma.rokhsa.signer;

import ma.rokhsa.signer.keys.KeyAlgorithm;
import ma.rokhsa.signer.keys.PinProtectedKeys;
import ma.rokhsa.signer.pades.PadesLevel;
import ma.rokhsa.signer.pades.PadesVerifier;
import ma.rokhsa.signer.pades.PdfBoxPadesSigner;
import ma.rokhsa.signer.pades.SignatureParameters;
import ma.rokhsa.signer.pades.SoftwareSignatureToken;
import ma.rokhsa.signer.pki.RevocationReason;
import ma.rokhsa.signer.pki.Signatory;
import ma.rokhsa.signer.render.OpenHtmlToPdfRenderer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.blockhound.BlockHound;
import reactor.blockhound.BlockingOperationError;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

import java.nio.file.Path;
import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reactive API never blocks its caller's thread: called from a non-blocking (parallel) thread
 * under BlockHound, rendering, key unlocking, signing and verification all complete, because the
 * work hops to the signer's bounded scheduler. A direct blocking call there is caught (control).
 */
class NonBlockingContractTest {

    @TempDir
    static Path tmp;
    static Scheduler scheduler;
    static DemoPkiFixture fx;

    @BeforeAll
    static void setUp() throws Exception {
        scheduler = SignerSchedulers.newSignerScheduler(2, 32);
        fx = new DemoPkiFixture(tmp.resolve("pki"));
        BlockHound.install();
    }

    @AfterAll
    static void tearDown() {
        fx.close();
        scheduler.dispose();
    }

    @Test
    void everyReactiveStepRunsOffTheNonBlockingThread() {
        PinProtectedKeys keys = new PinProtectedKeys(DemoPkiFixture.FAST_ARGON2, null, null, scheduler);
        PdfBoxPadesSigner signer = new PdfBoxPadesSigner(fx.pki.timestampAuthority(), fx.pki, true, Clock.systemUTC(), scheduler);
        PadesVerifier verifier = new PadesVerifier(fx.pki.trustAnchors(), fx.pki, Clock.systemUTC(), scheduler);
        OpenHtmlToPdfRenderer renderer = new OpenHtmlToPdfRenderer(scheduler);
        char[] pin = "50718293".toCharArray();

        Mono<String> flow = Mono.just("start").publishOn(Schedulers.parallel())
                .flatMap(x -> keys.issue(fx.pki, new Signatory("Leila Bennani", "Présidente", "Commune d'Agadir", null), KeyAlgorithm.EC_P256, pin))
                .publishOn(Schedulers.parallel())
                .flatMap(key -> keys.unlock(key, pin).publishOn(Schedulers.parallel())
                        .flatMap(priv -> renderer.render(Samples.permit()).publishOn(Schedulers.parallel())
                                .flatMap(pdf -> signer.sign(pdf, SignatureParameters.builder(PadesLevel.B_LT, key.certificateChain()).build(),
                                        new SoftwareSignatureToken(priv, key.certificateChain()))))
                        .publishOn(Schedulers.parallel())
                        .flatMap(verifier::verify)
                        .publishOn(Schedulers.parallel())
                        .flatMap(report -> fx.pki.revokeAsync(key.serialNumber(), RevocationReason.SUPERSEDED, scheduler)
                                .thenReturn(report.verdict().name())));
        StepVerifier.create(flow).expectNext("VALID").verifyComplete();
    }

    @Test
    void controlABlockingCallOnAParallelThreadIsCaught() {
        // Calling a blocking method directly (here an HTTP CRL fetch) on a parallel thread is caught.
        var crls = new ma.rokhsa.signer.pki.HttpCrlSource();
        StepVerifier.create(Mono.fromCallable(() -> crls.fetch(fx.pki.publicationUrl("issuing.crl")))
                        .subscribeOn(Schedulers.parallel()))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(BlockingOperationError.class))
                .verify();
        // The same call moved to the signer's scheduler is fine.
        StepVerifier.create(Mono.fromCallable(() -> crls.fetch(fx.pki.publicationUrl("issuing.crl"))).subscribeOn(scheduler))
                .expectNextCount(1)
                .verifyComplete();
    }
}
