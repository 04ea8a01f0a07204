package ma.rokhsa.api.security;

import java.security.Principal;
import java.util.Collection;
import java.util.List;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/** The authenticated principal: the account's {@link Viewer} plus what Spring Security needs. */
public final class RokhsaUser implements UserDetails {

    private final Viewer viewer;
    private final String passwordHash;
    private final boolean enabled;
    private final boolean passwordChangeRequired;

    public RokhsaUser(Viewer viewer, String passwordHash, boolean enabled) {
        this(viewer, passwordHash, enabled, false);
    }

    public RokhsaUser(Viewer viewer, String passwordHash, boolean enabled, boolean passwordChangeRequired) {
        this.viewer = viewer;
        this.passwordHash = passwordHash;
        this.enabled = enabled;
        this.passwordChangeRequired = passwordChangeRequired;
    }

    /** An administrator set the password: the account may do nothing but choose its own. */
    public boolean passwordChangeRequired() {
        return passwordChangeRequired;
    }

    /** Whether the signed-in principal (an {@link Authentication} of this class) must choose its own password first. */
    public static boolean mustChangePassword(Principal principal) {
        return principal instanceof Authentication a && a.getPrincipal() instanceof RokhsaUser u && u.passwordChangeRequired();
    }

    public Viewer viewer() {
        return viewer;
    }

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        return List.of(new SimpleGrantedAuthority("ROLE_" + viewer.role().name()));
    }

    @Override
    public String getPassword() {
        return passwordHash;
    }

    @Override
    public String getUsername() {
        return viewer.username();
    }

    @Override
    public boolean isEnabled() {
        return enabled;
    }

    @Override
    public String toString() {
        return "RokhsaUser[" + viewer.username() + ", " + viewer.role() + "]";
    }
}
