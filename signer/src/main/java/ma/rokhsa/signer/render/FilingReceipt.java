package ma.rokhsa.signer.render;

import java.net.URI;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Objects;

/**
 * The filing receipt (récépissé de dépôt): proves that a dossier and its documents (each with its
 * SHA-256) were filed at a given date and time. {@code verificationUrl} is the public short link
 * printed with a QR code.
 */
public record FilingReceipt(String reference, ZonedDateTime filedAt, Bilingual dossierType, Bilingual commune,
                            String applicant, List<FiledDocument> documents, URI verificationUrl) {

    public FilingReceipt {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(filedAt, "filedAt");
        Objects.requireNonNull(dossierType, "dossierType");
        Objects.requireNonNull(commune, "commune");
        Objects.requireNonNull(applicant, "applicant");
        documents = List.copyOf(documents);
        Objects.requireNonNull(verificationUrl, "verificationUrl");
    }
}
