package ma.rokhsa.signer.render;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * The opinion of one commission member (urban agency, civil protection, a utility...) on a dossier,
 * with its reasons or conditions, signed by the member's representative.
 */
public record CommissionOpinion(String dossierReference, Bilingual commune, Bilingual dossierType,
                                Bilingual authority, Kind kind, List<Bilingual> reasons,
                                SignatureBlock signature, URI verificationUrl) {

    /** The three opinions a member may give. */
    public enum Kind {
        FAVOURABLE, FAVOURABLE_WITH_CONDITIONS, UNFAVOURABLE
    }

    public CommissionOpinion {
        Objects.requireNonNull(dossierReference, "dossierReference");
        Objects.requireNonNull(commune, "commune");
        Objects.requireNonNull(dossierType, "dossierType");
        Objects.requireNonNull(authority, "authority");
        Objects.requireNonNull(kind, "kind");
        reasons = List.copyOf(reasons);
        Objects.requireNonNull(signature, "signature");
        Objects.requireNonNull(verificationUrl, "verificationUrl");
    }
}
