package ma.rokhsa.api.signing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.function.Supplier;

/**
 * Secrets of the embedded run (demo PKI store password, key pepper, PIN recovery key, seal PIN) when
 * configuration gives none: generated once into {@code <data>/secrets/} readable by the owner only, so
 * a restart finds the same ones. Production passes them by configuration: under the {@code prod} profile a
 * secret that is not configured refuses the start, naming its property (a file next to the data it protects
 * protects nothing once the folder is copied or backed up). They are never logged.
 */
final class LocalSecrets {

    private final Path dir;
    private final boolean production;

    LocalSecrets(Path dataDir, boolean production) {
        this.dir = dataDir.resolve("secrets");
        this.production = production;
    }

    /** The configured value of {@code property} if any, else the stored one, else a new random one (stored). */
    String get(String name, String property, String configured, Supplier<String> generator) {
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        if (production) {
            throw new IllegalStateException("The prod profile refuses a generated secret: set " + property
                    + " (from a secret store or the environment, never in a file next to the data).");
        }
        Path file = dir.resolve(name);
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.UTF_8).strip();
            }
            Files.createDirectories(dir);
            String value = generator.get();
            Path tmp = Files.createTempFile(dir, name, ".tmp");
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system
            }
            Files.writeString(tmp, value, StandardCharsets.UTF_8);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return value;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create secret " + file, e);
        }
    }

    static String random(int bytes) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
    }
}
