package ma.rokhsa.api.events;

import java.time.OffsetDateTime;
import java.util.UUID;

/** One row of the append-only event log, with its data already serialised to JSON (once, for all subscribers). */
public record StoredEvent(long id, UUID dossierId, String communeCode, String type, String json,
                          boolean communeVisible, OffsetDateTime createdAt) {
}
