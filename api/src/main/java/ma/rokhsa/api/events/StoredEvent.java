package ma.rokhsa.api.events;

import java.time.OffsetDateTime;
import java.util.UUID;

import ma.rokhsa.api.security.Role;
import ma.rokhsa.api.security.Viewer;

/** One row of the append-only event log, with its data already serialised to JSON (once, for all subscribers). */
public record StoredEvent(long id, UUID dossierId, String communeCode, String type, String json,
                          boolean communeVisible, OffsetDateTime createdAt) {

    /**
     * Whether someone who may see the dossier may see this event: its architect sees everything; the
     * administration only what happened once it was filed (a draft is the architect's own business).
     */
    public boolean visibleTo(Viewer v) {
        return v.is(Role.ARCHITECT) || communeVisible;
    }
}
