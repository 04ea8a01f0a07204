package ma.rokhsa.api.signing;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import ma.rokhsa.api.upload.BlobStore;
import ma.rokhsa.api.web.ApiProblem;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * PDFs the platform issues (receipts, opinions, decisions, certificates): bytes in the blob store, a row
 * by public reference, so anyone holding the reference can have the document verified.
 */
@Component
public class IssuedDocuments {

    /** One issued document. */
    public record Issued(String reference, UUID dossierId, String kind, String sha256, long size, boolean signed,
                         OffsetDateTime createdAt) {
    }

    private final DatabaseClient db;
    private final BlobStore blobs;
    private final Clock clock;

    public IssuedDocuments(DatabaseClient db, BlobStore blobs, Clock clock) {
        this.db = db;
        this.blobs = blobs;
        this.clock = clock;
    }

    /**
     * Stores the bytes and records the reference (run the returned Mono inside the caller's transaction). Issued
     * documents are never replaced: a second one under the same reference (a double click on sign) is refused.
     */
    public Mono<Issued> record(String reference, UUID dossierId, String kind, byte[] pdf, boolean signed) {
        return save(reference, dossierId, kind, pdf, signed, "ON CONFLICT (reference) DO NOTHING")
                .switchIfEmpty(Mono.error(() -> ApiProblem.conflict("ALREADY_ISSUED",
                        "Document " + reference + " is already issued; an issued document is never replaced.")));
    }

    /** Records or replaces an unsigned draft (a decision's preview); a signed document under that reference stays. */
    public Mono<Issued> recordDraft(String reference, UUID dossierId, String kind, byte[] pdf) {
        return save(reference, dossierId, kind, pdf, false, """
                ON CONFLICT (reference) DO UPDATE SET sha256 = excluded.sha256, size = excluded.size
                WHERE issued_document.signed = false""")
                .switchIfEmpty(Mono.error(() -> ApiProblem.conflict("ALREADY_ISSUED", "Document " + reference + " is signed already.")));
    }

    private Mono<Issued> save(String reference, UUID dossierId, String kind, byte[] pdf, boolean signed, String onConflict) {
        return blobs.putBytes(pdf).flatMap(sha -> db.sql("""
                        INSERT INTO issued_document (reference, dossier_id, kind, sha256, size, signed, created_at)
                        VALUES (:r, :d, :k, :s, :n, :signed, :now)
                        """ + onConflict + " RETURNING *")
                .bind("r", reference).bind("d", dossierId).bind("k", kind).bind("s", sha).bind("n", (long) pdf.length)
                .bind("signed", signed).bind("now", OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))
                .map((row, m) -> toIssued(row)).one());
    }

    public Mono<Issued> find(String reference) {
        return db.sql("SELECT * FROM issued_document WHERE reference = :r").bind("r", reference).map((row, m) -> toIssued(row)).one();
    }

    public Flux<Issued> ofDossier(UUID dossierId) {
        return db.sql("SELECT * FROM issued_document WHERE dossier_id = :d ORDER BY created_at").bind("d", dossierId)
                .map((row, m) -> toIssued(row)).all();
    }

    public Mono<byte[]> content(Issued issued) {
        return blobs.readBytes(issued.sha256());
    }

    private static Issued toIssued(io.r2dbc.spi.Row r) {
        return new Issued(r.get("reference", String.class), r.get("dossier_id", UUID.class), r.get("kind", String.class),
                r.get("sha256", String.class), r.get("size", Long.class), Boolean.TRUE.equals(r.get("signed", Boolean.class)),
                r.get("created_at", OffsetDateTime.class));
    }
}
