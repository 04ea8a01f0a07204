package ma.rokhsa.signer.pki;

import java.util.Objects;

/**
 * The person a signing certificate is issued to: full name, title (capacity, e.g. "Président du
 * conseil communal"), organisation (the commune) and an optional email put in the certificate.
 */
public record Signatory(String fullName, String title, String organisation, String email) {

    public Signatory {
        Objects.requireNonNull(fullName, "fullName");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(organisation, "organisation");
        if (fullName.isBlank()) {
            throw new IllegalArgumentException("fullName is blank");
        }
    }
}
