package ma.rokhsa.api.security;

/** The memory of recent HTTP Basic sign-ins: forgotten for an account whose password or rights changed. */
public interface AuthenticationCache {

    void evict(String username);

    /** Forgets everyone (after a gap in the account-change notifications: some may have been missed). */
    void evictAll();
}
