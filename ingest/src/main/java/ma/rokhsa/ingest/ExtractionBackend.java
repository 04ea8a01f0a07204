package ma.rokhsa.ingest;

import java.nio.file.Path;
import java.time.Duration;

/** Where extraction runs: in this JVM or in worker processes. Blocking, thread-safe. */
interface ExtractionBackend extends AutoCloseable {

    /** Extracts one document within {@code timeout}, counted from when the work really starts. */
    Extraction extract(Path file, String fileName, KindRule rule, Duration timeout);

    /** Loads whatever the first extraction would otherwise wait for. */
    void warmUp();

    @Override
    void close();
}
