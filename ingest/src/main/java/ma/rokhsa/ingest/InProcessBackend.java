package ma.rokhsa.ingest;

import java.nio.file.Path;
import java.time.Duration;

/** Runs the {@link ExtractionEngine} in the calling thread. */
final class InProcessBackend implements ExtractionBackend {

    private final ExtractionEngine engine;

    InProcessBackend(ExtractorConfig config, TesseractProbe.OcrSupport ocr) {
        this.engine = new ExtractionEngine(config, ocr);
    }

    @Override
    public Extraction extract(Path file, String fileName, KindRule rule, Duration timeout) {
        return engine.extract(file, fileName, rule, System.nanoTime() + timeout.toNanos());
    }

    @Override
    public void warmUp() {
        // the parser was built with the engine
    }

    @Override
    public void close() {
        // nothing held
    }
}
