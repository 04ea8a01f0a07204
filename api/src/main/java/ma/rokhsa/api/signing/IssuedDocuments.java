package ma.rokhsa.api.signing;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import ma.rokhsa.api.upload.BlobStore;
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

    /** Stores the bytes and records the reference (run the returned Mono inside the caller's transaction). */
    public Mono<Issued> record(String reference, UUID dossierId, String kind, byte[] pdf, boolean signed) {
        return blobs.putBytes(pdf).flatMap(sha -> db.sql("""
                        INSERT INTO issued_document (reference, dossier_id, kind, sha256, size, signed, created_at)
                        VALUES (:r, :d, :k, :s, :n, :signed, :now)
                        ON CONFLICT (reference) DO UPDATE SET sha256 = excluded.sha256, size = excluded.size, signed = excluded.signed
                        RETURNING *""")
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
