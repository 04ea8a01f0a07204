package ma.rokhsa.api.admin;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import ma.rokhsa.api.security.Viewer;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** The caller's own password. */
@RestController
@Tag(name = "Me")
class PasswordController {

    private final Accounts accounts;

    PasswordController(Accounts accounts) {
        this.accounts = accounts;
    }

    record PasswordChange(@NotNull String currentPassword, @NotNull String newPassword) {
        @Override
        public String toString() {
            return "PasswordChange[hidden]";
        }
    }

    @PostMapping("/api/me/password")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Changes the caller's password (required first when an administrator set it); 12 to 200 characters")
    Mono<Void> change(Viewer viewer, @Valid @RequestBody PasswordChange body) {
        return accounts.changePassword(viewer, body.currentPassword(), body.newPassword());
    }
}
