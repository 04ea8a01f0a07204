package ma.rokhsa.signer.render;

import java.time.ZonedDateTime;
import java.util.Objects;

/**
 * The visible signature block printed on an opinion, a decision or a certificate: who signs, in
 * which capacity (e.g. "Président du conseil communal"), and when. It is the human-readable
 * counterpart of the PAdES signature applied afterwards; the date is the date of the act.
 */
public record SignatureBlock(String signerName, Bilingual capacity, ZonedDateTime date) {

    public SignatureBlock {
        Objects.requireNonNull(signerName, "signerName");
        Objects.requireNonNull(capacity, "capacity");
        Objects.requireNonNull(date, "date");
    }
}
