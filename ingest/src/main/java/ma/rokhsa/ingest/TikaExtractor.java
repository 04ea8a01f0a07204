package ma.rokhsa.ingest;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Extracts text and metadata from stored documents with Apache Tika, PDFBox and (where allowed and
 * installed) Tesseract OCR, off the caller's thread.
 *
 * <p><b>Threading.</b> {@link #extract} returns a lazy {@link Mono}; the work runs on a named bounded
 * scheduler ({@code rokhsa-extract}, {@code threads} threads, {@code queueCapacity} waiting tasks) or on
 * the scheduler given to {@link #create(ExtractorConfig, Scheduler)}. Subscribing never blocks the
 * subscriber; a full queue fails the Mono with {@link IngestException#EXTRACTOR_BUSY}.
 *
 * <p><b>Limits.</b> Each document has {@code timeout} from the moment its work starts (queueing does not
 * count) and {@code maxTextChars} of text. A document that passes its time limit ends {@code TIMED_OUT};
 * one that makes a parser fail ends {@code FAILED}; either way the Mono completes with an
 * {@link Extraction} (never an error) and the extractor carries on. The Mono fails only for service
 * faults ({@link IngestException}: file unreadable, extractor closed or saturated, worker cannot start).
 * In {@code IN_PROCESS} mode a parse is stopped at its next output after the deadline and its thread is
 * interrupted {@value #HARD_GRACE_SECONDS} s later; a parser stuck without output keeps its thread
 * (the Mono still completes {@code TIMED_OUT}). {@code FORKED} mode kills the worker process instead.
 *
 * <p><b>Lifecycle.</b> {@link #create} probes Tesseract and loads Tika (about a second, blocking): call it
 * at start-up, off any event loop. One instance serves the whole application; {@link #close()} stops
 * worker processes and the scheduler it created.
 */
public final class TikaExtractor implements AutoCloseable {

    static final long HARD_GRACE_SECONDS = 5;

    private final ExtractorConfig config;
    private final TesseractProbe.OcrSupport ocr;
    private final Scheduler scheduler;
    private final boolean ownsScheduler;
    private final ExtractionBackend backend;
    private final Duration hardLimit;
    private volatile boolean closed;

    private TikaExtractor(ExtractorConfig config, Scheduler scheduler, boolean ownsScheduler) {
        this.config = Objects.requireNonNull(config, "config");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.ownsScheduler = ownsScheduler;
        this.ocr = TesseractProbe.probe(config);
        this.backend = config.isolation() == ExtractorConfig.Isolation.FORKED
                ? new ForkedBackend(config, ocr) : new InProcessBackend(config, ocr);
        Duration grace = Duration.ofSeconds(HARD_GRACE_SECONDS);
        this.hardLimit = config.isolation() == ExtractorConfig.Isolation.FORKED
                ? config.timeout().plus(ForkedBackend.START_TIMEOUT).plus(grace).plus(grace)
                : config.timeout().plus(grace);
    }

    /** An extractor with its own bounded scheduler {@code rokhsa-extract} of {@code config.threads()} threads. */
    public static TikaExtractor create(ExtractorConfig config) {
        Scheduler s = Schedulers.newBoundedElastic(config.threads(), config.queueCapacity(), "rokhsa-extract");
        try {
            return new TikaExtractor(config, s, true);
        } catch (RuntimeException e) {
            s.dispose();
            throw e;
        }
    }

    /** An extractor running on the caller's scheduler (not disposed by {@link #close()}); it must allow blocking. */
    public static TikaExtractor create(ExtractorConfig config, Scheduler scheduler) {
        return new TikaExtractor(config, scheduler, false);
    }

    /**
     * Extracts one stored document.
     *
     * @param file     the stored file (read only, never modified or deleted)
     * @param fileName the name it was uploaded under (a hint for detection, and the name used in messages)
     * @param rule     the rule of its document kind: decides whether OCR may run and lets the extractor skip
     *                 parsing a document already rejected by its type or structure
     * @return a Mono of the extraction; completes with a {@code TIMED_OUT} or {@code FAILED} extraction rather
     *         than an error when the document is at fault
     */
    public Mono<Extraction> extract(Path file, String fileName, KindRule rule) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(rule, "rule");
        return Mono.create(sink -> {
            if (closed) {
                sink.error(new IngestException(IngestException.EXTRACTOR_CLOSED, "The extractor is closed."));
                return;
            }
            Guard guard = new Guard();
            Disposable task;
            try {
                task = scheduler.schedule(() -> {
                    guard.begin(Thread.currentThread(), fileName, sink);
                    try {
                        Extraction result = backend.extract(file, fileName, rule, config.timeout());
                        if (guard.finish()) {
                            sink.success(result);
                        }
                    } catch (Throwable t) {
                        if (guard.finish()) {
                            sink.error(t);
                        }
                    } finally {
                        guard.end();
                    }
                });
            } catch (RejectedExecutionException e) {
                sink.error(new IngestException(IngestException.EXTRACTOR_BUSY, "Too many documents are waiting for"
                        + " extraction (" + config.queueCapacity() + "): try again shortly.", e));
                return;
            }
            sink.onCancel(task);
        });
    }

    /** Starts worker processes (forked mode) so the first documents do not wait for them. */
    public Mono<Void> warmUp() {
        return Mono.fromRunnable(backend::warmUp).subscribeOn(scheduler).then();
    }

    /** True when scanned pages and images can be OCR'd (tesseract and every configured language installed). */
    public boolean ocrAvailable() {
        return ocr.available();
    }

    /** Why OCR is on or off, in words for an operator ("OCR is off: tesseract language packs missing: ara ..."). */
    public String ocrStatus() {
        return ocr.reason();
    }

    public ExtractorConfig config() {
        return config;
    }

    /** Worker processes started so far, replacements included (0 in process). */
    int workersStarted() {
        return backend instanceof ForkedBackend f ? f.workersStarted() : 0;
    }

    @Override
    public void close() {
        closed = true;
        backend.close();
        if (ownsScheduler) {
            scheduler.dispose();
        }
    }

    /**
     * Completes the Mono with {@code TIMED_OUT} if the backend has not answered {@code hardLimit} after the
     * work began, and interrupts the worker thread; the lock keeps an interrupt from leaking into the
     * thread's next task.
     */
    private final class Guard {
        private final Object lock = new Object();
        private Thread worker;
        private boolean running;
        private boolean completed;
        private Disposable timer;

        void begin(Thread thread, String fileName, reactor.core.publisher.MonoSink<Extraction> sink) {
            synchronized (lock) {
                worker = thread;
                running = true;
            }
            timer = Schedulers.parallel().schedule(() -> {
                synchronized (lock) {
                    if (completed || !running) {
                        return;
                    }
                    completed = true;
                    worker.interrupt();
                }
                sink.success(Extraction.timedOut(fileName, hardLimit));
            }, hardLimit.toMillis(), TimeUnit.MILLISECONDS);
        }

        boolean finish() {
            synchronized (lock) {
                if (completed) {
                    return false;
                }
                completed = true;
                return true;
            }
        }

        void end() {
            if (timer != null) {
                timer.dispose();
            }
            synchronized (lock) {
                running = false;
                Thread.interrupted(); // clear a late interrupt meant for this task
            }
        }
    }
}
