package ma.rokhsa.signer.keys;

import ma.rokhsa.signer.SignerException;
import ma.rokhsa.signer.pki.CertificateIssuer;
import ma.rokhsa.signer.pki.Signatory;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Personal signing keys protected by the holder's PIN (the circular's procedure): issue a key for a
 * signatory with a random initial PIN, unlock it with the PIN, change the PIN, reset it with the
 * platform's recovery key, import a PKCS#12 from the trust-service provider.
 *
 * <p>The private key is encrypted with AES-256-GCM under Argon2id(PIN, salt[, pepper]); the PIN is
 * never stored. A wrong PIN fails with {@link SignerException.Code#WRONG_PIN} and nothing else does,
 * so the application counts exactly those (lock after 3, kept in its database, as is the rest of
 * the lifecycle: shipped, handed over, activated). A key issued or reset carries
 * {@link ProtectedKey#pinChangeRequired()}: {@link #unlockForSigning} refuses it with
 * {@link SignerException.Code#PIN_CHANGE_REQUIRED} until {@link #changePin} has been done.
 *
 * <p>The pepper (optional, 16+ bytes, from configuration) is mixed into Argon2id as its secret: the
 * database alone then does not allow an offline guess of a 6-8 digit PIN. Keep it out of the
 * database; changing it makes existing keys unreadable (detected: {@code KEY_CORRUPT}, not a wrong PIN).
 *
 * <p>Thread-safe. All methods are CPU-heavy (Argon2id, key generation) and run on the scheduler
 * given at construction, which also bounds memory (one Argon2 memory cost per running call).
 */
public final class PinProtectedKeys {

    /** PIN rules: 6 to 12 digits, not one repeated digit, not a straight run (123456, 987654). */
    public static final int MIN_PIN = 6;
    public static final int MAX_PIN = 12;

    private final Argon2Settings argon2;
    private final byte[] pepper;
    private final byte[] pepperId;
    private final RecoveryKey recovery;
    private final Scheduler scheduler;
    private final SecureRandom random = new SecureRandom();

    /**
     * @param pepper   optional (null for none) platform secret mixed into the PIN derivation
     * @param recovery optional (null for none) key allowing PIN resets by an administrator
     */
    public PinProtectedKeys(Argon2Settings argon2, byte[] pepper, RecoveryKey recovery, Scheduler scheduler) {
        this.argon2 = Objects.requireNonNull(argon2);
        if (pepper != null && pepper.length < 16) {
            throw new IllegalArgumentException("a pepper needs at least 16 bytes");
        }
        this.pepper = pepper == null ? new byte[0] : pepper.clone();
        this.pepperId = pepper == null ? new byte[0] : Arrays.copyOf(RecoveryKey.sha256(concat(
                "rokhsa-pepper-id".getBytes(StandardCharsets.US_ASCII), pepper)), 8);
        this.recovery = recovery;
        this.scheduler = Objects.requireNonNull(scheduler);
    }

    /** A random initial PIN of {@code digits} digits (6 to 8) that satisfies the PIN rules. */
    public static char[] randomPin(int digits) {
        if (digits < 6 || digits > 8) {
            throw new IllegalArgumentException("initial PINs have 6 to 8 digits");
        }
        SecureRandom r = new SecureRandom();
        while (true) {
            char[] pin = new char[digits];
            for (int i = 0; i < digits; i++) {
                pin[i] = (char) ('0' + r.nextInt(10));
            }
            if (weakness(pin) == null) {
                return pin;
            }
        }
    }

    /** Why a PIN breaks the rules, or null if it is acceptable. */
    public static String weakness(char[] pin) {
        if (pin == null || pin.length < MIN_PIN || pin.length > MAX_PIN) {
            return "a PIN has " + MIN_PIN + " to " + MAX_PIN + " digits";
        }
        for (char c : pin) {
            if (c < '0' || c > '9') {
                return "a PIN has digits only";
            }
        }
        boolean same = true;
        boolean up = true;
        boolean down = true;
        for (int i = 1; i < pin.length; i++) {
            same &= pin[i] == pin[0];
            up &= pin[i] == pin[i - 1] + 1;
            down &= pin[i] == pin[i - 1] - 1;
        }
        if (same) {
            return "a PIN may not repeat one digit";
        }
        if (up || down) {
            return "a PIN may not be a run of consecutive digits";
        }
        return null;
    }

    // ------------------------------------------------------------------ reactive API

    /**
     * Generates a key pair, has {@code issuer} certify it for {@code signatory}, and protects it
     * under {@code initialPin} (which the application sends to the holder, then forgets).
     */
    public Mono<ProtectedKey> issue(CertificateIssuer issuer, Signatory signatory, KeyAlgorithm algorithm, char[] initialPin) {
        return Mono.fromCallable(() -> issueBlocking(issuer, signatory, algorithm, initialPin)).subscribeOn(scheduler);
    }

    /** Protects an existing key and its chain under a PIN. */
    public Mono<ProtectedKey> protect(PrivateKey key, List<X509Certificate> chain, char[] pin, boolean pinChangeRequired) {
        return Mono.fromCallable(() -> protectBlocking(key, chain, pin, pinChangeRequired)).subscribeOn(scheduler);
    }

    /**
     * Imports a PKCS#12 delivered by the trust-service provider (its password) and protects its key
     * under {@code pin} (for instance a new random initial PIN, with {@code pinChangeRequired}).
     */
    public Mono<ProtectedKey> importPkcs12(byte[] pkcs12, char[] password, char[] pin, boolean pinChangeRequired) {
        return Mono.fromCallable(() -> importPkcs12Blocking(pkcs12, password, pin, pinChangeRequired)).subscribeOn(scheduler);
    }

    /** The private key, or {@code WRONG_PIN}. Does not look at {@code pinChangeRequired}. */
    public Mono<PrivateKey> unlock(ProtectedKey key, char[] pin) {
        return Mono.fromCallable(() -> unlockBlocking(key, pin)).subscribeOn(scheduler);
    }

    /** The private key for signing: also refuses with {@code PIN_CHANGE_REQUIRED}. */
    public Mono<PrivateKey> unlockForSigning(ProtectedKey key, char[] pin) {
        return Mono.fromCallable(() -> unlockForSigningBlocking(key, pin)).subscribeOn(scheduler);
    }

    /** Re-protects under a new PIN ({@code WRONG_PIN}, {@code WEAK_PIN}); clears the change flag. */
    public Mono<ProtectedKey> changePin(ProtectedKey key, char[] oldPin, char[] newPin) {
        return Mono.fromCallable(() -> changePinBlocking(key, oldPin, newPin)).subscribeOn(scheduler);
    }

    /**
     * Administrator's reset after a lockout: opens the recovery copy and protects the key under
     * {@code newPin} (to be sent to the holder), with the change flag set.
     */
    public Mono<ProtectedKey> resetPin(ProtectedKey key, char[] newPin) {
        return Mono.fromCallable(() -> resetPinBlocking(key, newPin)).subscribeOn(scheduler);
    }

    // ------------------------------------------------------------------ blocking core

    ProtectedKey issueBlocking(CertificateIssuer issuer, Signatory signatory, KeyAlgorithm algorithm, char[] initialPin) {
        requireStrong(initialPin);
        KeyPair pair = generate(algorithm);
        List<X509Certificate> chain = issuer.issueSigningCertificate(signatory, pair.getPublic());
        return protectBlocking(pair.getPrivate(), chain, initialPin, true);
    }

    ProtectedKey protectBlocking(PrivateKey key, List<X509Certificate> chain, char[] pin, boolean pinChangeRequired) {
        requireStrong(pin);
        requireMatch(key, chain.get(0));
        byte[] pkcs8 = key.getEncoded();
        try {
            byte[] salt = randomBytes(16);
            byte[] nonce = randomBytes(12);
            byte[] chainDigest = digest(chain);
            byte[] kek = derive(pin, salt, argon2);
            byte[] ct;
            try {
                ct = gcm(Cipher.ENCRYPT_MODE, kek, nonce, ProtectedKey.pinAad(chainDigest, pinChangeRequired, argon2, pepperId, salt), pkcs8);
            } finally {
                Arrays.fill(kek, (byte) 0);
            }
            byte[] rid = new byte[0];
            byte[] rnonce = new byte[0];
            byte[] rct = new byte[0];
            if (recovery != null) {
                byte[] rk = recovery.bytes();
                try {
                    rid = recovery.id();
                    rnonce = randomBytes(12);
                    rct = gcm(Cipher.ENCRYPT_MODE, rk, rnonce, ProtectedKey.recoveryAad(chainDigest), pkcs8);
                } finally {
                    Arrays.fill(rk, (byte) 0);
                }
            }
            return new ProtectedKey(chain, pinChangeRequired, argon2, pepperId, salt, nonce, ct, rid, rnonce, rct);
        } catch (GeneralSecurityException e) {
            throw new SignerException(SignerException.Code.CRYPTO_FAILURE, "The key could not be encrypted: " + e.getMessage(), e);
        } finally {
            Arrays.fill(pkcs8, (byte) 0);
        }
    }

    ProtectedKey importPkcs12Blocking(byte[] pkcs12, char[] password, char[] pin, boolean pinChangeRequired) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(new ByteArrayInputStream(pkcs12), password);
            for (String alias : Collections.list(ks.aliases())) {
                if (ks.isKeyEntry(alias)) {
                    PrivateKey key = (PrivateKey) ks.getKey(alias, password);
                    Certificate[] certs = ks.getCertificateChain(alias);
                    if (key == null || certs == null || certs.length == 0) {
                        continue;
                    }
                    List<X509Certificate> chain = new ArrayList<>();
                    for (Certificate c : certs) {
                        chain.add((X509Certificate) c);
                    }
                    return protectBlocking(key, chain, pin, pinChangeRequired);
                }
            }
            throw new SignerException(SignerException.Code.PKCS12_IMPORT_FAILED,
                    "The PKCS#12 file holds no private key with its certificate: ask the provider for the signing key file");
        } catch (IOException e) {
            throw new SignerException(SignerException.Code.PKCS12_IMPORT_FAILED,
                    "The PKCS#12 file could not be opened: wrong password or not a PKCS#12 file", e);
        } catch (GeneralSecurityException e) {
            throw new SignerException(SignerException.Code.PKCS12_IMPORT_FAILED,
                    "The PKCS#12 file could not be read: " + e.getMessage(), e);
        }
    }

    PrivateKey unlockBlocking(ProtectedKey key, char[] pin) {
        if (!Arrays.equals(key.pepperId(), pepperId)) {
            throw new SignerException(SignerException.Code.KEY_CORRUPT,
                    "This key was protected with another pepper than the one configured: restore the platform's pepper setting");
        }
        if (pin == null || pin.length == 0 || pin.length > 64) {
            throw new SignerException(SignerException.Code.WRONG_PIN, "Wrong PIN.");
        }
        byte[] kek = derive(pin, key.salt(), key.argon2());
        byte[] pkcs8 = null;
        try {
            pkcs8 = gcm(Cipher.DECRYPT_MODE, kek, key.nonce(),
                    ProtectedKey.pinAad(key.chainDigest(), key.pinChangeRequired(), key.argon2(), key.pepperId(), key.salt()),
                    key.ciphertext());
            return toPrivateKey(pkcs8, key.certificate());
        } catch (AEADBadTagException e) {
            throw new SignerException(SignerException.Code.WRONG_PIN, "Wrong PIN.");
        } catch (GeneralSecurityException e) {
            throw new SignerException(SignerException.Code.KEY_CORRUPT, "The stored key could not be decrypted: " + e.getMessage(), e);
        } finally {
            Arrays.fill(kek, (byte) 0);
            if (pkcs8 != null) {
                Arrays.fill(pkcs8, (byte) 0);
            }
        }
    }

    PrivateKey unlockForSigningBlocking(ProtectedKey key, char[] pin) {
        PrivateKey k = unlockBlocking(key, pin);
        if (key.pinChangeRequired()) {
            throw new SignerException(SignerException.Code.PIN_CHANGE_REQUIRED,
                    "The initial PIN must be changed before the first signature.");
        }
        return k;
    }

    ProtectedKey changePinBlocking(ProtectedKey key, char[] oldPin, char[] newPin) {
        PrivateKey k = unlockBlocking(key, oldPin);
        requireStrong(newPin);
        if (Arrays.equals(oldPin, newPin)) {
            throw new SignerException(SignerException.Code.WEAK_PIN, "The new PIN must differ from the current one.");
        }
        return protectBlocking(k, key.certificateChain(), newPin, false);
    }

    ProtectedKey resetPinBlocking(ProtectedKey key, char[] newPin) {
        if (recovery == null || !key.recoverable()) {
            throw new SignerException(SignerException.Code.RECOVERY_UNAVAILABLE,
                    "This key cannot be reset (no recovery copy or no recovery key configured): issue a new key and revoke this one.");
        }
        if (!Arrays.equals(recovery.id(), key.recoveryId())) {
            throw new SignerException(SignerException.Code.RECOVERY_UNAVAILABLE,
                    "This key was wrapped under another recovery key than the one configured.");
        }
        requireStrong(newPin);
        byte[] rk = recovery.bytes();
        byte[] pkcs8 = null;
        try {
            pkcs8 = gcm(Cipher.DECRYPT_MODE, rk, key.recoveryNonce(), ProtectedKey.recoveryAad(key.chainDigest()), key.recoveryCiphertext());
            return protectBlocking(toPrivateKey(pkcs8, key.certificate()), key.certificateChain(), newPin, true);
        } catch (GeneralSecurityException e) {
            throw new SignerException(SignerException.Code.KEY_CORRUPT, "The recovery copy of the key is damaged.", e);
        } finally {
            Arrays.fill(rk, (byte) 0);
            if (pkcs8 != null) {
                Arrays.fill(pkcs8, (byte) 0);
            }
        }
    }

    // ------------------------------------------------------------------ primitives

    private byte[] derive(char[] pin, byte[] salt, Argon2Settings a) {
        ByteBuffer bb = StandardCharsets.UTF_8.encode(CharBuffer.wrap(pin));
        byte[] pinBytes = new byte[bb.remaining()];
        bb.get(pinBytes);
        if (bb.hasArray()) {
            Arrays.fill(bb.array(), (byte) 0);
        }
        try {
            Argon2Parameters.Builder p = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                    .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                    .withSalt(salt)
                    .withMemoryAsKB(a.memoryKiB())
                    .withIterations(a.iterations())
                    .withParallelism(a.parallelism());
            if (pepper.length > 0) {
                p.withSecret(pepper);
            }
            Argon2BytesGenerator gen = new Argon2BytesGenerator();
            gen.init(p.build());
            byte[] out = new byte[32];
            gen.generateBytes(pinBytes, out);
            return out;
        } finally {
            Arrays.fill(pinBytes, (byte) 0);
        }
    }

    private static byte[] gcm(int mode, byte[] key, byte[] nonce, byte[] aad, byte[] data) throws GeneralSecurityException {
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
        c.updateAAD(aad);
        return c.doFinal(data);
    }

    private static PrivateKey toPrivateKey(byte[] pkcs8, X509Certificate cert) throws GeneralSecurityException {
        String alg = cert.getPublicKey().getAlgorithm();
        return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
    }

    private static KeyPair generate(KeyAlgorithm algorithm) {
        try {
            KeyPairGenerator g;
            switch (algorithm) {
                case RSA_2048 -> {
                    g = KeyPairGenerator.getInstance("RSA");
                    g.initialize(2048);
                }
                case RSA_3072 -> {
                    g = KeyPairGenerator.getInstance("RSA");
                    g.initialize(3072);
                }
                case EC_P256 -> {
                    g = KeyPairGenerator.getInstance("EC");
                    g.initialize(new ECGenParameterSpec("secp256r1"));
                }
                default -> throw new IllegalArgumentException(algorithm.name());
            }
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new SignerException(SignerException.Code.CRYPTO_FAILURE, "Key generation failed: " + e.getMessage(), e);
        }
    }

    /** Signs and verifies a probe: the key must belong to the certificate. */
    private static void requireMatch(PrivateKey key, X509Certificate cert) {
        PublicKey pub = cert.getPublicKey();
        if (!pub.getAlgorithm().equals(key.getAlgorithm())) {
            throw new SignerException(SignerException.Code.CERTIFICATE_NOT_FOR_SIGNING,
                    "The private key (" + key.getAlgorithm() + ") does not match the certificate (" + pub.getAlgorithm() + ").");
        }
        try {
            String alg = pub.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
            byte[] probe = "rokhsa key/certificate match".getBytes(StandardCharsets.US_ASCII);
            Signature s = ma.rokhsa.signer.SignatureProviders.signature(alg, key.getAlgorithm());
            s.initSign(key);
            s.update(probe);
            byte[] sig = s.sign();
            Signature v = ma.rokhsa.signer.SignatureProviders.signature(alg, pub.getAlgorithm());
            v.initVerify(pub);
            v.update(probe);
            if (!v.verify(sig)) {
                throw new SignerException(SignerException.Code.CERTIFICATE_NOT_FOR_SIGNING,
                        "The private key does not belong to the certificate " + cert.getSubjectX500Principal() + ".");
            }
        } catch (GeneralSecurityException e) {
            throw new SignerException(SignerException.Code.CERTIFICATE_NOT_FOR_SIGNING, "The key cannot sign: " + e.getMessage(), e);
        }
    }

    private static void requireStrong(char[] pin) {
        String why = weakness(pin);
        if (why != null) {
            throw new SignerException(SignerException.Code.WEAK_PIN, "PIN refused: " + why + ".");
        }
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static byte[] digest(List<X509Certificate> chain) {
        return ProtectedKey.digestChain(chain);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
