package ma.rokhsa.api.extraction;

import java.util.HashSet;
import java.util.Set;

import ma.rokhsa.api.reference.Catalog;
import ma.rokhsa.ingest.ExtractorConfig;
import ma.rokhsa.ingest.KindRule;
import ma.rokhsa.ingest.TikaExtractor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the ingest library: one extractor (its own bounded, named scheduler) and the kind rules from the catalog. */
@Configuration
@EnableConfigurationProperties(ExtractionProperties.class)
class IngestConfig {

    private static final Logger log = LoggerFactory.getLogger(IngestConfig.class);

    @Bean(destroyMethod = "close")
    TikaExtractor tikaExtractor(ExtractionProperties p) {
        ExtractorConfig c = ExtractorConfig.defaults()
                .withTimeout(p.timeout())
                .withMaxTextChars(p.maxTextChars())
                .withOcr(p.ocr(), p.ocrLanguages(), p.tesseractCommand())
                .withIsolation(ExtractorConfig.Isolation.valueOf(p.isolation()));
        if (p.threads() > 0) {
            c = c.withThreads(p.threads());
        }
        TikaExtractor extractor = TikaExtractor.create(c);
        log.info("Extraction: {} thread(s), timeout {}, isolation {}; OCR: {}", c.threads(), c.timeout(), c.isolation(),
                extractor.ocrStatus());
        return extractor;
    }

    @Bean
    KindRules kindRules(Catalog catalog) {
        return new KindRules(catalog);
    }

    /** The ingest rules of each document kind of the catalog. */
    static final class KindRules {
        private final java.util.Map<String, KindRule> rules = new java.util.HashMap<>();

        KindRules(Catalog catalog) {
            catalog.kinds().forEach((code, k) -> {
                Set<String> types = new HashSet<>(k.acceptedTypes());
                rules.put(code, new KindRule(code, types, k.minPages(), k.maxPages(), Set.of(), k.maxSheetMm(),
                        k.textRequired(), k.ocrAllowed(), Long.MAX_VALUE));
            });
        }

        KindRule of(String kind) {
            KindRule r = rules.get(kind);
            if (r == null) {
                throw new IllegalArgumentException("no rule for kind " + kind);
            }
            return r;
        }
    }
}
