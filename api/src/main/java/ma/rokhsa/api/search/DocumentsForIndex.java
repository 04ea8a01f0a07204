package ma.rokhsa.api.search;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.UUID;

import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads what the search index holds of a document (its text and metadata with its dossier's fields)
 * from PostgreSQL, one at a time for the pipeline or all of them, streamed with a cursor, for a reindex.
 */
@Component
class DocumentsForIndex {

    private static final String SELECT = """
            SELECT doc.id, doc.file_name, doc.kind, doc.detected_type, doc.metadata, doc.created_at AS uploaded_at,
                   t.text, d.id AS dossier_id, d.reference, d.type, d.status, d.commune_code, c.name_fr AS commune_name,
                   c.province_code, d.applicant, u.username AS architect, d.submitted_at, d.created_at, d.updated_at,
                   (SELECT array_agg(organisation_code) FROM dossier_commission dc WHERE dc.dossier_id = d.id) AS organisations
            FROM document doc
            JOIN dossier d ON d.id = doc.dossier_id
            JOIN commune c ON c.code = d.commune_code
            JOIN app_user u ON u.id = d.architect_id
            LEFT JOIN document_text t ON t.document_id = doc.id
            """;

    private final DatabaseClient db;
    private final JsonMapper json;

    DocumentsForIndex(DatabaseClient db, JsonMapper json) {
        this.db = db;
        this.json = json;
    }

    Mono<ma.rokhsa.indexer.IndexedDocument> one(UUID documentId) {
        return db.sql(SELECT + " WHERE doc.id = :id").bind("id", documentId).map(this::toIndexed).one();
    }

    /** Every valid document, oldest first, read with a cursor (bounded memory whatever the table size). */
    Flux<ma.rokhsa.indexer.IndexedDocument> all() {
        return db.sql(SELECT + " WHERE doc.status IN ('VALID', 'INDEXED') ORDER BY doc.created_at")
                .filter((statement, next) -> next.execute(statement.fetchSize(200)))
                .map(this::toIndexed).all();
    }

    private ma.rokhsa.indexer.IndexedDocument toIndexed(Readable r) {
        Json metaJson = r.get("metadata", Json.class);
        JsonNode meta = metaJson == null ? null : json.readTree(metaJson.asString());
        String[] orgs = r.get("organisations", String[].class);
        ma.rokhsa.indexer.DossierFields fields = new ma.rokhsa.indexer.DossierFields(
                r.get("dossier_id", UUID.class).toString(), r.get("reference", String.class), r.get("type", String.class),
                r.get("status", String.class), r.get("commune_code", String.class), r.get("commune_name", String.class),
                r.get("province_code", String.class), json.readTree(r.get("applicant", Json.class).asString()).path("name").asString(""),
                r.get("architect", String.class), orgs == null ? java.util.Set.of() : new HashSet<>(Arrays.asList(orgs)),
                instant(r.get("submitted_at", OffsetDateTime.class), r.get("created_at", OffsetDateTime.class)),
                instant(r.get("updated_at", OffsetDateTime.class), r.get("created_at", OffsetDateTime.class)));
        String text = r.get("text", String.class);
        return new ma.rokhsa.indexer.IndexedDocument(r.get("id", UUID.class).toString(), fields, r.get("file_name", String.class),
                r.get("kind", String.class), r.get("detected_type", String.class),
                meta == null ? null : meta.path("language").asString(null),
                meta == null ? null : meta.path("title").asString(null),
                text == null ? "" : text, Map.of(),
                meta == null || !meta.path("pageCount").isNumber() ? null : meta.path("pageCount").asInt(),
                r.get("uploaded_at", OffsetDateTime.class).toInstant());
    }

    private static Instant instant(OffsetDateTime t, OffsetDateTime fallback) {
        return (t == null ? fallback : t).toInstant();
    }
}
