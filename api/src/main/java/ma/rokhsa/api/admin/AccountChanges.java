package ma.rokhsa.api.admin;

import ma.rokhsa.api.events.PgNotifications;
import ma.rokhsa.api.security.AuthenticationCache;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * Every instance forgets the HTTP Basic sign-ins it remembers for an account as soon as the account changes
 * (its password, role, commune, or enabled flag), instead of honouring the old state until the cache entry
 * expires: a trigger on {@code app_user} notifies {@value #CHANNEL} on any change, whoever makes it (the
 * application or an operator's SQL), and each instance listens.
 */
@Component
class AccountChanges implements DisposableBean {

    static final String CHANNEL = "rokhsa_accounts";

    private final AuthenticationCache cache;
    private final Disposable listening;

    AccountChanges(PgNotifications notifications, AuthenticationCache cache) {
        this.cache = cache;
        this.listening = notifications.channel(CHANNEL).subscribe(s -> {
            if (s.isReconnect()) {
                cache.evictAll();
            } else {
                cache.evict(s.payload());
            }
        });
    }

    /**
     * This instance forgets the account at once, for the caller's next request (the notification, which reaches
     * the other instances, comes a moment later). Run it once the change is committed.
     */
    Mono<Void> changed(String username) {
        return Mono.fromRunnable(() -> cache.evict(username));
    }

    @Override
    public void destroy() {
        listening.dispose();
    }
}
