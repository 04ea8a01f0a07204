package ma.rokhsa.api.config;

import ma.rokhsa.api.security.R2dbcUserStore;
import ma.rokhsa.api.security.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * In production there are no demo accounts: the first administrator comes from
 * {@code rokhsa.bootstrap-admin.username} and {@code .password} (e.g. environment variables), created
 * once if that username does not exist. The password is never logged.
 */
@Component
class BootstrapAdmin {

    private static final Logger log = LoggerFactory.getLogger(BootstrapAdmin.class);

    private final Environment env;
    private final R2dbcUserStore users;
    private final PasswordEncoder encoder;
    private final Scheduler passwordScheduler;

    BootstrapAdmin(Environment env, R2dbcUserStore users, PasswordEncoder encoder, Scheduler passwordScheduler) {
        this.env = env;
        this.users = users;
        this.encoder = encoder;
        this.passwordScheduler = passwordScheduler;
    }

    @EventListener(ApplicationReadyEvent.class)
    void createIfConfigured() {
        String username = env.getProperty("rokhsa.bootstrap-admin.username");
        String password = env.getProperty("rokhsa.bootstrap-admin.password");
        if (username == null || password == null || username.isBlank()) {
            return;
        }
        if (password.length() < 12) {
            log.error("rokhsa.bootstrap-admin.password is shorter than 12 characters: no administrator created");
            return;
        }
        Mono.fromCallable(() -> encoder.encode(password)).subscribeOn(passwordScheduler)
                .flatMap(hash -> users.createIfAbsent(new R2dbcUserStore.NewAccount(username, "Administrator", null, null,
                        Role.ADMIN, null, null, null), hash, false))
                .subscribe(created -> {
                    if (created) {
                        log.info("Administrator account '{}' created from rokhsa.bootstrap-admin", username);
                    }
                }, e -> log.error("Could not create the bootstrap administrator: {}", e.toString()));
    }
}
