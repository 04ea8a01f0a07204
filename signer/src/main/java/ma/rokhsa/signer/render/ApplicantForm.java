package ma.rokhsa.signer.render;

import java.util.List;
import java.util.Objects;

/**
 * A form an applicant files with a dossier (an application for a permit, a declaration), filled in one
 * language, French or Arabic: a title, labelled answers and free paragraphs on A4. The platform does not
 * issue it, so it has none of the platform's header, QR code or signature block; it is rendered for
 * filings prepared on the applicant's behalf, such as the demo data.
 */
public record ApplicantForm(Language language, String title, List<Field> fields, List<String> paragraphs, String signedAt) {

    /** The language the form is filled in; Arabic is laid out right to left. */
    public enum Language {
        FR, AR
    }

    /** One answer of the form: its label and what was filled in. */
    public record Field(String label, String value) {
        public Field {
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(value, "value");
        }
    }

    public ApplicantForm {
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(title, "title");
        fields = List.copyOf(fields);
        paragraphs = List.copyOf(paragraphs);
        signedAt = signedAt == null ? "" : signedAt;
    }
}
