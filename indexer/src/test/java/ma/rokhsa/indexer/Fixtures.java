package ma.rokhsa.indexer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/** Test documents: real extracted texts from src/test/resources/fixtures and builders around them. */
final class Fixtures {

    private Fixtures() {
    }

    static String text(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static DossierFields dossier(String id, String reference, String type, String status, String commune,
                                 String communeName, String architect, Set<String> organisations, String filedDay) {
        return new DossierFields(id, reference, type, status, commune, communeName, "P-" + commune,
                "Mohamed Alaoui", architect, organisations, Instant.parse(filedDay + "T10:00:00Z"),
                Instant.parse(filedDay + "T10:00:00Z"));
    }

    static IndexedDocument document(String id, DossierFields dossier, String fileName, String kind, String language, String text) {
        return new IndexedDocument(id, dossier, fileName, kind, "application/pdf", language, null, text,
                Map.of("producer", "test"), 1, Instant.parse("2026-03-01T09:00:00Z"));
    }
}
