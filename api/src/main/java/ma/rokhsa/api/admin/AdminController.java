package ma.rokhsa.api.admin;

import java.net.URI;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import ma.rokhsa.api.security.R2dbcUserStore;
import ma.rokhsa.api.security.Role;
import ma.rokhsa.api.security.Viewer;
import ma.rokhsa.api.web.ApiProblem;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.ResponseEntity;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Platform administration: places and accounts. ADMIN only. */
@RestController
@RequestMapping("/api/admin")
@Tag(name = "Administration")
class AdminController {

    private final DatabaseClient db;
    private final Accounts accounts;

    AdminController(DatabaseClient db, Accounts accounts) {
        this.db = db;
        this.accounts = accounts;
    }

    record NewProvince(@NotBlank @Pattern(regexp = "[A-Z0-9]{1,8}") String code, @NotBlank String name,
                       @NotBlank String nameAr, @NotBlank String region) {
    }

    record NewCommune(@NotBlank @Pattern(regexp = "[A-Z0-9]{2,8}") String code, @NotBlank String name,
                      @NotBlank String nameAr, @NotBlank String provinceCode) {
    }

    record NewUser(@NotBlank @Pattern(regexp = "[a-z0-9._-]{3,40}") String username,
                   @NotBlank @Size(min = 12, max = 200) String password,
                   @NotBlank String fullName, @Email String email, String phone, @NotNull Role role,
                   String communeCode, String organisationCode, String provinceCode) {
    }

    @PostMapping("/provinces")
    @Operation(summary = "Add a province or prefecture")
    Mono<ResponseEntity<Map<String, String>>> province(Viewer v, @Valid @RequestBody NewProvince p) {
        return admin(v).then(db.sql("INSERT INTO province (code, name_fr, name_ar, region) VALUES (:c, :n, :a, :r)")
                        .bind("c", p.code()).bind("n", p.name()).bind("a", p.nameAr()).bind("r", p.region()).then())
                .onErrorMap(DataIntegrityViolationException.class, e -> ApiProblem.conflict("ALREADY_EXISTS", "Province " + p.code() + " already exists."))
                .thenReturn(ResponseEntity.created(URI.create("/api/communes")).body(Map.of("code", p.code())));
    }

    @PostMapping("/communes")
    @Operation(summary = "Add a commune to a province")
    Mono<ResponseEntity<Map<String, String>>> commune(Viewer v, @Valid @RequestBody NewCommune c) {
        return admin(v).then(db.sql("SELECT 1 FROM province WHERE code = :p").bind("p", c.provinceCode()).fetch().one()
                        .switchIfEmpty(Mono.error(ApiProblem.badRequest("UNKNOWN_PROVINCE", "Unknown province " + c.provinceCode() + ".")))
                        .then(db.sql("INSERT INTO commune (code, name_fr, name_ar, province_code) VALUES (:c, :n, :a, :p)")
                                .bind("c", c.code()).bind("n", c.name()).bind("a", c.nameAr()).bind("p", c.provinceCode()).then()))
                .onErrorMap(DataIntegrityViolationException.class, e -> ApiProblem.conflict("ALREADY_EXISTS", "Commune " + c.code() + " already exists."))
                .thenReturn(ResponseEntity.created(URI.create("/api/communes")).body(Map.of("code", c.code())));
    }

    @PostMapping("/users")
    @Operation(summary = "Create an account")
    Mono<ResponseEntity<Map<String, String>>> user(Viewer v, @Valid @RequestBody NewUser u) {
        return accounts.create(v, new R2dbcUserStore.NewAccount(u.username(), u.fullName(), u.email(), u.phone(),
                        u.role(), u.communeCode(), u.organisationCode(), u.provinceCode()), u.password())
                .thenReturn(ResponseEntity.created(URI.create("/api/admin/users/" + u.username())).body(Map.of("username", u.username())));
    }

    private static Mono<Void> admin(Viewer v) {
        return v.is(Role.ADMIN) ? Mono.empty() : Mono.error(ApiProblem.forbidden("ROLE_NOT_ALLOWED", "Only administrators can do this."));
    }
}
