package ma.rokhsa.api.upload;

import java.nio.file.Files;
import java.util.concurrent.atomic.AtomicReference;

import ma.rokhsa.api.web.ApiProblem;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.codec.multipart.FilePartEvent;
import org.springframework.http.codec.multipart.FormPartEvent;
import org.springframework.http.codec.multipart.PartEvent;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Reads a {@code multipart/form-data} upload as a stream of part events: the {@code file} part goes
 * straight to disk through {@link StreamingReceiver}; small fields are kept; anything else is drained
 * and released. Never holds a file in memory.
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
        AtomicReference<UploadedPart> acc = new AtomicReference<>(new UploadedPart(null, null, null, null));
        return parts.windowUntil(PartEvent::isLast)
                .concatMap(window -> window.switchOnFirst((first, events) -> {
                    PartEvent head = first.get();
                    if (head == null) {
                        return events.then();
                    }
                    if (head instanceof FormPartEvent form) {
                        if ("kind".equals(form.name())) {
                            UploadedPart u = acc.get();
                            acc.set(new UploadedPart(u.file(), u.fileName(), u.declaredType(), form.value().strip()));
                        }
                        return events.then();
                    }
                    if (head instanceof FilePartEvent file && "file".equals(head.name())) {
                        if (acc.get().file() != null) {
                            return events.doOnNext(e -> DataBufferUtils.release(e.content())).then(
                                    Mono.error(ApiProblem.badRequest("ONE_FILE_PER_UPLOAD", "Send one file per upload (one part named 'file').")));
                        }
                        String name = FileNames.sanitize(file.filename());
                        String declared = head.headers().getContentType() == null ? null : head.headers().getContentType().toString();
                        return receiver.receive(events.map(PartEvent::content), maxBytes, name)
                                .doOnNext(rf -> {
                                    UploadedPart u = acc.get();
                                    acc.set(new UploadedPart(rf, name, declared, u.kind()));
                                })
                                .then();
                    }
                    return events.doOnNext(e -> DataBufferUtils.release(e.content())).then();
                }))
                .then(Mono.fromSupplier(acc::get))
                .doOnError(e -> discard(acc.get()))
                .doOnCancel(() -> discard(acc.get()));
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
