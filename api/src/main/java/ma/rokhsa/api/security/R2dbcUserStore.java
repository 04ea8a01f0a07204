package ma.rokhsa.api.security;

import java.util.UUID;

import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.security.core.userdetails.ReactiveUserDetailsService;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Accounts in PostgreSQL: the user-details source of HTTP authentication and the account writer. */
@Component
public class R2dbcUserStore implements ReactiveUserDetailsService {

    private final DatabaseClient db;

    public R2dbcUserStore(DatabaseClient db) {
        this.db = db;
    }

    @Override
    public Mono<UserDetails> findByUsername(String username) {
        return db.sql("SELECT * FROM app_user WHERE username = :u")
                .bind("u", username)
                .map(R2dbcUserStore::toUser)
                .one()
                .cast(UserDetails.class);
    }

    public Mono<Viewer> findById(UUID id) {
        return findUserById(id).map(RokhsaUser::viewer);
    }

    /** Creates the account unless one with that username exists; returns whether it was created. */
    public Mono<Boolean> createIfAbsent(NewAccount a, String passwordHash, boolean demo) {
        return db.sql("""
                INSERT INTO app_user (id, username, password_hash, full_name, email, phone, role,
                                      commune_code, organisation_code, province_code, demo)
                VALUES (:id, :username, :hash, :fullName, :email, :phone, :role, :commune, :org, :province, :demo)
                ON CONFLICT (username) DO NOTHING""")
                .bind("id", UUID.randomUUID())
                .bind("username", a.username())
                .bind("hash", passwordHash)
                .bind("fullName", a.fullName())
                .bind("email", Parameter.fromOrEmpty(a.email(), String.class))
                .bind("phone", Parameter.fromOrEmpty(a.phone(), String.class))
                .bind("role", a.role().name())
                .bind("commune", Parameter.fromOrEmpty(a.communeCode(), String.class))
                .bind("org", Parameter.fromOrEmpty(a.organisationCode(), String.class))
                .bind("province", Parameter.fromOrEmpty(a.provinceCode(), String.class))
                .bind("demo", demo)
                .fetch().rowsUpdated()
                .map(n -> n > 0);
    }

    /** The account's password hash and whether it must change, by id. */
    public Mono<RokhsaUser> findUserById(UUID id) {
        return db.sql("SELECT * FROM app_user WHERE id = :id").bind("id", id).map(R2dbcUserStore::toUser).one();
    }

    /** Replaces the password hash if it is still {@code previousHash} (two changes at once: one wins); the change flag goes. */
    public Mono<Boolean> replacePassword(UUID id, String previousHash, String newHash) {
        return db.sql("""
                UPDATE app_user SET password_hash = :h, password_change_required = false
                WHERE id = :id AND password_hash = :previous""")
                .bind("h", newHash).bind("id", id).bind("previous", previousHash)
                .fetch().rowsUpdated().map(n -> n > 0);
    }

    /** The password was set by an administrator: its holder must choose their own at first sign-in. */
    public Mono<Void> requirePasswordChange(String username) {
        return db.sql("UPDATE app_user SET password_change_required = true WHERE username = :u").bind("u", username).then();
    }

    public Mono<Long> countDemoAccounts() {
        return db.sql("SELECT count(*) AS n FROM app_user WHERE demo AND enabled")
                .map(r -> r.get("n", Long.class)).one();
    }

    static RokhsaUser toUser(Readable r) {
        Viewer v = new Viewer(
                r.get("id", UUID.class),
                r.get("username", String.class),
                r.get("full_name", String.class),
                Role.valueOf(r.get("role", String.class)),
                r.get("commune_code", String.class),
                r.get("organisation_code", String.class),
                r.get("province_code", String.class));
        return new RokhsaUser(v, r.get("password_hash", String.class), Boolean.TRUE.equals(r.get("enabled", Boolean.class)),
                Boolean.TRUE.equals(r.get("password_change_required", Boolean.class)));
    }

    /** An account to create. */
    public record NewAccount(String username, String fullName, String email, String phone, Role role,
                             String communeCode, String organisationCode, String provinceCode) {
    }
}
