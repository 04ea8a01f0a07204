package ma.rokhsa.api.upload;

import java.nio.file.Files;

import ma.rokhsa.api.web.ApiProblem;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.codec.multipart.FilePartEvent;
import org.springframework.http.codec.multipart.FormPartEvent;
import org.springframework.http.codec.multipart.PartEvent;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;
import reactor.core.scheduler.Scheduler;

/**
 * Reads a {@code multipart/form-data} upload as a stream of part events, in one sequential pass: the
 * buffers of the {@code file} part go straight to disk through {@link StreamingReceiver} (each written
 * before the next is requested: backpressure to the client), small fields are kept, anything else is
 * released. Never holds a file in memory.
 */
@Component
public class MultipartUploads {

    private final StreamingReceiver receiver;
    private final Scheduler files;

    public MultipartUploads(StreamingReceiver receiver, Scheduler filesScheduler) {
        this.receiver = receiver;
        this.files = filesScheduler;
    }

    public Mono<UploadedPart> read(Flux<PartEvent> parts, long maxBytes) {
        return Mono.defer(() -> {
            State st = new State();
            return parts.concatMap(e -> st.accept(e, maxBytes), 1)
                    .then(Mono.fromSupplier(st::result))
                    .doFinally(signal -> {
                        if (signal != SignalType.ON_COMPLETE && st.sink != null) {
                            st.sink.discard(signal.toString());
                        }
                    });
        });
    }

    private final class State {
        String kind;
        String fileName;
        String declaredType;
        StreamingReceiver.Sink sink;
        ReceivedFile file;

        Mono<Void> accept(PartEvent e, long maxBytes) {
            if (e instanceof FormPartEvent form) {
                if ("kind".equals(form.name())) {
                    kind = form.value().strip();
                }
                return Mono.empty();
            }
            if (e instanceof FilePartEvent fe && "file".equals(fe.name())) {
                if (file != null) {
                    DataBufferUtils.release(fe.content());
                    return Mono.error(ApiProblem.badRequest("ONE_FILE_PER_UPLOAD", "Send one file per upload (one part named 'file')."));
                }
                Mono<StreamingReceiver.Sink> target;
                if (sink == null) {
                    fileName = FileNames.sanitize(fe.filename());
                    declaredType = fe.headers().getContentType() == null ? null : fe.headers().getContentType().toString();
                    target = receiver.open(maxBytes, fileName).doOnNext(s -> sink = s);
                } else {
                    target = Mono.just(sink);
                }
                return target.flatMap(s -> s.write(fe.content())
                        .then(fe.isLast() ? s.finish().doOnNext(f -> {
                            file = f;
                            sink = null;
                        }).then() : Mono.empty()));
            }
            DataBufferUtils.release(e.content());
            return Mono.empty();
        }

        UploadedPart result() {
            return new UploadedPart(file, fileName, declaredType, kind);
        }
    }

    /** Removes the received file of an upload that will not be kept. */
    public void discard(UploadedPart u) {
        if (u != null && u.file() != null) {
            files.schedule(() -> {
                try {
                    Files.deleteIfExists(u.file().path());
                } catch (java.io.IOException ignored) {
                    // The incoming sweeper removes leftovers.
                }
            });
        }
    }
}
