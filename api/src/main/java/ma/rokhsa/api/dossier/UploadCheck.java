package ma.rokhsa.api.dossier;

import ma.rokhsa.api.reference.Catalog;
import ma.rokhsa.api.upload.UploadedPart;
import ma.rokhsa.api.web.ApiProblem;

/**
 * A check that can refuse an upload from what is known when its bytes have arrived (its first bytes,
 * size, name), before anything is stored. Pure CPU work on small inputs.
 */
public interface UploadCheck {

    /** What the check learned: the media type detected from the content (or null), and a refusal (or null). */
    record Outcome(String detectedType, ApiProblem refusal) {
    }

    Outcome check(UploadedPart upload, Catalog.Kind kind);
}
