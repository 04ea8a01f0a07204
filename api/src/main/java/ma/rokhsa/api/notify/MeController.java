package ma.rokhsa.api.notify;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import ma.rokhsa.api.security.Viewer;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** What the platform knows of the caller. */
@RestController
@Tag(name = "Me")
class MeController {

    @GetMapping("/api/me")
    @Operation(summary = "The calling account")
    Viewer me(Viewer viewer) {
        return viewer;
    }
}
