package ma.rokhsa.api.dossier;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A dossier row with its place names. */
public record DossierRecord(UUID id, String reference, String type, String communeCode, String communeName,
                            String provinceCode, String title, String applicantJson, UUID architectId,
                            String architectUsername, DossierStatus status, OffsetDateTime createdAt,
                            OffsetDateTime updatedAt, OffsetDateTime submittedAt,
                            String receiptReference) {
}
