package ma.rokhsa.api.dossier;

import ma.rokhsa.api.reference.Catalog;
import ma.rokhsa.api.upload.UploadedPart;
import ma.rokhsa.api.web.ApiProblem;

/**
 * A check that can refuse an upload from what is known when its bytes have arrived (its first bytes,
 * size, name), before anything is stored. Pure CPU work on small inputs.
 */
public interface UploadCheck {

    /** A problem to refuse the upload with, or null to let it through. */
    ApiProblem check(UploadedPart upload, Catalog.Kind kind);

    /** The media type detected from the content, if this check knows it. */
    default String detectedType(UploadedPart upload) {
        return null;
    }
}
