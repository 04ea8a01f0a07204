package ma.rokhsa.signer.keys;

import ma.rokhsa.signer.DemoPkiFixture;
import ma.rokhsa.signer.SignerException;
import ma.rokhsa.signer.SignerException.Code;
import ma.rokhsa.signer.SignerSchedulers;
import ma.rokhsa.signer.pki.Signatory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.scheduler.Scheduler;
import reactor.test.StepVerifier;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.HashSet;
import java.util.Set;
import org.assertj.core.api.ThrowingConsumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PinProtectedKeysTest {

    @TempDir
    static Path tmp;
    static Scheduler scheduler;
    static DemoPkiFixture fx;
    static PinProtectedKeys keys;
    static final Signatory HOLDER = new Signatory("Samira Alami", "Présidente du conseil communal", "Commune de Kénitra", "s.alami@kenitra.example.ma");

    @BeforeAll
    static void setUp() throws Exception {
        scheduler = SignerSchedulers.newSignerScheduler(2, 32);
        fx = new DemoPkiFixture(tmp.resolve("pki"));
        keys = new PinProtectedKeys(DemoPkiFixture.FAST_ARGON2, null, null, scheduler);
    }

    @AfterAll
    static void tearDown() {
        fx.close();
        scheduler.dispose();
    }

    static ThrowingConsumer<Throwable> code(Code expected) {
        return e -> assertThat(e).isInstanceOfSatisfying(SignerException.class, s -> assertThat(s.code()).isEqualTo(expected));
    }

    @Test
    void issuedKeyNeedsAPinChangeBeforeSigningAndWrongPinsHaveAStableCode() {
        char[] initial = PinProtectedKeys.randomPin(8);
        ProtectedKey issued = keys.issue(fx.pki, HOLDER, KeyAlgorithm.RSA_2048, initial).block();
        assertThat(issued.pinChangeRequired()).isTrue();
        assertThat(issued.certificate().getSubjectX500Principal().getName()).contains("CN=Samira Alami").contains("DEMO");

        // The right PIN opens the key, but signing is refused until the PIN is changed.
        StepVerifier.create(keys.unlock(issued, initial)).expectNextCount(1).verifyComplete();
        StepVerifier.create(keys.unlockForSigning(issued, initial)).expectErrorSatisfies(code(Code.PIN_CHANGE_REQUIRED)).verify();
        // Wrong PINs: always WRONG_PIN (what the application counts, 3 then lock).
        for (String wrong : new String[]{"000001", "99999999", "", "12345678901234567890"}) {
            StepVerifier.create(keys.unlock(issued, wrong.toCharArray())).expectErrorSatisfies(code(Code.WRONG_PIN)).verify();
        }
        StepVerifier.create(keys.changePin(issued, "13572468".toCharArray(), "90817263".toCharArray()))
                .expectErrorSatisfies(code(Code.WRONG_PIN)).verify();

        // PIN rules on the new PIN.
        for (String weak : new String[]{"123456", "987654", "111111", "12a456", "1234", "1234567890123"}) {
            StepVerifier.create(keys.changePin(issued, initial, weak.toCharArray())).expectErrorSatisfies(code(Code.WEAK_PIN)).verify();
        }
        StepVerifier.create(keys.changePin(issued, initial, initial)).expectErrorSatisfies(code(Code.WEAK_PIN)).verify();

        ProtectedKey changed = keys.changePin(issued, initial, "40718263".toCharArray()).block();
        assertThat(changed.pinChangeRequired()).isFalse();
        assertThat(changed.certificate()).isEqualTo(issued.certificate());
        PrivateKey k = keys.unlockForSigning(changed, "40718263".toCharArray()).block();
        assertThat(k.getAlgorithm()).isEqualTo("RSA");
        StepVerifier.create(keys.unlock(changed, initial)).expectErrorSatisfies(code(Code.WRONG_PIN)).verify();
    }

    @Test
    void theStoredBlobHoldsNeitherThePinNorTheKeyAndSurvivesARoundTrip() {
        char[] pin = "58203917".toCharArray();
        ProtectedKey key = keys.issue(fx.pki, HOLDER, KeyAlgorithm.RSA_2048, pin).block();
        byte[] blob = key.encoded();
        RSAPrivateCrtKey priv = (RSAPrivateCrtKey) keys.unlock(key, pin).block();

        assertThat(contains(blob, new String(pin).getBytes(StandardCharsets.US_ASCII))).isFalse();
        assertThat(contains(blob, new String(pin).getBytes(StandardCharsets.UTF_16BE))).isFalse();
        assertThat(contains(blob, priv.getEncoded())).isFalse();
        assertThat(contains(blob, priv.getPrivateExponent().toByteArray())).isFalse();
        assertThat(contains(blob, priv.getPrimeP().toByteArray())).isFalse();

        ProtectedKey back = ProtectedKey.decode(blob);
        assertThat(back.certificate()).isEqualTo(key.certificate());
        assertThat(back.pinChangeRequired()).isTrue();
        assertThat(keys.unlock(back, pin).block().getEncoded()).isEqualTo(priv.getEncoded());

        // Storage damage is KEY_CORRUPT, never WRONG_PIN (it must not count against the holder).
        byte[] damaged = blob.clone();
        damaged[damaged.length / 2] ^= 0x10;
        assertThatThrownBy(() -> ProtectedKey.decode(damaged)).satisfies(code(Code.KEY_CORRUPT));
        assertThatThrownBy(() -> ProtectedKey.decode("not a key".getBytes(StandardCharsets.US_ASCII))).satisfies(code(Code.KEY_CORRUPT));
    }

    @Test
    void pepperMismatchIsReportedAsCorruptNotAsAWrongPin() {
        byte[] pepperA = "pepper-A-0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        byte[] pepperB = "pepper-B-0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        PinProtectedKeys a = new PinProtectedKeys(DemoPkiFixture.FAST_ARGON2, pepperA, null, scheduler);
        PinProtectedKeys b = new PinProtectedKeys(DemoPkiFixture.FAST_ARGON2, pepperB, null, scheduler);
        char[] pin = "61830274".toCharArray();
        ProtectedKey key = a.issue(fx.pki, HOLDER, KeyAlgorithm.EC_P256, pin).block();
        StepVerifier.create(a.unlock(key, pin)).expectNextCount(1).verifyComplete();
        StepVerifier.create(b.unlock(key, pin)).expectErrorSatisfies(code(Code.KEY_CORRUPT)).verify();
        StepVerifier.create(keys.unlock(key, pin)).expectErrorSatisfies(code(Code.KEY_CORRUPT)).verify();
    }

    @Test
    void anAdministratorCanResetALockedKeysPinWithTheRecoveryKeyOnly() {
        RecoveryKey recovery = RecoveryKey.generate();
        PinProtectedKeys withRecovery = new PinProtectedKeys(DemoPkiFixture.FAST_ARGON2, null, recovery, scheduler);
        char[] pin = "27364510".toCharArray();
        ProtectedKey key = withRecovery.changePin(withRecovery.issue(fx.pki, HOLDER, KeyAlgorithm.EC_P256, "82736451".toCharArray()).block(),
                "82736451".toCharArray(), pin).block();
        assertThat(key.recoverable()).isTrue();

        char[] reissued = PinProtectedKeys.randomPin(8);
        ProtectedKey reset = withRecovery.resetPin(key, reissued).block();
        assertThat(reset.pinChangeRequired()).isTrue();
        StepVerifier.create(withRecovery.unlock(reset, pin)).expectErrorSatisfies(code(Code.WRONG_PIN)).verify();
        StepVerifier.create(withRecovery.unlockForSigning(reset, reissued)).expectErrorSatisfies(code(Code.PIN_CHANGE_REQUIRED)).verify();
        assertThat(withRecovery.unlock(reset, reissued).block().getEncoded()).isEqualTo(withRecovery.unlock(key, pin).block().getEncoded());

        // Another recovery key, or none: no reset.
        PinProtectedKeys other = new PinProtectedKeys(DemoPkiFixture.FAST_ARGON2, null, RecoveryKey.generate(), scheduler);
        StepVerifier.create(other.resetPin(key, reissued)).expectErrorSatisfies(code(Code.RECOVERY_UNAVAILABLE)).verify();
        StepVerifier.create(keys.resetPin(key, reissued)).expectErrorSatisfies(code(Code.RECOVERY_UNAVAILABLE)).verify();
        assertThat(RecoveryKey.fromBase64(recovery.toBase64()).toBase64()).isEqualTo(recovery.toBase64());
    }

    @Test
    void importsAPkcs12FromTheTrustServiceProvider() throws Exception {
        var gen = java.security.KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048);
        var pair = gen.generateKeyPair();
        var chain = fx.pki.issueSigningCertificate(HOLDER, pair.getPublic());
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("signing", pair.getPrivate(), "tsp-password".toCharArray(), chain.toArray(new X509Certificate[0]));
        ByteArrayOutputStream p12 = new ByteArrayOutputStream();
        ks.store(p12, "tsp-password".toCharArray());

        char[] pin = PinProtectedKeys.randomPin(6);
        ProtectedKey imported = keys.importPkcs12(p12.toByteArray(), "tsp-password".toCharArray(), pin, true).block();
        assertThat(imported.certificateChain()).hasSize(3);
        assertThat(imported.certificate()).isEqualTo(chain.get(0));
        assertThat(keys.unlock(imported, pin).block().getEncoded()).isEqualTo(pair.getPrivate().getEncoded());
        StepVerifier.create(keys.importPkcs12(p12.toByteArray(), "wrong".toCharArray(), pin, true))
                .expectErrorSatisfies(code(Code.PKCS12_IMPORT_FAILED)).verify();
        StepVerifier.create(keys.importPkcs12("garbage".getBytes(StandardCharsets.US_ASCII), "x".toCharArray(), pin, true))
                .expectErrorSatisfies(code(Code.PKCS12_IMPORT_FAILED)).verify();
    }

    @Test
    void randomPinsFollowTheRulesAndWorkRunsOnTheSignerScheduler() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            char[] p = PinProtectedKeys.randomPin(6 + i % 3);
            assertThat(p.length).isBetween(6, 8);
            assertThat(PinProtectedKeys.weakness(p)).isNull();
            seen.add(new String(p));
        }
        assertThat(seen).hasSizeGreaterThan(190);
        ProtectedKey key = keys.issue(fx.pki, HOLDER, KeyAlgorithm.EC_P256, "30571946".toCharArray()).block();
        StepVerifier.create(keys.unlock(key, "30571946".toCharArray()).map(k -> Thread.currentThread().getName()))
                .assertNext(name -> assertThat(name).startsWith("rokhsa-signer"))
                .verifyComplete();
    }

    @Test
    void defaultArgon2CostIsAffordableForOneSignature() {
        PinProtectedKeys production = new PinProtectedKeys(Argon2Settings.DEFAULT, null, null, scheduler);
        char[] pin = "83920174".toCharArray();
        ProtectedKey key = production.issue(fx.pki, HOLDER, KeyAlgorithm.EC_P256, pin).block();
        long t0 = System.nanoTime();
        production.unlock(key, pin).block();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("Argon2id 64 MiB t=3 p=1 unlock: " + ms + " ms");
        assertThat(ms).isLessThan(5_000);
    }

    private static boolean contains(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
