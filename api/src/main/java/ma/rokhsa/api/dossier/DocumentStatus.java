package ma.rokhsa.api.dossier;

/** Where a document stands in the pipeline. */
public enum DocumentStatus {
    /** Bytes received and durably on disk; waiting for the store stage. */
    RECEIVED,
    /** In the content-addressed blob store. */
    STORED,
    /** Text and metadata extracted. */
    EXTRACTED,
    /** Passed validation for its kind. */
    VALID,
    /** Failed validation; its problems say why. */
    REJECTED,
    /** Valid and searchable. */
    INDEXED,
    /** The pipeline gave up after repeated errors; its problems keep the last one. */
    FAILED;

    /** Whether a document in this status counts as a valid piece of the dossier's checklist. */
    public boolean satisfiesChecklist() {
        return this == VALID || this == INDEXED;
    }

    public boolean isFinal() {
        return this == VALID || this == REJECTED || this == INDEXED || this == FAILED;
    }
}
