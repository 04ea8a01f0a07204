package ma.rokhsa.api.security;

import java.util.UUID;

/**
 * Who is calling, with the places and body that scope what they may see. Immutable; built from the
 * authenticated account on every request.
 */
public record Viewer(UUID id, String username, String fullName, Role role,
                     String communeCode, String organisationCode, String provinceCode) {

    public boolean is(Role r) {
        return role == r;
    }
}
