package ma.rokhsa.signer.render;

import java.util.Objects;
import java.util.regex.Pattern;

/** One document listed on a filing receipt: its name, size and SHA-256 (lowercase hex). */
public record FiledDocument(String name, long sizeBytes, String sha256) {

    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    public FiledDocument {
        Objects.requireNonNull(name, "name");
        if (sizeBytes < 0) {
            throw new IllegalArgumentException("negative size");
        }
        if (sha256 == null || !HEX64.matcher(sha256).matches()) {
            throw new IllegalArgumentException("sha256 must be 64 lowercase hex digits");
        }
    }
}
