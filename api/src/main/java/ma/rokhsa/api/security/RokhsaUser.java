package ma.rokhsa.api.security;

import java.util.Collection;
import java.util.List;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/** The authenticated principal: the account's {@link Viewer} plus what Spring Security needs. */
public final class RokhsaUser implements UserDetails {

    private final Viewer viewer;
    private final String passwordHash;
    private final boolean enabled;

    public RokhsaUser(Viewer viewer, String passwordHash, boolean enabled) {
        this.viewer = viewer;
        this.passwordHash = passwordHash;
        this.enabled = enabled;
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
