package ma.rokhsa.api.admin;

import ma.rokhsa.api.events.PgNotifications;
import ma.rokhsa.api.security.AuthenticationCache;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * Tells every instance that an account changed (its password, today), so that each forgets the sign-ins it
 * remembers for it at once instead of honouring the old password until its cache entry expires.
 */
@Component
class AccountChanges implements DisposableBean {

    static final String CHANNEL = "rokhsa_accounts";

    private final DatabaseClient db;
    private final Disposable listening;

    AccountChanges(DatabaseClient db, PgNotifications notifications, AuthenticationCache cache) {
        this.db = db;
        this.listening = notifications.channel(CHANNEL).subscribe(s -> {
            if (s.isReconnect()) {
                cache.evictAll();
            } else {
                cache.evict(s.payload());
            }
        });
    }

    /** Announces the change to every instance, this one included (run it once the change is committed). */
    Mono<Void> changed(String username) {
        return db.sql("SELECT pg_notify(:c, :u)").bind("c", CHANNEL).bind("u", username).then();
    }

    @Override
    public void destroy() {
        listening.dispose();
    }
}
