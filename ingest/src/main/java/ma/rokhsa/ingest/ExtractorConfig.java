package ma.rokhsa.ingest;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Configuration of a {@link TikaExtractor}. Immutable; start from {@link #defaults()} and change what
 * differs with the {@code with...} methods.
 *
 * @param threads          documents extracted at once (threads of the extractor's scheduler, and worker
 *                         processes in {@link Isolation#FORKED} mode); default: number of cores
 * @param queueCapacity    extractions that may wait, per thread, before {@code extract} fails with
 *                         {@link IngestException#EXTRACTOR_BUSY} (the bounded scheduler's per-thread task queue)
 * @param timeout          per-document time limit (detection, inspection, parsing and OCR together)
 * @param maxTextChars     output-size limit: text beyond it is cut and the document gets an
 *                         {@link ProblemCode#OUTPUT_TOO_LARGE} warning
 * @param ocrEnabled       use Tesseract when the document kind allows OCR and tesseract is installed
 * @param ocrLanguages     Tesseract languages, {@code +}-separated; every one must be installed or OCR is off
 * @param tesseractCommand name (looked up on the PATH) or absolute path of the tesseract executable
 * @param ocrDpi           resolution pages are rendered at for OCR; 0 picks each document's scan resolution
 *                         (clamped to 100..300), which reads browser-made scans best and fastest
 * @param isolation        run parsers in this JVM or in child JVMs
 * @param forkJvmOptions   JVM options of each worker process (heap limit first of all)
 * @param forkCommand      full command starting a worker ({@code java ... ma.rokhsa.ingest.ExtractionWorker});
 *                         empty means this JVM's java with its class path and {@code forkJvmOptions}
 * @param forkMaxDocuments documents a worker process extracts before it is replaced (bounds slow leaks)
 */
public record ExtractorConfig(int threads, int queueCapacity, Duration timeout, int maxTextChars,
                              boolean ocrEnabled, String ocrLanguages, String tesseractCommand, int ocrDpi,
                              Isolation isolation, List<String> forkJvmOptions, List<String> forkCommand,
                              int forkMaxDocuments) {

    /** Where parsers run. */
    public enum Isolation {
        /** In this JVM: fastest; a time limit stops a parse at its next output, but a parser stuck
         *  without output, or one exhausting the heap, hurts the whole service. */
        IN_PROCESS,
        /** In child JVMs with their own heap limit, killed at the time limit and replaced after a crash:
         *  a hostile document cannot take the service down. */
        FORKED
    }

    public ExtractorConfig {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(isolation, "isolation");
        ocrLanguages = ocrLanguages == null || ocrLanguages.isBlank() ? "ara+fra" : ocrLanguages.trim();
        tesseractCommand = tesseractCommand == null || tesseractCommand.isBlank() ? "tesseract" : tesseractCommand;
        forkJvmOptions = forkJvmOptions == null ? List.of() : List.copyOf(forkJvmOptions);
        forkCommand = forkCommand == null ? List.of() : List.copyOf(forkCommand);
        if (threads < 1 || queueCapacity < 1 || maxTextChars < 1 || forkMaxDocuments < 1) {
            throw new IngestException(IngestException.INVALID_CONFIG,
                    "threads, queueCapacity, maxTextChars and forkMaxDocuments must be at least 1");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IngestException(IngestException.INVALID_CONFIG, "timeout must be positive");
        }
        if (ocrDpi != 0 && (ocrDpi < 50 || ocrDpi > 600)) {
            throw new IngestException(IngestException.INVALID_CONFIG, "ocrDpi must be 0 (auto) or 50..600");
        }
        if (!ocrLanguages.matches("[A-Za-z_]+(\\+[A-Za-z_]+)*")) {
            throw new IngestException(IngestException.INVALID_CONFIG, "ocrLanguages must look like ara+fra");
        }
    }

    /** Cores threads, 1,000 queued per thread, 120 s per document, 5 million characters of text, OCR in
     *  ara+fra at the scan's own resolution, in process; forked workers (when chosen) with a 768 MB heap,
     *  replaced every 1,000 documents (a new worker JVM runs 3-4 times slower until its JIT has warmed up). */
    public static ExtractorConfig defaults() {
        return new ExtractorConfig(Runtime.getRuntime().availableProcessors(), 1000, Duration.ofSeconds(120),
                5_000_000, true, "ara+fra", "tesseract", 0, Isolation.IN_PROCESS,
                List.of("-Xmx768m", "-Xss4m", "-XX:+ExitOnOutOfMemoryError", "-XX:+UseSerialGC",
                        "-XX:-UsePerfData", "-Djava.awt.headless=true"),
                List.of(), 1000);
    }

    public ExtractorConfig withThreads(int n) {
        return new ExtractorConfig(n, queueCapacity, timeout, maxTextChars, ocrEnabled, ocrLanguages,
                tesseractCommand, ocrDpi, isolation, forkJvmOptions, forkCommand, forkMaxDocuments);
    }

    public ExtractorConfig withTimeout(Duration t) {
        return new ExtractorConfig(threads, queueCapacity, t, maxTextChars, ocrEnabled, ocrLanguages,
                tesseractCommand, ocrDpi, isolation, forkJvmOptions, forkCommand, forkMaxDocuments);
    }

    public ExtractorConfig withMaxTextChars(int n) {
        return new ExtractorConfig(threads, queueCapacity, timeout, n, ocrEnabled, ocrLanguages,
                tesseractCommand, ocrDpi, isolation, forkJvmOptions, forkCommand, forkMaxDocuments);
    }

    public ExtractorConfig withOcr(boolean enabled, String languages, String command) {
        return new ExtractorConfig(threads, queueCapacity, timeout, maxTextChars, enabled, languages, command,
                ocrDpi, isolation, forkJvmOptions, forkCommand, forkMaxDocuments);
    }

    public ExtractorConfig withOcrDpi(int dpi) {
        return new ExtractorConfig(threads, queueCapacity, timeout, maxTextChars, ocrEnabled, ocrLanguages,
                tesseractCommand, dpi, isolation, forkJvmOptions, forkCommand, forkMaxDocuments);
    }

    public ExtractorConfig withIsolation(Isolation mode) {
        return new ExtractorConfig(threads, queueCapacity, timeout, maxTextChars, ocrEnabled, ocrLanguages,
                tesseractCommand, ocrDpi, mode, forkJvmOptions, forkCommand, forkMaxDocuments);
    }

    public ExtractorConfig withFork(List<String> jvmOptions, List<String> command, int maxDocuments) {
        return new ExtractorConfig(threads, queueCapacity, timeout, maxTextChars, ocrEnabled, ocrLanguages,
                tesseractCommand, ocrDpi, isolation, jvmOptions, command, maxDocuments);
    }

    public ExtractorConfig withQueueCapacity(int n) {
        return new ExtractorConfig(threads, n, timeout, maxTextChars, ocrEnabled, ocrLanguages, tesseractCommand,
                ocrDpi, isolation, forkJvmOptions, forkCommand, forkMaxDocuments);
    }
}
