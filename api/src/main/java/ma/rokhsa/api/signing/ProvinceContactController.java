package ma.rokhsa.api.signing;

import java.time.OffsetDateTime;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import ma.rokhsa.api.security.Role;
import ma.rokhsa.api.security.Viewer;
import ma.rokhsa.api.web.ApiProblem;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The registry of the one contact person per province or prefecture who receives the signature keys
 * (the circular's form: full name, title, phone, postal address, email). Managed by administrators.
 */
@RestController
@Tag(name = "Signature keys")
class ProvinceContactController {

    private final DatabaseClient db;

    ProvinceContactController(DatabaseClient db) {
        this.db = db;
    }

    record ContactForm(@NotBlank @Size(max = 200) String fullName, @NotBlank @Size(max = 200) String title,
                       @NotBlank @Size(max = 50) String phone, @NotBlank @Size(max = 500) String postalAddress,
                       @NotBlank @Email String email, String username) {
    }

    record ContactView(String provinceCode, String fullName, String title, String phone, String postalAddress,
                       String email, String username, OffsetDateTime updatedAt) {
    }

    @PutMapping("/api/provinces/{code}/contact")
    @Operation(summary = "Register or replace the key contact of a province (admin)")
    Mono<ContactView> put(Viewer v, @PathVariable String code, @Valid @RequestBody ContactForm f) {
        if (!v.is(Role.ADMIN)) {
            return Mono.error(ApiProblem.forbidden("ROLE_NOT_ALLOWED", "Only administrators manage the province contacts."));
        }
        Mono<Object> userId = f.username() == null ? Mono.just(Parameter.empty(java.util.UUID.class))
                : db.sql("SELECT id FROM app_user WHERE username = :u AND role = 'PROVINCE_CONTACT' AND province_code = :p")
                .bind("u", f.username()).bind("p", code).map(r -> (Object) Parameter.from(r.get("id", java.util.UUID.class))).one()
                .switchIfEmpty(Mono.error(ApiProblem.badRequest("UNKNOWN_USER",
                        f.username() + " is not a province-contact account of province " + code + ".")));
        return db.sql("SELECT 1 FROM province WHERE code = :p").bind("p", code).fetch().one()
                .switchIfEmpty(Mono.error(ApiProblem.notFound("Province " + code)))
                .then(userId)
                .flatMap(uid -> db.sql("""
                        INSERT INTO province_contact (province_code, full_name, title, phone, postal_address, email, user_id, updated_by)
                        VALUES (:p, :n, :t, :ph, :a, :e, :u, :by)
                        ON CONFLICT (province_code) DO UPDATE SET full_name = excluded.full_name, title = excluded.title,
                          phone = excluded.phone, postal_address = excluded.postal_address, email = excluded.email,
                          user_id = excluded.user_id, updated_by = excluded.updated_by, updated_at = now()""")
                        .bind("p", code).bind("n", f.fullName()).bind("t", f.title()).bind("ph", f.phone())
                        .bind("a", f.postalAddress()).bind("e", f.email()).bind("u", uid).bind("by", v.id()).then())
                .then(find(code));
    }

    @GetMapping("/api/provinces/{code}/contact")
    @Operation(summary = "The key contact of a province (admin, or that province's contact)")
    Mono<ContactView> get(Viewer v, @PathVariable String code) {
        if (!v.is(Role.ADMIN) && !(v.is(Role.PROVINCE_CONTACT) && code.equals(v.provinceCode()))) {
            return Mono.error(ApiProblem.notFound("Contact of province " + code));
        }
        return find(code).switchIfEmpty(Mono.error(ApiProblem.notFound("Contact of province " + code)));
    }

    @GetMapping("/api/provinces/contacts")
    @Operation(summary = "All province contacts (admin)")
    Flux<ContactView> all(Viewer v) {
        if (!v.is(Role.ADMIN)) {
            return Flux.error(ApiProblem.forbidden("ROLE_NOT_ALLOWED", "Only administrators see the registry."));
        }
        return db.sql("SELECT c.*, u.username FROM province_contact c LEFT JOIN app_user u ON u.id = c.user_id ORDER BY c.province_code")
                .map((r, m) -> toView(r)).all();
    }

    private Mono<ContactView> find(String code) {
        return db.sql("SELECT c.*, u.username FROM province_contact c LEFT JOIN app_user u ON u.id = c.user_id WHERE c.province_code = :p")
                .bind("p", code).map((r, m) -> toView(r)).one();
    }

    private static ContactView toView(io.r2dbc.spi.Row r) {
        return new ContactView(r.get("province_code", String.class), r.get("full_name", String.class), r.get("title", String.class),
                r.get("phone", String.class), r.get("postal_address", String.class), r.get("email", String.class),
                r.get("username", String.class), r.get("updated_at", OffsetDateTime.class));
    }
}
