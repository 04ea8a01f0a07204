package ma.rokhsa.api.demo;

/** Where a dossier of the demo story stands today: every status of the procedure a dossier rests in. */
enum Fate {
    DRAFT, SUBMITTED, RETURNED, IN_REVIEW, DECISION_DRAFTED, FEES_DUE, FEES_PAID, ISSUED, REFUSED, DEEMED_APPROVED;

    boolean decided() {
        return this == ISSUED || this == REFUSED || this == DEEMED_APPROVED;
    }
}
