package ma.rokhsa.api.dossier;

/** Where a dossier stands in the procedure. */
public enum DossierStatus {
    DRAFT, SUBMITTED, RETURNED, IN_REVIEW, DECISION_DRAFTED, FEES_DUE, FEES_PAID, SIGNED, ISSUED, REFUSED, DEEMED_APPROVED
}
