package ma.rokhsa.api.dossier;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

/** The JSON shapes of the dossier API. */
public final class Views {

    private Views() {
    }

    public record DossierSummary(UUID id, String reference, String type, String communeCode, String communeName,
                                 String title, String status, String architect, OffsetDateTime createdAt,
                                 OffsetDateTime submittedAt) {
    }

    public record DossierView(UUID id, String reference, String type, String typeName, String communeCode,
                              String communeName, String provinceCode, String title, JsonNode applicant,
                              String architect, String status, OffsetDateTime createdAt, OffsetDateTime updatedAt,
                              OffsetDateTime submittedAt, String receipt, List<DocumentView> documents, LastReturn lastReturn) {
    }

    /** The latest return for completion: what the one-stop shop asked for, who, when (null if never returned). */
    public record LastReturn(List<String> reasons, String returnedBy, OffsetDateTime returnedAt) {
    }

    public record DocumentView(UUID id, UUID dossierId, String fileName, String kind, long size, String sha256,
                               String status, String declaredType, String detectedType, List<Problem> problems,
                               JsonNode metadata, OffsetDateTime createdAt, OffsetDateTime updatedAt) {
    }

    public record ChecklistView(UUID dossierId, String reference, String type, boolean complete,
                                List<ChecklistItem> items, List<String> missing, List<String> invalid, List<String> pending) {
    }

    /**
     * One kind of the checklist. {@code state}: VALID (a valid document is there), PENDING (documents
     * still in the pipeline), REJECTED (only rejected or failed documents), MISSING (nothing uploaded).
     */
    public record ChecklistItem(String kind, String name, String nameAr, boolean required, List<String> acceptedTypes,
                                String state, List<UUID> documents) {
    }

    public record Page<T>(List<T> items, int page, int size, long total) {
    }
}
