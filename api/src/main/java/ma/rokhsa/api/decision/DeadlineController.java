package ma.rokhsa.api.decision;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import ma.rokhsa.api.security.Role;
import ma.rokhsa.api.security.Viewer;
import ma.rokhsa.api.web.ApiProblem;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Runs a deadline pass now (administrators; it also runs on its own every minute). */
@RestController
@Tag(name = "Administration")
class DeadlineController {

    private final DeadlineWatcher watcher;

    DeadlineController(DeadlineWatcher watcher) {
        this.watcher = watcher;
    }

    @PostMapping("/api/admin/deadlines/check")
    @Operation(summary = "Check every open dossier's deadlines now: alerts, tacit approvals")
    Mono<DeadlineWatcher.Report> check(Viewer v) {
        if (!v.is(Role.ADMIN)) {
            return Mono.error(ApiProblem.forbidden("ROLE_NOT_ALLOWED", "Only administrators run the deadline check."));
        }
        return watcher.check();
    }
}
