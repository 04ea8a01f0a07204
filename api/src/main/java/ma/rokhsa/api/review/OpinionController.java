package ma.rokhsa.api.review;

import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import ma.rokhsa.api.security.Viewer;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Commission opinions on a dossier. */
@RestController
@Tag(name = "Review")
class OpinionController {

    private final OpinionService opinions;

    OpinionController(OpinionService opinions) {
        this.opinions = opinions;
    }

    record Give(@NotNull OpinionService.Opinion opinion, @Size(max = 20) List<@Size(max = 2000) String> reasons,
                @Size(max = 2000) String conditions, @Size(max = 32) String pin) {
    }

    @GetMapping("/api/dossiers/{id}/opinions")
    @Operation(summary = "The commission's opinions: \"3 of 5 opinions received\", who is late")
    Mono<OpinionService.Summary> list(Viewer v, @PathVariable UUID id) {
        return opinions.summary(v, id);
    }

    @PostMapping("/api/dossiers/{id}/opinions")
    @Operation(summary = "Give your organisation's opinion (commission members); signed with your key if you send your PIN")
    Mono<ResponseEntity<OpinionService.Summary>> give(Viewer v, @PathVariable UUID id, @Valid @RequestBody Give body) {
        return opinions.give(v, id, body.opinion(), body.reasons() == null ? List.of() : body.reasons(), body.conditions(),
                        body.pin() == null || body.pin().isBlank() ? null : body.pin().toCharArray())
                .map(s -> ResponseEntity.status(201).body(s));
    }
}
