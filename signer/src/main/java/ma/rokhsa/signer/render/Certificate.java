package ma.rokhsa.signer.render;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * A certificate issued by the platform: the tacit approval certificate (no decision within the
 * legal deadline) or a payment receipt. {@code fields} are the label/value lines printed in its body
 * (e.g. amount, date of payment, deadline that passed).
 */
public record Certificate(String reference, Kind kind, String dossierReference, Bilingual commune,
                          List<Field> fields, SignatureBlock signature, URI verificationUrl) {

    /** The kinds of certificate, each with its fixed bilingual title and statement. */
    public enum Kind {
        TACIT_APPROVAL, PAYMENT_RECEIPT
    }

    /** One printed line: a bilingual label and its value. */
    public record Field(Bilingual label, String value) {
        public Field {
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(value, "value");
        }
    }

    public Certificate {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(dossierReference, "dossierReference");
        Objects.requireNonNull(commune, "commune");
        fields = List.copyOf(fields);
        Objects.requireNonNull(signature, "signature");
        Objects.requireNonNull(verificationUrl, "verificationUrl");
    }
}
