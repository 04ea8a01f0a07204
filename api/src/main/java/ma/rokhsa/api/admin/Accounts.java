package ma.rokhsa.api.admin;

import java.util.List;

import ma.rokhsa.api.security.R2dbcUserStore;
import ma.rokhsa.api.security.Role;
import ma.rokhsa.api.security.Viewer;
import ma.rokhsa.api.web.ApiProblem;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Accounts created by administrators: checked (each role its place), the password hashed on the password
 * scheduler (never the event loop), stored. The one use case behind the admin API and the admin page.
 */
@Service
public class Accounts {

    /** An account as the admin page lists it (never its password). */
    public record AccountRow(String username, String fullName, String role, String communeCode, String organisationCode,
                             String provinceCode, boolean enabled, boolean demo) {
    }

    private final DatabaseClient db;
    private final R2dbcUserStore users;
    private final PasswordEncoder encoder;
    private final Scheduler passwordScheduler;

    private final AccountChanges changes;

    Accounts(DatabaseClient db, R2dbcUserStore users, PasswordEncoder encoder, Scheduler passwordScheduler, AccountChanges changes) {
        this.changes = changes;
        this.db = db;
        this.users = users;
        this.encoder = encoder;
        this.passwordScheduler = passwordScheduler;
    }

    public Mono<Void> create(Viewer admin, R2dbcUserStore.NewAccount a, String password) {
        if (!admin.is(Role.ADMIN)) {
            return Mono.error(ApiProblem.forbidden("ROLE_NOT_ALLOWED", "Only administrators can do this."));
        }
        String missing = switch (a.role()) {
            case REVIEWER, SIGNATORY -> a.communeCode() == null ? "communeCode" : null;
            case COMMISSION_MEMBER -> a.organisationCode() == null ? "organisationCode" : null;
            case PROVINCE_CONTACT -> a.provinceCode() == null ? "provinceCode" : null;
            default -> null;
        };
        if (missing != null) {
            return Mono.error(ApiProblem.badRequest("INVALID_REQUEST", "A " + a.role() + " account needs " + missing + "."));
        }
        return Mono.fromCallable(() -> encoder.encode(password)).subscribeOn(passwordScheduler)
                .flatMap(hash -> users.createIfAbsent(a, hash, false))
                .onErrorMap(DataIntegrityViolationException.class, e -> ApiProblem.badRequest("UNKNOWN_REFERENCE",
                        "The commune, organisation or province given does not exist."))
                .flatMap(created -> created ? users.requirePasswordChange(a.username())
                        : Mono.error(ApiProblem.conflict("ALREADY_EXISTS", "User " + a.username() + " already exists.")));
    }

    public Mono<List<AccountRow>> list(Viewer admin) {
        if (!admin.is(Role.ADMIN)) {
            return Mono.error(ApiProblem.forbidden("ROLE_NOT_ALLOWED", "Only administrators can do this."));
        }
        return db.sql("SELECT username, full_name, role, commune_code, organisation_code, province_code, enabled, demo"
                        + " FROM app_user ORDER BY role, username")
                .map(r -> new AccountRow(r.get("username", String.class), r.get("full_name", String.class), r.get("role", String.class),
                        r.get("commune_code", String.class), r.get("organisation_code", String.class),
                        r.get("province_code", String.class), Boolean.TRUE.equals(r.get("enabled", Boolean.class)),
                        Boolean.TRUE.equals(r.get("demo", Boolean.class))))
                .all().collectList();
    }

    /** Why a new password is refused, or null: 12 to 200 characters, not the username, not the current one. */
    public static String weakness(String username, String current, String next) {
        if (next == null || next.length() < 12 || next.length() > 200) {
            return "A password has 12 to 200 characters.";
        }
        if (next.equalsIgnoreCase(username)) {
            return "The password may not be your username.";
        }
        if (next.equals(current)) {
            return "Choose a password different from the current one.";
        }
        return null;
    }

    /**
     * The holder changes their own password (the current one proves it is them). The administrator's
     * must-change flag goes, and every instance forgets the sign-ins it remembered with the old password.
     */
    public Mono<Void> changePassword(Viewer v, String current, String next) {
        String weak = weakness(v.username(), current, next);
        if (weak != null) {
            return Mono.error(ApiProblem.badRequest("WEAK_PASSWORD", weak));
        }
        return users.findUserById(v.id()).flatMap(user -> Mono.fromCallable(() -> current != null && encoder.matches(current, user.getPassword()))
                .subscribeOn(passwordScheduler)
                .flatMap(right -> !right
                        ? Mono.error(new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, "WRONG_PASSWORD",
                                "The current password is not right: type the password you signed in with."))
                        : Mono.fromCallable(() -> encoder.encode(next)).subscribeOn(passwordScheduler)
                        .flatMap(hash -> users.replacePassword(v.id(), user.getPassword(), hash))
                        .flatMap(replaced -> replaced ? changes.changed(v.username())
                                : Mono.error(ApiProblem.conflict("PASSWORD_CHANGED", "Your password changed meanwhile: sign in again.")))));
    }
}
