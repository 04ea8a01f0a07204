package ma.rokhsa.api.dossier;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Dossiers and documents in PostgreSQL, always read through a {@link Scope}. Non-blocking (R2DBC). */
@Component
public class R2dbcDossierStore {

    private static final String DOSSIER_SELECT = """
            SELECT d.*, c.name_fr AS commune_name, c.province_code, u.username AS architect_username
            FROM dossier d JOIN commune c ON c.code = d.commune_code JOIN app_user u ON u.id = d.architect_id
            """;

    /** The optional filters of a list: each applies when its parameter is given. */
    private static final String FILTERS = " AND (:status::text IS NULL OR d.status = :status)"
            + " AND (:commune::text IS NULL OR d.commune_code = :commune)"
            + " AND (:type::text IS NULL OR d.type = :type)";

    private final DatabaseClient db;
    /** Creation and change times are the application's time, like submissions and deadlines. */
    private final Clock clock;

    public R2dbcDossierStore(DatabaseClient db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    /** Hands out the next reference of a commune for a year: {@code BML-2026-000042}. */
    public Mono<String> nextReference(String communeCode, int year) {
        return db.sql("""
                INSERT INTO dossier_sequence (commune_code, year, last_value) VALUES (:c, :y, 1)
                ON CONFLICT (commune_code, year) DO UPDATE SET last_value = dossier_sequence.last_value + 1
                RETURNING last_value""")
                .bind("c", communeCode).bind("y", year)
                .map(r -> r.get("last_value", Integer.class)).one()
                .map(n -> "%s-%d-%06d".formatted(communeCode, year, n));
    }

    public Mono<Void> insert(UUID id, String reference, String type, String communeCode, String title,
                             String applicantJson, UUID architectId) {
        return db.sql("""
                INSERT INTO dossier (id, reference, type, commune_code, title, applicant, architect_id, status, created_at, updated_at)
                VALUES (:id, :ref, :type, :commune, :title, :applicant, :architect, 'DRAFT', :now, :now)""")
                .bind("now", now()).bind("id", id).bind("ref", reference).bind("type", type).bind("commune", communeCode)
                .bind("title", title).bind("applicant", Json.of(applicantJson)).bind("architect", architectId)
                .then();
    }

    public Mono<DossierRecord> find(UUID id, Scope scope) {
        var spec = db.sql(DOSSIER_SELECT + " WHERE d.id = :id AND (" + scope.condition() + ")").bind("id", id);
        for (var b : scope.binds().entrySet()) {
            spec = spec.bind(b.getKey(), b.getValue());
        }
        return spec.map(R2dbcDossierStore::toDossier).one();
    }

    /** Reads a dossier without scoping, for pipeline stages (which act for the system, not a person). */
    public Mono<DossierRecord> findForSystem(UUID id) {
        return db.sql(DOSSIER_SELECT + " WHERE d.id = :id").bind("id", id).map(R2dbcDossierStore::toDossier).one();
    }

    /** Locks the dossier row for the rest of the transaction (serialises state changes of one dossier) and reads it. */
    public Mono<DossierRecord> lock(UUID id) {
        return readLocked(id, "FOR UPDATE");
    }

    /**
     * Reads the dossier and holds it in share mode for the rest of the transaction: for changes to one of
     * its documents. Document changes of one dossier proceed side by side; a dossier-level change
     * ({@link #lock}) waits for them, and they wait for it, so a submission never sees a document half-way.
     */
    public Mono<DossierRecord> share(UUID id) {
        return readLocked(id, "FOR SHARE");
    }

    private Mono<DossierRecord> readLocked(UUID id, String lockMode) {
        return db.sql(DOSSIER_SELECT + " WHERE d.id = :id " + lockMode + " OF d").bind("id", id)
                .map(R2dbcDossierStore::toDossier).one();
    }

    public Flux<DossierRecord> list(Scope scope, String status, String communeCode, String type, int page, int size) {
        var spec = db.sql(DOSSIER_SELECT + " WHERE (" + scope.condition() + ")" + FILTERS
                        + " ORDER BY d.created_at DESC, d.id LIMIT :limit OFFSET :offset")
                .bind("status", Parameter.fromOrEmpty(status, String.class))
                .bind("commune", Parameter.fromOrEmpty(communeCode, String.class))
                .bind("type", Parameter.fromOrEmpty(type, String.class))
                .bind("limit", size).bind("offset", (long) page * size);
        for (var b : scope.binds().entrySet()) {
            spec = spec.bind(b.getKey(), b.getValue());
        }
        return spec.map(R2dbcDossierStore::toDossier).all();
    }

    public Mono<Long> count(Scope scope, String status, String communeCode, String type) {
        var spec = db.sql("SELECT count(*) AS n FROM dossier d WHERE (" + scope.condition() + ")" + FILTERS)
                .bind("status", Parameter.fromOrEmpty(status, String.class))
                .bind("commune", Parameter.fromOrEmpty(communeCode, String.class))
                .bind("type", Parameter.fromOrEmpty(type, String.class));
        for (var b : scope.binds().entrySet()) {
            spec = spec.bind(b.getKey(), b.getValue());
        }
        return spec.map(r -> r.get("n", Long.class)).one();
    }

    /** Moves a dossier to a new status if it is in one of the expected ones; returns whether it moved. */
    public Mono<Boolean> transition(UUID id, List<DossierStatus> from, DossierStatus to) {
        return db.sql("UPDATE dossier SET status = :to, updated_at = :now WHERE id = :id AND status = ANY(:from)")
                .bind("to", to.name()).bind("now", now()).bind("id", id)
                .bind("from", from.stream().map(Enum::name).toArray(String[]::new))
                .fetch().rowsUpdated().map(n -> n > 0);
    }

    /** Submission: the status moves and the first submission time is kept (legal time, from the application clock). */
    public Mono<Boolean> submitted(UUID id, List<DossierStatus> from, java.time.Instant at) {
        return db.sql("UPDATE dossier SET status = 'SUBMITTED', updated_at = :at, submitted_at = coalesce(submitted_at, :at)"
                        + " WHERE id = :id AND status = ANY(:from)")
                .bind("at", java.time.OffsetDateTime.ofInstant(at, java.time.ZoneOffset.UTC)).bind("id", id)
                .bind("from", from.stream().map(Enum::name).toArray(String[]::new))
                .fetch().rowsUpdated().map(n -> n > 0);
    }

    public Mono<Void> setReceipt(UUID id, String receiptReference) {
        return db.sql("UPDATE dossier SET receipt_reference = :r WHERE id = :id").bind("r", receiptReference).bind("id", id).then();
    }

    // ---- documents

    /** The dossier's latest return for completion (reasons, who, when), if it was ever returned. */
    public Mono<Views.LastReturn> lastReturn(UUID dossierId) {
        return db.sql("""
                SELECT ARRAY(SELECT jsonb_array_elements_text(r.reasons)) AS reasons, r.returned_at, u.username
                FROM dossier_return r JOIN app_user u ON u.id = r.returned_by
                WHERE r.dossier_id = :d ORDER BY r.id DESC LIMIT 1""")
                .bind("d", dossierId)
                .map(r -> new Views.LastReturn(List.of(r.get("reasons", String[].class)),
                        r.get("username", String.class), r.get("returned_at", OffsetDateTime.class)))
                .one();
    }

    public Flux<DocumentRecord> documents(UUID dossierId) {
        return db.sql("SELECT * FROM document WHERE dossier_id = :d ORDER BY created_at, id")
                .bind("d", dossierId).map(R2dbcDossierStore::toDocument).all();
    }

    public Mono<DocumentRecord> document(UUID id) {
        return db.sql("SELECT * FROM document WHERE id = :id").bind("id", id).map(R2dbcDossierStore::toDocument).one();
    }

    /** The document of a dossier with this content and kind (a failed one does not count: it may be uploaded again). */
    public Mono<DocumentRecord> documentBySha(UUID dossierId, String sha256, String kind) {
        return db.sql("SELECT * FROM document WHERE dossier_id = :d AND sha256 = :s AND kind = :k AND status <> 'FAILED'"
                        + " ORDER BY created_at LIMIT 1")
                .bind("d", dossierId).bind("s", sha256).bind("k", kind).map(R2dbcDossierStore::toDocument).one();
    }

    /** Records a document whose file is in the blob store (STORED); empty when the dossier already has this content as this kind. */
    public Mono<DocumentRecord> insertDocument(UUID id, UUID dossierId, String kind, String fileName, String declaredType,
                                               String detectedType, long size, String sha256, UUID uploadedBy) {
        return db.sql("""
                INSERT INTO document (id, dossier_id, kind, file_name, declared_type, detected_type, size, sha256, status, uploaded_by,
                                      created_at, updated_at)
                VALUES (:id, :d, :kind, :name, :declared, :detected, :size, :sha, 'STORED', :by, :now, :now)
                ON CONFLICT (dossier_id, sha256, kind) WHERE status <> 'FAILED' DO NOTHING
                RETURNING *""")
                .bind("id", id).bind("d", dossierId).bind("kind", kind).bind("name", fileName)
                .bind("declared", Parameter.fromOrEmpty(declaredType, String.class))
                .bind("detected", Parameter.fromOrEmpty(detectedType, String.class))
                .bind("size", size).bind("sha", sha256).bind("by", uploadedBy).bind("now", now())
                .map(R2dbcDossierStore::toDocument).one();
    }

    /** Moves a document between statuses; returns false when it was not in {@code from} (already done). */
    public Mono<Boolean> documentTransition(UUID id, DocumentStatus from, DocumentStatus to) {
        return db.sql("UPDATE document SET status = :to, updated_at = :now WHERE id = :id AND status = :from")
                .bind("to", to.name()).bind("now", now()).bind("id", id).bind("from", from.name())
                .fetch().rowsUpdated().map(n -> n > 0);
    }

    /** Marks a document failed whatever its stage (the pipeline gave up), keeping the last error as a problem. */
    public Mono<Boolean> documentFailed(UUID id, String problemsJson) {
        return db.sql("""
                UPDATE document SET status = 'FAILED', problems = :problems, updated_at = :now
                WHERE id = :id AND status NOT IN ('VALID', 'REJECTED', 'INDEXED', 'FAILED')""")
                .bind("id", id).bind("now", now()).bind("problems", Json.of(problemsJson))
                .fetch().rowsUpdated().map(n -> n > 0);
    }

    static DossierRecord toDossier(Readable r) {
        return new DossierRecord(r.get("id", UUID.class), r.get("reference", String.class), r.get("type", String.class),
                r.get("commune_code", String.class), r.get("commune_name", String.class), r.get("province_code", String.class),
                r.get("title", String.class), r.get("applicant", Json.class).asString(), r.get("architect_id", UUID.class),
                r.get("architect_username", String.class), DossierStatus.valueOf(r.get("status", String.class)),
                r.get("created_at", OffsetDateTime.class), r.get("updated_at", OffsetDateTime.class),
                r.get("submitted_at", OffsetDateTime.class), r.get("receipt_reference", String.class));
    }

    public static DocumentRecord toDocument(Readable r) {
        Json meta = r.get("metadata", Json.class);
        return new DocumentRecord(r.get("id", UUID.class), r.get("dossier_id", UUID.class), r.get("kind", String.class),
                r.get("file_name", String.class), r.get("declared_type", String.class), r.get("detected_type", String.class),
                r.get("size", Long.class), r.get("sha256", String.class), DocumentStatus.valueOf(r.get("status", String.class)),
                r.get("problems", Json.class).asString(), meta == null ? null : meta.asString(),
                r.get("created_at", OffsetDateTime.class), r.get("updated_at", OffsetDateTime.class));
    }
}
