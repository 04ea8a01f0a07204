package ma.rokhsa.ingest;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.PDF;
import org.apache.tika.metadata.PagedText;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.sax.BodyContentHandler;

/**
 * Bare-Tika baseline for benchmarks: extracts files with a plain {@link AutoDetectParser} and
 * {@link BodyContentHandler} on N threads, with the same Tika configuration as the pipeline (same
 * parsers, same Tesseract and languages, OCR strategy AUTO for PDFs when OCR is on, Tika's default OCR
 * resolution unless {@code ocrDpi} is fixed), and nothing else: no type gate, no PDF inspection, no
 * normalisation, no limits. Run it in the same JVM as the pipeline to compare the two.
 *
 * <p>Blocking; run it from a test or {@link #main}, never on an event loop.
 */
public final class TikaBaseline {

    /** Throughput of one run. {@code ocrPages} counts pages (or images) sent to OCR. */
    public record Report(int documents, int failures, long pages, long ocrPages, Duration elapsed, int threads) {

        public double documentsPerSecond() {
            return documents / seconds();
        }

        public double pagesPerSecond() {
            return pages / seconds();
        }

        public double ocrPagesPerSecond() {
            return ocrPages / seconds();
        }

        private double seconds() {
            return Math.max(1e-9, elapsed.toNanos() / 1e9);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%d documents (%d failed), %d pages (%d OCR) in %.2f s on %d threads:"
                            + " %.1f documents/s, %.1f pages/s, %.2f OCR pages/s", documents, failures, pages,
                    ocrPages, seconds(), threads, documentsPerSecond(), pagesPerSecond(), ocrPagesPerSecond());
        }
    }

    private static final String TESSERACT = "org.apache.tika.parser.ocr.TesseractOCRParser";

    private final AutoDetectParser parser;
    private final TesseractProbe.OcrSupport ocr;
    private final int ocrDpi;

    /** Builds the parser once (blocking, about a second) with the pipeline's configuration. */
    public TikaBaseline(ExtractorConfig config) {
        this.ocr = TesseractProbe.probe(config);
        this.parser = TikaParsers.create(ocr);
        this.ocrDpi = config.ocrDpi();
    }

    /** Extracts every file once on {@code threads} threads; a file that fails counts as a failure. */
    public Report run(List<Path> files, int threads) {
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "rokhsa-baseline");
            t.setDaemon(true);
            return t;
        });
        AtomicInteger failures = new AtomicInteger();
        AtomicLong pages = new AtomicLong();
        AtomicLong ocrPages = new AtomicLong();
        long start = System.nanoTime();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (Path file : files) {
                futures.add(pool.submit(() -> {
                    Metadata md = new Metadata();
                    md.set(TikaCoreProperties.RESOURCE_NAME_KEY, file.getFileName().toString());
                    ParseContext context = TikaParsers.context(parser, ocr, true, ocrDpi);
                    try (TikaInputStream in = TikaInputStream.get(file)) {
                        parser.parse(in, new BodyContentHandler(-1), md, context);
                    } catch (Exception e) {
                        failures.incrementAndGet();
                    }
                    String n = md.get(PagedText.N_PAGES);
                    boolean image = String.valueOf(md.get(Metadata.CONTENT_TYPE)).startsWith("image/");
                    pages.addAndGet(n != null ? Long.parseLong(n) : 1);
                    String ocrCount = md.get(PDF.OCR_PAGE_COUNT);
                    ocrPages.addAndGet(ocrCount != null ? Long.parseLong(ocrCount) : (image && java.util.Arrays.asList(
                            md.getValues(TikaCoreProperties.TIKA_PARSED_BY)).contains(TESSERACT) ? 1 : 0));
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (Exception e) {
            throw new IngestException(IngestException.FILE_UNREADABLE, "Baseline run failed: " + e, e);
        } finally {
            pool.shutdownNow();
        }
        return new Report(files.size(), failures.get(), pages.get(), ocrPages.get(),
                Duration.ofNanos(System.nanoTime() - start), threads);
    }

    /**
     * {@code java -cp <class path> ma.rokhsa.ingest.TikaBaseline <threads> <rounds> <file>...}: prints one
     * report per round (the first warms up the JVM).
     */
    public static void main(String[] args) {
        if (args.length < 3) {
            System.err.println("usage: TikaBaseline <threads> <rounds> <file>...");
            System.exit(2);
        }
        int threads = Integer.parseInt(args[0]);
        int rounds = Integer.parseInt(args[1]);
        List<Path> files = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            files.add(Path.of(args[i]));
        }
        TikaBaseline baseline = new TikaBaseline(ExtractorConfig.defaults());
        for (int r = 1; r <= rounds; r++) {
            System.out.println("round " + r + ": " + baseline.run(files, threads));
        }
    }
}
