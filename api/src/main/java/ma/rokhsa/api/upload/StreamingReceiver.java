package ma.rokhsa.api.upload;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousFileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;
import reactor.core.scheduler.Scheduler;

import ma.rokhsa.api.web.ApiProblem;

/**
 * Writes an upload to disk as it arrives, hashing it on the way, never holding more than the buffers
 * in flight. The size limit is checked on every buffer: the upload fails as soon as it is exceeded.
 * Whatever ends the upload early (limit, client gone, error), the partial file is removed.
 */
public final class StreamingReceiver {

    private static final Logger log = LoggerFactory.getLogger(StreamingReceiver.class);
    static final int HEAD_BYTES = 8192;

    private final Path incoming;
    private final Scheduler files;

    public StreamingReceiver(Path incoming, Scheduler files) throws IOException {
        this.incoming = Files.createDirectories(incoming);
        this.files = files;
    }

    public Path incomingDir() {
        return incoming;
    }

    /** Receives {@code content} into a new file under the incoming folder. */
    public Mono<ReceivedFile> receive(Flux<DataBuffer> content, long maxBytes, String fileNameForMessages) {
        Path part = incoming.resolve(UUID.randomUUID() + ".part");
        return Mono.fromCallable(() -> AsynchronousFileChannel.open(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE))
                .subscribeOn(files)
                .flatMap(channel -> {
                    MessageDigest sha = sha256();
                    AtomicLong size = new AtomicLong();
                    ByteBuffer head = ByteBuffer.allocate(HEAD_BYTES);
                    Flux<DataBuffer> checked = content.map(buf -> {
                        long total = size.addAndGet(buf.readableByteCount());
                        if (total > maxBytes) {
                            DataBufferUtils.release(buf);
                            throw new ApiProblem(HttpStatus.CONTENT_TOO_LARGE, "FILE_TOO_LARGE",
                                    "%s is larger than the limit of %d MB: split it or compress its images, then upload again."
                                            .formatted(fileNameForMessages, maxBytes / (1024 * 1024)));
                        }
                        try (DataBuffer.ByteBufferIterator it = buf.readableByteBuffers()) {
                            while (it.hasNext()) {
                                ByteBuffer bb = it.next();
                                if (head.hasRemaining()) {
                                    ByteBuffer dup = bb.duplicate();
                                    dup.limit(dup.position() + Math.min(dup.remaining(), head.remaining()));
                                    head.put(dup);
                                }
                                sha.update(bb);
                            }
                        }
                        return buf;
                    });
                    return DataBufferUtils.write(checked, channel)
                            .doOnNext(DataBufferUtils::release)
                            .then(Mono.fromCallable(() -> {
                                channel.force(false);
                                channel.close();
                                byte[] h = new byte[head.position()];
                                head.flip().get(h);
                                return new ReceivedFile(part, size.get(), HexFormat.of().formatHex(sha.digest()), h);
                            }).subscribeOn(files))
                            .doFinally(signal -> {
                                if (signal != SignalType.ON_COMPLETE) {
                                    discard(channel, part, signal);
                                }
                            });
                });
    }

    private void discard(AsynchronousFileChannel channel, Path part, SignalType why) {
        files.schedule(() -> {
            try {
                channel.close();
                Files.deleteIfExists(part);
                log.info("Upload ended early ({}); removed partial file {}", why, part.getFileName());
            } catch (IOException e) {
                log.warn("Could not remove partial upload {}: {}", part, e.toString());
            }
        });
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
