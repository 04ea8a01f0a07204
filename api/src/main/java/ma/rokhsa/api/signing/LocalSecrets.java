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
 * a restart finds the same ones. Production passes them by configuration; they are never logged.
 */
final class LocalSecrets {

    private final Path dir;

    LocalSecrets(Path dataDir) {
        this.dir = dataDir.resolve("secrets");
    }

    /** The configured value if any, else the stored one, else a new random one (stored). */
    String get(String name, String configured, Supplier<String> generator) {
        if (configured != null && !configured.isBlank()) {
            return configured;
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
