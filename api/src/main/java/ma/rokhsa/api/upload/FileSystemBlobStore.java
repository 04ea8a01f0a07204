package ma.rokhsa.api.upload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.regex.Pattern;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Blobs as files {@code blobs/ab/cd/abcd...} under the data folder, written by atomic rename so a
 * crash never leaves a half blob under a final name.
 */
public final class FileSystemBlobStore implements BlobStore {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private final Path root;
    private final Scheduler files;

    public FileSystemBlobStore(Path root, Scheduler files) {
        this.root = root;
        this.files = files;
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create blob store " + root, e);
        }
    }

    @Override
    public Mono<Void> put(String sha256, Path source) {
        return Mono.<Void>fromCallable(() -> {
            Path target = path(sha256);
            if (Files.exists(target)) {
                Files.deleteIfExists(source);
                return null;
            }
            Files.createDirectories(target.getParent());
            try {
                Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException e) {
                Files.deleteIfExists(source);
            } catch (AtomicMoveNotSupportedException e) {
                Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
                Files.copy(source, tmp, StandardCopyOption.REPLACE_EXISTING);
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                Files.deleteIfExists(source);
            } catch (NoSuchFileException e) {
                if (!Files.exists(target)) {
                    throw e;
                }
            }
            return null;
        }).subscribeOn(files);
    }

    @Override
    public Mono<String> putBytes(byte[] content) {
        return Mono.fromCallable(() -> {
            String sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(content));
            Path target = path(sha);
            if (!Files.exists(target)) {
                Files.createDirectories(target.getParent());
                Path tmp = Files.createTempFile(target.getParent(), sha, ".tmp");
                Files.write(tmp, content);
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            return sha;
        }).subscribeOn(files);
    }

    @Override
    public Mono<byte[]> readBytes(String sha256) {
        return localFile(sha256).map(p -> {
            try {
                return Files.readAllBytes(p);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @Override
    public Mono<Boolean> exists(String sha256) {
        return Mono.fromCallable(() -> Files.exists(path(sha256))).subscribeOn(files);
    }

    @Override
    public Mono<Path> localFile(String sha256) {
        return Mono.fromCallable(() -> {
            Path p = path(sha256);
            if (!Files.exists(p)) {
                throw new NoSuchFileException(p.toString(), null, "blob missing");
            }
            return p;
        }).subscribeOn(files);
    }

    Path path(String sha256) {
        if (!SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("not a SHA-256: " + sha256);
        }
        return root.resolve(sha256.substring(0, 2)).resolve(sha256.substring(2, 4)).resolve(sha256);
    }
}
