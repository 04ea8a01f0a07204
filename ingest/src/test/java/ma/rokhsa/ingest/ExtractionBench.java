package ma.rokhsa.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import reactor.core.publisher.Flux;

/**
 * Throughput of extraction + validation against bare Tika on the same files, in the same JVM, with the
 * same number of threads; in process and with worker processes; and OCR pages per second.
 * Run: {@code ./mvnw -B -Pbench -pl ingest verify} (threads: {@code -Drokhsa.bench.threads=2},
 * rounds: {@code -Drokhsa.bench.rounds=30}). Prints a table and writes it to {@code target/ingest-bench.txt}.
 */
class ExtractionBench {

    @TempDir
    static Path dir;

    private final int threads = Integer.getInteger("rokhsa.bench.threads", 2);
    private final int rounds = Integer.getInteger("rokhsa.bench.rounds", 30);
    private final List<String> lines = new ArrayList<>();

    record Run(String name, int documents, long pages, long ocrPages, Duration elapsed) {
        double docsPerSecond() {
            return documents / (elapsed.toNanos() / 1e9);
        }

        double pagesPerSecond() {
            return pages / (elapsed.toNanos() / 1e9);
        }

        double ocrPagesPerSecond() {
            return ocrPages / (elapsed.toNanos() / 1e9);
        }
    }

    @Test
    void pipelineAgainstBareTika() throws IOException {
        Path dossier = dir.resolve("dossier-20p.pdf");
        FixtureFactory.textDossier(dossier, 20);
        List<Path> kinds = List.of(Fixtures.path("demande-ar.pdf"), Fixtures.path("certificat-fr.pdf"),
                Fixtures.path("restricted.pdf"), Fixtures.path("plan-a0.pdf"), dossier);
        List<Path> corpus = repeat(kinds, rounds);
        List<Path> scans = repeat(List.of(Fixtures.path("demande-ar-scan.pdf"), Fixtures.path("demande-ar-scan.jpg")),
                Integer.getInteger("rokhsa.bench.ocrRounds", 3));

        // forms with any sheet size: every check runs (text required), and the A0 plan is accepted
        KindRule rule = KindRule.forms().withSheets(java.util.Set.of(), 0);
        ExtractorConfig config = ExtractorConfig.defaults().withThreads(threads);
        TikaBaseline bare = new TikaBaseline(config);
        line("corpus: %d files x %d rounds = %d documents (browser-printed Arabic and French forms, a restricted"
                + " PDF, an A0 plan, a 20-page text dossier); %d threads; %d cores; load average %.1f",
                kinds.size(), rounds, corpus.size(), threads, Runtime.getRuntime().availableProcessors(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());

        try (TikaExtractor inProcess = TikaExtractor.create(config);
             TikaExtractor forked = TikaExtractor.create(config.withIsolation(ExtractorConfig.Isolation.FORKED))) {
            forked.warmUp().block();
            // warm-up: JIT (each worker JVM compiles on its own), font caches
            Run cold = pipeline("forked, cold workers", forked, corpus, rule);
            line("%-24s %8.1f docs/s (first pass through new worker JVMs)", cold.name(), cold.docsPerSecond());
            bare.run(corpus, threads);
            pipeline("warm-up", inProcess, corpus, rule);

            List<Run> bareRuns = new ArrayList<>();
            List<Run> inRuns = new ArrayList<>();
            List<Run> forkRuns = new ArrayList<>();
            for (int i = 0; i < 2; i++) { // interleaved, so that drift in machine load hits all three alike
                TikaBaseline.Report r = bare.run(corpus, threads);
                assertThat(r.failures()).isZero();
                bareRuns.add(new Run("bare Tika", r.documents(), r.pages(), r.ocrPages(), r.elapsed()));
                inRuns.add(pipeline("pipeline, in process", inProcess, corpus, rule));
                forkRuns.add(pipeline("pipeline, forked", forked, corpus, rule));
            }
            Run b = best(bareRuns);
            Run in = best(inRuns);
            Run fk = best(forkRuns);
            line("%-24s %8s %9s %10s", "text documents", "docs/s", "pages/s", "vs bare");
            for (Run r : List.of(b, in, fk)) {
                line("%-24s %8.1f %9.1f %10.2f", r.name(), r.docsPerSecond(), r.pagesPerSecond(),
                        r.docsPerSecond() / b.docsPerSecond());
            }

            if (inProcess.ocrAvailable()) {
                TikaBaseline.Report r = bare.run(scans, threads);
                Run bareOcr = new Run("bare Tika (300 dpi)", r.documents(), r.pages(), r.ocrPages(), r.elapsed());
                Run inOcr = pipeline("pipeline, in process", inProcess, scans, KindRule.forms());
                Run fkOcr = pipeline("pipeline, forked", forked, scans, KindRule.forms());
                line("%-24s %8s %9s %10s", "scans (OCR ara+fra)", "docs/s", "OCR p/s", "s/page");
                for (Run x : List.of(bareOcr, inOcr, fkOcr)) {
                    line("%-24s %8.2f %9.2f %10.2f", x.name(), x.docsPerSecond(), x.ocrPagesPerSecond(),
                            threads / Math.max(1e-9, x.ocrPagesPerSecond()));
                }
            } else {
                line("OCR not measured: %s", inProcess.ocrStatus());
            }
        }
        Files.write(Path.of("target", "ingest-bench.txt"), lines);
    }

    private Run pipeline(String name, TikaExtractor x, List<Path> files, KindRule rule) {
        long start = System.nanoTime();
        List<Extraction> done = Flux.fromIterable(files)
                .flatMap(f -> x.extract(f, f.getFileName().toString(), rule)
                        .map(e -> {
                            DocumentValidator.validate(e, rule);
                            return e;
                        }), threads)
                .collectList().block(Duration.ofHours(1));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(done).hasSize(files.size())
                .allSatisfy(e -> assertThat(e.status()).isEqualTo(Extraction.Status.COMPLETE));
        return new Run(name, done.size(), done.stream().mapToLong(e -> e.metadata().pageCount()).sum(),
                done.stream().mapToLong(Extraction::ocrPages).sum(), took);
    }

    private static Run best(List<Run> runs) {
        return runs.stream().min((a, b) -> a.elapsed().compareTo(b.elapsed())).orElseThrow();
    }

    private static List<Path> repeat(List<Path> files, int times) {
        List<Path> all = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            all.addAll(files);
        }
        return all;
    }

    private void line(String format, Object... args) {
        String s = String.format(Locale.ROOT, format, args);
        lines.add(s);
        System.out.println("[ingest-bench] " + s);
    }
}
