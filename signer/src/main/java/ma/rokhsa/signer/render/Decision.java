package ma.rokhsa.signer.render;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * The decision on a dossier: a permit (with its conditions, if any) or a refusal (with its reasons,
 * required). {@code site} is the project's address or land title.
 */
public record Decision(String reference, String dossierReference, Bilingual commune, Bilingual dossierType,
                       String applicant, String site, Outcome outcome, List<Bilingual> reasons,
                       SignatureBlock signature, URI verificationUrl) {

    /** What the commune decided. */
    public enum Outcome {
        PERMIT, REFUSAL
    }

    public Decision {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(dossierReference, "dossierReference");
        Objects.requireNonNull(commune, "commune");
        Objects.requireNonNull(dossierType, "dossierType");
        Objects.requireNonNull(applicant, "applicant");
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(outcome, "outcome");
        reasons = List.copyOf(reasons);
        if (outcome == Outcome.REFUSAL && reasons.isEmpty()) {
            throw new IllegalArgumentException("a refusal must state its reasons");
        }
        Objects.requireNonNull(signature, "signature");
        Objects.requireNonNull(verificationUrl, "verificationUrl");
    }
}
