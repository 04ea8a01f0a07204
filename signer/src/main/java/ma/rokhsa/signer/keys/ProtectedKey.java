package ma.rokhsa.signer.keys;

import ma.rokhsa.signer.SignerException;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * A personal signing key as stored by the application (e.g. a {@code bytea} column, through
 * {@link #encoded()} / {@link #decode(byte[])}): the certificate chain in clear, the private key
 * encrypted with AES-256-GCM under a key derived from the holder's PIN with Argon2id (salted,
 * optionally peppered), and optionally a second copy under the platform's {@link RecoveryKey}.
 * The PIN itself is never stored, nor the key in clear. The {@link #pinChangeRequired()} flag is
 * bound to the ciphertext (GCM associated data): flipping it in the database breaks decryption.
 *
 * <p>Immutable value; PIN changes return a new instance.
 */
public final class ProtectedKey {

    static final int MAGIC = 0x524B504B; // "RKPK"
    static final int VERSION = 1;

    private final List<X509Certificate> chain;
    private final byte[] chainDigest;
    private final boolean pinChangeRequired;
    private final Argon2Settings argon2;
    private final byte[] pepperId;
    private final byte[] salt;
    private final byte[] nonce;
    private final byte[] ciphertext;
    private final byte[] recoveryId;
    private final byte[] recoveryNonce;
    private final byte[] recoveryCiphertext;

    ProtectedKey(List<X509Certificate> chain, boolean pinChangeRequired, Argon2Settings argon2, byte[] pepperId,
                 byte[] salt, byte[] nonce, byte[] ciphertext, byte[] recoveryId, byte[] recoveryNonce,
                 byte[] recoveryCiphertext) {
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a protected key needs its certificate");
        }
        this.chain = List.copyOf(chain);
        this.chainDigest = digestChain(this.chain);
        this.pinChangeRequired = pinChangeRequired;
        this.argon2 = argon2;
        this.pepperId = pepperId.clone();
        this.salt = salt.clone();
        this.nonce = nonce.clone();
        this.ciphertext = ciphertext.clone();
        this.recoveryId = recoveryId.clone();
        this.recoveryNonce = recoveryNonce.clone();
        this.recoveryCiphertext = recoveryCiphertext.clone();
    }

    /** The signing certificate. */
    public X509Certificate certificate() {
        return chain.get(0);
    }

    /** The certificate chain, signing certificate first. */
    public List<X509Certificate> certificateChain() {
        return chain;
    }

    /** The signing certificate's serial number (what a revocation names). */
    public BigInteger serialNumber() {
        return certificate().getSerialNumber();
    }

    /** True until the holder has replaced the initial (or reset) PIN; signing is refused meanwhile. */
    public boolean pinChangeRequired() {
        return pinChangeRequired;
    }

    /** True if an administrator can reset the PIN with the platform's recovery key. */
    public boolean recoverable() {
        return recoveryCiphertext.length > 0;
    }

    Argon2Settings argon2() {
        return argon2;
    }

    byte[] pepperId() {
        return pepperId.clone();
    }

    byte[] salt() {
        return salt.clone();
    }

    byte[] nonce() {
        return nonce.clone();
    }

    byte[] ciphertext() {
        return ciphertext.clone();
    }

    byte[] recoveryId() {
        return recoveryId.clone();
    }

    byte[] recoveryNonce() {
        return recoveryNonce.clone();
    }

    byte[] recoveryCiphertext() {
        return recoveryCiphertext.clone();
    }

    byte[] chainDigest() {
        return chainDigest.clone();
    }

    /** Associated data of the PIN wrapping: everything that must not be changed without the PIN. */
    static byte[] pinAad(byte[] chainDigest, boolean pinChangeRequired, Argon2Settings a, byte[] pepperId, byte[] salt) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (DataOutputStream d = new DataOutputStream(b)) {
            d.writeUTF("rokhsa-protected-key/pin/v1");
            d.write(chainDigest);
            d.writeBoolean(pinChangeRequired);
            d.writeInt(a.memoryKiB());
            d.writeInt(a.iterations());
            d.writeInt(a.parallelism());
            writeBytes(d, pepperId);
            writeBytes(d, salt);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return b.toByteArray();
    }

    static byte[] recoveryAad(byte[] chainDigest) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (DataOutputStream d = new DataOutputStream(b)) {
            d.writeUTF("rokhsa-protected-key/recovery/v1");
            d.write(chainDigest);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return b.toByteArray();
    }

    /** The storage form: versioned binary, self-describing. */
    public byte[] encoded() {
        ByteArrayOutputStream b = new ByteArrayOutputStream(4096);
        try (DataOutputStream d = new DataOutputStream(b)) {
            d.writeInt(MAGIC);
            d.writeByte(VERSION);
            d.writeBoolean(pinChangeRequired);
            d.writeInt(argon2.memoryKiB());
            d.writeInt(argon2.iterations());
            d.writeInt(argon2.parallelism());
            writeBytes(d, pepperId);
            writeBytes(d, salt);
            writeBytes(d, nonce);
            writeBytes(d, ciphertext);
            writeBytes(d, recoveryId);
            writeBytes(d, recoveryNonce);
            writeBytes(d, recoveryCiphertext);
            d.writeShort(chain.size());
            for (X509Certificate c : chain) {
                writeBytes(d, c.getEncoded());
            }
        } catch (IOException | java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
        // A checksum tells storage damage (KEY_CORRUPT) from a wrong PIN, which must not be counted.
        byte[] body = b.toByteArray();
        byte[] sum = java.util.Arrays.copyOf(RecoveryKey.sha256(body), 8);
        byte[] out = java.util.Arrays.copyOf(body, body.length + sum.length);
        System.arraycopy(sum, 0, out, body.length, sum.length);
        return out;
    }

    /** Reads the storage form; {@link SignerException.Code#KEY_CORRUPT} if it is not one. */
    public static ProtectedKey decode(byte[] encoded) {
        if (encoded == null || encoded.length < 16) {
            throw corrupt("too short");
        }
        byte[] body = java.util.Arrays.copyOf(encoded, encoded.length - 8);
        byte[] sum = java.util.Arrays.copyOfRange(encoded, encoded.length - 8, encoded.length);
        if (!java.security.MessageDigest.isEqual(sum, java.util.Arrays.copyOf(RecoveryKey.sha256(body), 8))) {
            throw corrupt("checksum mismatch");
        }
        try (DataInputStream d = new DataInputStream(new ByteArrayInputStream(body))) {
            if (d.readInt() != MAGIC) {
                throw corrupt("not a protected key");
            }
            int version = d.readUnsignedByte();
            if (version != VERSION) {
                throw corrupt("unknown protected key version " + version);
            }
            boolean change = d.readBoolean();
            Argon2Settings a = new Argon2Settings(d.readInt(), d.readInt(), d.readInt());
            byte[] pepperId = readBytes(d);
            byte[] salt = readBytes(d);
            byte[] nonce = readBytes(d);
            byte[] ct = readBytes(d);
            byte[] rid = readBytes(d);
            byte[] rnonce = readBytes(d);
            byte[] rct = readBytes(d);
            int n = d.readUnsignedShort();
            if (n < 1 || n > 10) {
                throw corrupt("bad certificate count");
            }
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            List<X509Certificate> chain = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                chain.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(readBytes(d))));
            }
            if (d.available() != 0) {
                throw corrupt("trailing bytes");
            }
            return new ProtectedKey(chain, change, a, pepperId, salt, nonce, ct, rid, rnonce, rct);
        } catch (IOException | CertificateException | IllegalArgumentException e) {
            throw new SignerException(SignerException.Code.KEY_CORRUPT,
                    "The stored signing key is damaged or not in a known format: " + e.getMessage(), e);
        }
    }

    private static SignerException corrupt(String why) {
        return new SignerException(SignerException.Code.KEY_CORRUPT, "The stored signing key is damaged: " + why);
    }

    private static void writeBytes(DataOutputStream d, byte[] b) throws IOException {
        d.writeInt(b.length);
        d.write(b);
    }

    private static byte[] readBytes(DataInputStream d) throws IOException {
        int n = d.readInt();
        if (n < 0 || n > 1 << 20) {
            throw new IOException("bad length " + n);
        }
        byte[] b = new byte[n];
        d.readFully(b);
        return b;
    }

    static byte[] digestChain(List<X509Certificate> chain) {
        try {
            java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
            for (X509Certificate c : chain) {
                md.update(c.getEncoded());
            }
            return md.digest();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "ProtectedKey[" + certificate().getSubjectX500Principal() + ", serial=" + serialNumber().toString(16)
                + ", pinChangeRequired=" + pinChangeRequired + "]";
    }
}
