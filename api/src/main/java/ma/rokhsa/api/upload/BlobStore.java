package ma.rokhsa.api.upload;

import java.nio.file.Path;

import reactor.core.publisher.Mono;

/**
 * Content-addressed storage of original files, keyed by SHA-256. The default is the filesystem under
 * the data folder; an S3-compatible store can implement the same contract. All methods are
 * non-blocking for the caller (file work runs on a bounded scheduler).
 */
public interface BlobStore {

    /** Moves {@code source} into the store under {@code sha256}; idempotent (an existing blob wins, the source is removed). */
    Mono<Void> put(String sha256, Path source);

    Mono<Boolean> exists(String sha256);

    /** Stores bytes produced by the platform (a generated PDF); returns their SHA-256. */
    Mono<String> putBytes(byte[] content);

    /** The whole blob in memory: only for the platform's own small documents (receipts, decisions). */
    Mono<byte[]> readBytes(String sha256);

    /** A local file with the blob's bytes, for parsers that need random access. */
    Mono<Path> localFile(String sha256);
}
