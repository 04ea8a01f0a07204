package ma.rokhsa.api.upload;

import java.nio.file.Path;

/** A file fully received to local disk: where it is, its size and SHA-256, and its first bytes for type sniffing. */
public record ReceivedFile(Path path, long size, String sha256, byte[] head) {
}
