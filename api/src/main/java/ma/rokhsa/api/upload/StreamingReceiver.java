package ma.rokhsa.api.upload;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import ma.rokhsa.api.web.ApiProblem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Writes uploads to disk as they arrive, hashing them on the way and never holding more than two
 * batches of buffers. The size limit is checked on every buffer: the upload fails as soon as it is
 * exceeded. Whatever ends an upload early (limit, client gone, error), its partial file is removed.
 */
public final class StreamingReceiver {

    private static final Logger log = LoggerFactory.getLogger(StreamingReceiver.class);

    private final Path incoming;
    private final Scheduler files;
    private final int headBytes;

    /** {@code headBytes}: how many first bytes to keep for content-type detection. */
    public StreamingReceiver(Path incoming, Scheduler files, int headBytes) throws IOException {
        this.incoming = Files.createDirectories(incoming);
        this.files = files;
        this.headBytes = headBytes;
    }

    public Path incomingDir() {
        return incoming;
    }

    /** Opens a new partial file under the incoming folder. */
    public Mono<Sink> open(long maxBytes, String fileNameForMessages) {
        Path part = incoming.resolve(UUID.randomUUID() + ".part");
        return Mono.fromCallable(() -> new Sink(part, FileChannel.open(part, StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE), maxBytes, fileNameForMessages))
                .subscribeOn(files);
    }

    /**
     * One upload being written. Buffers arrive one at a time ({@code concatMap} over the body) and are
     * gathered into batches of about {@value #BATCH_BYTES} bytes; a batch is hashed and written on the
     * file scheduler while the next one is being received, and at most one batch is in flight, so the
     * memory held per upload is bounded by two batches whatever the file size.
     */
    public final class Sink {
        private static final int BATCH_BYTES = 1 << 20;
        private static final long SYNC_BYTES = 32L << 20;

        private final Path path;
        private final FileChannel channel;
        private final long maxBytes;
        private final String name;
        private final MessageDigest sha = sha256();
        private final ByteBuffer head = ByteBuffer.allocate(headBytes);
        private final List<DataBuffer> batch = new ArrayList<>();
        private int batchBytes;
        private long received;
        private long unsynced;
        /** A flush to disk running beside the writes (at most one); the final flush waits for it. */
        private volatile Mono<Void> syncing = Mono.empty();
        private final AtomicBoolean syncRunning = new AtomicBoolean();
        private Mono<Void> inFlight = Mono.empty();
        private volatile boolean closed;

        Sink(Path path, FileChannel channel, long maxBytes, String name) {
            this.path = path;
            this.channel = channel;
            this.maxBytes = maxBytes;
            this.name = name;
        }

        /**
         * Takes one buffer (released once written, or on failure). Completes when the caller may send
         * the next one: at once, or when the previous batch has been written.
         */
        public Mono<Void> write(DataBuffer buf) {
            int n = buf.readableByteCount();
            received += n;
            if (received > maxBytes) {
                DataBufferUtils.release(buf);
                return Mono.error(new ApiProblem(HttpStatus.CONTENT_TOO_LARGE, "FILE_TOO_LARGE",
                        "%s is larger than the limit of %d MB: split it or compress its images, then upload again."
                                .formatted(name, maxBytes / (1024 * 1024))));
            }
            batch.add(buf);
            batchBytes += n;
            if (batchBytes < BATCH_BYTES) {
                return Mono.empty();
            }
            return dispatch();
        }

        private Mono<Void> dispatch() {
            List<DataBuffer> full = new ArrayList<>(batch);
            batch.clear();
            batchBytes = 0;
            Mono<Void> previous = inFlight;
            inFlight = previous.then(Mono.<Void>fromRunnable(() -> writeBatch(full)).subscribeOn(files)
                    .doOnError(e -> full.forEach(DataBufferUtils::release))).cache();
            // Start this batch now (after the previous one), and let the caller go on once the previous is done.
            inFlight.subscribe(v -> { }, e -> { });
            return previous;
        }

        private void writeBatch(List<DataBuffer> buffers) {
            try {
                ByteBuffer[] bbs = new ByteBuffer[buffers.size()];
                for (int i = 0; i < bbs.length; i++) {
                    ByteBuffer bb = buffers.get(i).toByteBuffer();
                    if (head.hasRemaining()) {
                        ByteBuffer h = bb.duplicate();
                        h.limit(h.position() + Math.min(h.remaining(), head.remaining()));
                        head.put(h);
                    }
                    sha.update(bb.duplicate());
                    bbs[i] = bb;
                }
                long remaining = 0;
                for (ByteBuffer bb : bbs) {
                    remaining += bb.remaining();
                }
                long written = remaining;
                while (remaining > 0) {
                    remaining -= channel.write(bbs);
                }
                unsynced += written;
                if (unsynced >= SYNC_BYTES) {
                    syncInBackground();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Could not write upload " + path.getFileName(), e);
            } finally {
                buffers.forEach(DataBufferUtils::release);
            }
        }

        /**
         * Flushes what was written so far to disk on another file thread while the next batches keep
         * arriving (FileChannel allows force beside write), so the final flush, which the client waits
         * for, has little left to do. Called from the batch writer, one batch at a time.
         */
        private void syncInBackground() {
            if (syncRunning.compareAndSet(false, true)) {
                unsynced = 0;
                syncing = Mono.<Void>fromRunnable(() -> {
                    try {
                        channel.force(false);
                    } catch (IOException e) {
                        // the final flush reports a disk failure; a closed channel means the upload ended
                    }
                }).doFinally(s -> syncRunning.set(false)).subscribeOn(files).cache();
                syncing.subscribe(v -> { }, e -> { });
            }
        }

        /** Writes what is left, flushes and closes the file; the upload is then complete on disk. */
        public Mono<ReceivedFile> finish() {
            Mono<Void> last = batch.isEmpty() ? inFlight : dispatch().then(inFlight);
            return last.then(Mono.defer(() -> syncing)).then(Mono.fromCallable(() -> {
                channel.force(false);
                channel.close();
                closed = true;
                byte[] h = new byte[head.position()];
                head.flip().get(h);
                return new ReceivedFile(path, received, HexFormat.of().formatHex(sha.digest()), h);
            }).subscribeOn(files));
        }

        /** Closes and removes the partial file (an upload that ended early). */
        public void discard(String why) {
            batch.forEach(DataBufferUtils::release);
            batch.clear();
            // After any batch still being written, so the file is not deleted under it.
            inFlight.onErrorResume(e -> Mono.empty()).then(Mono.fromRunnable(() -> {
                try {
                    if (!closed) {
                        channel.close();
                    }
                    Files.deleteIfExists(path);
                    log.info("Upload ended early ({}); removed partial file {}", why, path.getFileName());
                } catch (IOException e) {
                    log.warn("Could not remove partial upload {}: {}", path, e.toString());
                }
            }).subscribeOn(files)).subscribe();
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
