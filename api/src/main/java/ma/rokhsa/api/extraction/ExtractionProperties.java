package ma.rokhsa.api.extraction;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Extraction settings: parser threads, limits per document, OCR, and parser isolation. */
@ConfigurationProperties("rokhsa.extraction")
public record ExtractionProperties(
        /** Parser threads (0: one per core). */
        @DefaultValue("0") int threads,
        @DefaultValue("120s") Duration timeout,
        @DefaultValue("5000000") int maxTextChars,
        @DefaultValue("true") boolean ocr,
        @DefaultValue("ara+fra") String ocrLanguages,
        @DefaultValue("tesseract") String tesseractCommand,
        /** IN_PROCESS, or FORKED: parsers in child JVMs so a runaway parser cannot take the service down. */
        @DefaultValue("IN_PROCESS") String isolation) {
}
