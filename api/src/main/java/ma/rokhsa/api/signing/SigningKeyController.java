package ma.rokhsa.api.signing;

import java.net.URI;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import ma.rokhsa.api.security.Viewer;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Personal signature keys: lifecycle (administrator, province contact) and PIN (holder). */
@RestController
@RequestMapping("/api/signing-keys")
@Tag(name = "Signature keys")
class SigningKeyController {

    private final SigningKeyService keys;

    SigningKeyController(SigningKeyService keys) {
        this.keys = keys;
    }

    record Issue(@NotBlank String holder) {
    }

    record ChangePin(@NotBlank @Size(max = 32) String oldPin, @NotBlank @Size(max = 32) String newPin) {
    }

    record Revoke(String reason) {
    }

    @PostMapping
    @Operation(summary = "Issue a key for a signatory (admin); the initial PIN goes to the holder by SMS and email")
    Mono<ResponseEntity<SigningKeyService.KeyView>> issue(Viewer v, @Valid @RequestBody Issue body) {
        return keys.issue(v, body.holder()).map(k -> ResponseEntity.created(URI.create("/api/signing-keys/" + k.id())).body(k));
    }

    @GetMapping
    @Operation(summary = "Keys the caller may see: all (admin), their province's (contact), their own (holder)")
    Flux<SigningKeyService.KeyView> list(Viewer v) {
        return keys.list(v);
    }

    @GetMapping("/{id}")
    @Operation(summary = "A key with its audited lifecycle")
    Mono<SigningKeyService.KeyView> get(Viewer v, @PathVariable UUID id) {
        return keys.get(v, id);
    }

    @PostMapping("/{id}/ship")
    @Operation(summary = "Record that the key was shipped to the province's contact (admin)")
    Mono<SigningKeyService.KeyView> ship(Viewer v, @PathVariable UUID id) {
        return keys.ship(v, id);
    }

    @PostMapping("/{id}/handover")
    @Operation(summary = "Confirm the key was handed over to its commune (the province's contact)")
    Mono<SigningKeyService.KeyView> handOver(Viewer v, @PathVariable UUID id) {
        return keys.handOver(v, id);
    }

    @PostMapping("/{id}/pin")
    @Operation(summary = "Change the PIN, old to new (the holder); the first change activates the key")
    Mono<SigningKeyService.KeyView> changePin(Viewer v, @PathVariable UUID id, @Valid @RequestBody ChangePin body) {
        return keys.changePin(v, id, body.oldPin().toCharArray(), body.newPin().toCharArray());
    }

    @PostMapping("/{id}/reissue-pin")
    @Operation(summary = "Unlock by reissuing a PIN, sent to the holder only (admin)")
    Mono<SigningKeyService.KeyView> reissuePin(Viewer v, @PathVariable UUID id) {
        return keys.reissuePin(v, id);
    }

    @PostMapping("/{id}/revoke")
    @Operation(summary = "Revoke the key and publish it in the CRL (admin)")
    Mono<SigningKeyService.KeyView> revoke(Viewer v, @PathVariable UUID id, @RequestBody(required = false) Revoke body) {
        return keys.revoke(v, id, body == null ? null : body.reason());
    }
}
