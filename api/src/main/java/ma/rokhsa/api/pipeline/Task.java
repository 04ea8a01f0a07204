package ma.rokhsa.api.pipeline;

import java.util.UUID;

/** One claimed unit of stage work: a document at a stage, on its n-th attempt. */
public record Task(long id, UUID documentId, String stage, int attempts) {
}
