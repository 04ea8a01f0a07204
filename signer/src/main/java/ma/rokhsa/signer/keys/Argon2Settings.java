package ma.rokhsa.signer.keys;

/**
 * Cost of the Argon2id derivation of a PIN into a key-encryption key. Each unlock holds
 * {@code memoryKiB} of memory for its duration; the scheduler's thread bound therefore bounds memory.
 * The settings used are recorded in each protected key, so raising them later only affects new or
 * re-protected keys.
 */
public record Argon2Settings(int memoryKiB, int iterations, int parallelism) {

    /** 64 MiB, 3 passes, 1 lane (RFC 9106 "second recommended option" memory class); about 1 s per unlock with BouncyCastle on one core here. */
    public static final Argon2Settings DEFAULT = new Argon2Settings(64 * 1024, 3, 1);

    public Argon2Settings {
        if (memoryKiB < 8 * parallelism || memoryKiB > 4 * 1024 * 1024 || iterations < 1 || iterations > 100
                || parallelism < 1 || parallelism > 16) {
            throw new IllegalArgumentException("Argon2 settings out of range: " + memoryKiB + " KiB, t=" + iterations + ", p=" + parallelism);
        }
    }
}
