package ma.rokhsa.ingest;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs extractions in a pool of {@link ExtractionWorker} child JVMs, at most {@code threads} of them,
 * each with its own heap limit. A worker that passes the time limit is killed (its document ends
 * {@code TIMED_OUT}); one that dies (out of memory, a crash in native code) fails its document
 * ({@code FAILED}) and is replaced at the next request; a worker is also replaced after
 * {@code forkMaxDocuments} documents. Thread-safe; blocking.
 */
final class ForkedBackend implements ExtractionBackend {

    private static final Logger LOG = LoggerFactory.getLogger(ForkedBackend.class);
    static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    /** Time the worker gets past the deadline to report its own TIMED_OUT before it is killed. */
    private static final long KILL_GRACE_MS = 3_000;
    private static final int EXIT_OUT_OF_MEMORY = 3; // HotSpot's exit code under -XX:+ExitOnOutOfMemoryError

    private final ExtractorConfig config;
    private final TesseractProbe.OcrSupport ocr;
    private final List<String> command;
    private final Semaphore slots;
    private final BlockingQueue<Worker> idle = new LinkedBlockingQueue<>();
    private final Set<Worker> live = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService watchdog;
    private final AtomicInteger started = new AtomicInteger();
    private volatile boolean closed;

    ForkedBackend(ExtractorConfig config, TesseractProbe.OcrSupport ocr) {
        this.config = config;
        this.ocr = ocr;
        this.command = command(config);
        this.slots = new Semaphore(config.threads());
        this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rokhsa-extract-watchdog");
            t.setDaemon(true);
            return t;
        });
    }

    static List<String> command(ExtractorConfig config) {
        if (!config.forkCommand().isEmpty()) {
            return config.forkCommand();
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(config.forkJvmOptions());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(ExtractionWorker.class.getName());
        return cmd;
    }

    /** Worker processes started so far (replacements included). */
    int workersStarted() {
        return started.get();
    }

    @Override
    public void warmUp() {
        while (!closed && live.size() < config.threads()) {
            idle.offer(start());
        }
    }

    @Override
    public Extraction extract(Path file, String fileName, KindRule rule, Duration timeout) {
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fromParent(file, fileName, Extraction.Status.TIMED_OUT, "interrupted while waiting for a worker",
                    System.nanoTime());
        }
        Worker worker = null;
        boolean keep = false;
        long start = System.nanoTime();
        try {
            if (closed) {
                throw new IngestException(IngestException.EXTRACTOR_CLOSED, "The extractor is closed.");
            }
            worker = idle.poll();
            if (worker != null && !worker.process.isAlive()) {
                worker.destroy();
                worker = null;
            }
            if (worker == null) {
                worker = start();
            }
            long timeoutMs = Math.max(1, timeout.toMillis());
            Worker w = worker;
            ScheduledFuture<?> kill = watchdog.schedule(() -> w.kill("time limit"), timeoutMs + KILL_GRACE_MS,
                    TimeUnit.MILLISECONDS);
            try {
                ExtractionCodec.writeRequest(worker.out, file.toAbsolutePath().toString(), fileName, rule, timeoutMs);
                worker.out.flush();
                int tag = worker.in.readInt();
                if (tag == ExtractionCodec.RESULT) {
                    Extraction result = ExtractionCodec.readExtraction(worker.in);
                    keep = ++worker.uses < config.forkMaxDocuments();
                    return result;
                }
                if (tag == ExtractionCodec.FAILURE) {
                    String code = ExtractionCodec.readString(worker.in);
                    String message = ExtractionCodec.readString(worker.in);
                    keep = true;
                    throw new IngestException(code, message);
                }
                throw new IOException("unexpected answer " + tag);
            } catch (IOException e) {
                return died(worker, file, fileName, e, start);
            } finally {
                kill.cancel(false);
            }
        } finally {
            if (worker != null) {
                if (keep && !closed) {
                    idle.offer(worker);
                } else {
                    worker.destroy();
                }
            }
            slots.release();
        }
    }

    private Extraction died(Worker worker, Path file, String fileName, IOException e, long start) {
        String killedFor = worker.killedFor;
        int exit = worker.exitCode(); // before destroy(), which would turn it into a SIGKILL status
        worker.destroy();
        if ("time limit".equals(killedFor)) {
            return fromParent(file, fileName, Extraction.Status.TIMED_OUT,
                    "the worker process was killed at the time limit", start);
        }
        String why = exit == EXIT_OUT_OF_MEMORY || worker.stderrContains("OutOfMemoryError")
                ? "the parser ran out of memory (worker heap limit)"
                : "the worker process died (exit code " + exit + ", " + e + ")";
        LOG.warn("extraction of {} failed: {}; worker stderr tail:\n{}", fileName, why, worker.stderrTail());
        return fromParent(file, fileName, Extraction.Status.FAILED, why, start);
    }

    /** What the parent can tell about a document whose worker gave no answer: size and type by magic only. */
    private Extraction fromParent(Path file, String fileName, Extraction.Status status, String detail,
                                  long startNanos) {
        long size = -1;
        String type = "application/octet-stream";
        try {
            size = Files.size(file);
            byte[] head;
            try (InputStream in = Files.newInputStream(file)) {
                head = in.readNBytes(UploadGate.HEAD_BYTES);
            }
            type = UploadGate.detect(head, head.length, fileName).toString();
        } catch (IOException ignored) {
            // size stays unknown: the validator then reports the status alone
        }
        return new Extraction(fileName, size, type, TypeScreen.declaredType(fileName).toString(), status, detail,
                "", false, false, 0, !ocr.available(), List.of(), 0, DocumentMetadata.NONE,
                Duration.ofNanos(System.nanoTime() - startNanos));
    }

    private Worker start() {
        Process process;
        try {
            ProcessBuilder pb = new ProcessBuilder(command);
            pb.environment().put("OMP_THREAD_LIMIT", "1"); // tesseract runs as a child of the worker
            process = pb.start();
        } catch (IOException e) {
            throw new IngestException(IngestException.WORKER_START_FAILED,
                    "The extraction worker could not be started (" + e.getMessage() + "): check forkCommand "
                            + command, e);
        }
        Worker worker = new Worker(process, started.incrementAndGet());
        live.add(worker);
        ScheduledFuture<?> kill = watchdog.schedule(() -> worker.kill("start timeout"),
                START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        try {
            ExtractionCodec.writeHello(worker.out, config, ocr);
            worker.out.flush();
            if (worker.in.readInt() != ExtractionCodec.READY) {
                throw new IOException("bad handshake");
            }
            return worker;
        } catch (IOException e) {
            worker.destroy();
            throw new IngestException(IngestException.WORKER_START_FAILED, "The extraction worker did not start ("
                    + e + "); its last output: " + worker.stderrTail(), e);
        } finally {
            kill.cancel(false);
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Worker w : live) {
            w.destroy();
        }
        idle.clear();
        watchdog.shutdownNow();
    }

    /** One child JVM and its pipes. Used by one thread at a time (the slot holder). */
    private final class Worker {
        final Process process;
        final DataOutputStream out;
        final DataInputStream in;
        private final Deque<String> stderr = new ArrayDeque<>();
        private final Thread drain;
        volatile String killedFor;
        int uses;

        Worker(Process process, int number) {
            this.process = process;
            this.out = new DataOutputStream(new BufferedOutputStream(process.getOutputStream()));
            this.in = new DataInputStream(new BufferedInputStream(process.getInputStream()));
            drain = new Thread(this::drainStderr, "rokhsa-extract-worker-" + number + "-stderr");
            drain.setDaemon(true);
            drain.start();
        }

        private void drainStderr() {
            try (BufferedReader r = new BufferedReader(
                    new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    LOG.debug("worker: {}", line);
                    synchronized (stderr) {
                        stderr.addLast(line.length() > 500 ? line.substring(0, 500) : line);
                        if (stderr.size() > 40) {
                            stderr.removeFirst();
                        }
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }

        String stderrTail() {
            synchronized (stderr) {
                return String.join("\n", stderr);
            }
        }

        boolean stderrContains(String s) {
            synchronized (stderr) {
                return stderr.stream().anyMatch(l -> l.contains(s));
            }
        }

        void kill(String reason) {
            killedFor = reason;
            process.destroyForcibly();
        }

        int exitCode() {
            try {
                int code = process.waitFor(2, TimeUnit.SECONDS) ? process.exitValue() : -1;
                drain.join(1_000); // let the last lines of standard error arrive
                return code;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        }

        void destroy() {
            live.remove(this);
            process.destroyForcibly();
            try {
                out.close();
            } catch (IOException ignored) {
                // already gone
            }
        }
    }
}
