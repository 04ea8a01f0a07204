package ma.rokhsa.api.upload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import ma.rokhsa.api.config.Periodic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Removes what a crash can leave in the incoming folder: partial uploads ({@code *.part}) not written
 * to for an hour, and received files whose document row was never committed. Uploads in progress are
 * written to continuously, so the age test never touches them, even with instances sharing the folder.
 */
@Component
class IncomingSweeper implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(IncomingSweeper.class);
    private static final Duration AGE = Duration.ofHours(1);

    private final StreamingReceiver receiver;
    private final DatabaseClient db;
    private final Scheduler files;
    private Disposable loop;

    IncomingSweeper(StreamingReceiver receiver, DatabaseClient db, Scheduler filesScheduler) {
        this.receiver = receiver;
        this.db = db;
        this.files = filesScheduler;
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        loop = Periodic.every(Duration.ofSeconds(30), Duration.ofMinutes(15))
                .concatMap(i -> sweep().onErrorResume(e -> {
                    log.warn("Incoming sweep failed: {}", e.toString());
                    return Mono.empty();
                }))
                .subscribe();
    }

    Mono<Void> sweep() {
        return Mono.fromCallable(this::oldFiles).subscribeOn(files)
                .flatMapMany(Flux::fromIterable)
                .concatMap(p -> {
                    String name = p.getFileName().toString();
                    if (name.endsWith(".part")) {
                        return delete(p, "abandoned partial upload");
                    }
                    UUID id;
                    try {
                        id = UUID.fromString(name);
                    } catch (IllegalArgumentException e) {
                        return Mono.empty();
                    }
                    return db.sql("SELECT 1 FROM document WHERE id = :id").bind("id", id).fetch().one()
                            .hasElement()
                            .flatMap(known -> known ? Mono.empty() : delete(p, "received file without a document"));
                })
                .then();
    }

    private List<Path> oldFiles() throws IOException {
        FileTime limit = FileTime.from(Instant.now().minus(AGE));
        try (Stream<Path> s = Files.list(receiver.incomingDir())) {
            return s.filter(p -> {
                try {
                    return Files.getLastModifiedTime(p).compareTo(limit) < 0;
                } catch (IOException e) {
                    return false;
                }
            }).toList();
        }
    }

    private Mono<Void> delete(Path p, String why) {
        return Mono.<Void>fromCallable(() -> {
            if (Files.deleteIfExists(p)) {
                log.info("Removed {} {}", why, p.getFileName());
            }
            return null;
        }).subscribeOn(files);
    }

    @Override
    public void destroy() {
        if (loop != null) {
            loop.dispose();
        }
    }
}
