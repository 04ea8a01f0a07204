package ma.rokhsa.api.review;

import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import ma.rokhsa.api.dossier.DossierService;
import ma.rokhsa.api.dossier.Views;
import ma.rokhsa.api.security.Viewer;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** The one-stop shop's completeness check. */
@RestController
@Tag(name = "Review")
class ReviewController {

    private final ReviewService review;
    private final DossierService dossiers;

    ReviewController(ReviewService review, DossierService dossiers) {
        this.review = review;
        this.dossiers = dossiers;
    }

    record Return(@NotEmpty List<String> reasons) {
    }

    @PostMapping("/api/dossiers/{id}/accept")
    @Operation(summary = "Complete: accept for review and send to the commission (the commune's one-stop shop)")
    Mono<Views.DossierView> accept(Viewer v, @PathVariable UUID id) {
        return review.accept(v, id).then(dossiers.view(v, id));
    }

    @PostMapping("/api/dossiers/{id}/return")
    @Operation(summary = "Return to the architect with reasons; the legal clock stops (the commune's one-stop shop)")
    Mono<Views.DossierView> returnDossier(Viewer v, @PathVariable UUID id, @Valid @RequestBody Return body) {
        return review.returnToArchitect(v, id, body.reasons()).then(dossiers.view(v, id));
    }
}
