package ma.rokhsa.api.demo;

import java.time.Instant;
import java.util.List;

/**
 * One action of the demo story at its moment: what a person does through the API. {@code dossier} is
 * null for the steps that concern no dossier (signature keys, deadline passes).
 */
record Step(Instant at, long order, DossierStory dossier, Action action) {

    /** What is done, by whom. */
    sealed interface Action {
    }

    /** Province key contacts, registered by the administrator. */
    record RegisterContact(String province, String username, String fullName, String phone) implements Action {
    }

    record IssueKey(String holder) implements Action {
    }

    record ShipKey(String holder) implements Action {
    }

    record HandOverKey(String holder, String contact) implements Action {
    }

    /** The holder reads the PIN from the SMS and changes it, which activates the key. */
    record ActivateKey(String holder) implements Action {
    }

    record Create() implements Action {
    }

    /**
     * Files a document; {@code version} above 1 is a corrected or added one after a return. A misfiled one is
     * a plan sheet filed as this kind by mistake, which the checks reject.
     */
    record Upload(String kind, int version, boolean misfiled) implements Action {
    }

    record DeclareFigures() implements Action {
    }

    /** Submits, once the dossier's documents are checked. */
    record Submit() implements Action {
    }

    record Accept(String reviewer) implements Action {
    }

    record Return(String reviewer, List<String> reasons) implements Action {
    }

    record GiveOpinion(String member, String opinion, List<String> reasons, String conditions) implements Action {
    }

    record DraftDecision(String by, boolean permit, List<Cast.Text> reasons) implements Action {
    }

    /** Pays the fees on the sandbox gateway's page; a first card may be declined. */
    record PayFees(boolean declinedFirst) implements Action {
    }

    record Sign(String signatory) implements Action {
    }

    /** A pass of the deadline watcher (run by the administrator), expected to approve these dossiers tacitly. */
    record DeadlineCheck(List<DossierStory> expected) implements Action {
    }
}
