package ma.rokhsa.api.dossier;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A document row. {@code problemsJson} and {@code metadataJson} are raw JSON from PostgreSQL. */
public record DocumentRecord(UUID id, UUID dossierId, String kind, String fileName, String declaredType,
                             String detectedType, long size, String sha256, DocumentStatus status,
                             String problemsJson, String metadataJson, OffsetDateTime createdAt, OffsetDateTime updatedAt) {
}
