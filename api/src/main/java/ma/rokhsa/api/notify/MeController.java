package ma.rokhsa.api.notify;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import ma.rokhsa.api.security.Viewer;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;

/** What the platform knows of the caller: who they are, and (demo) the text messages sent to them. */
@RestController
@Tag(name = "Me")
class MeController {

    private final OutboxSmsGateway sms;

    MeController(OutboxSmsGateway sms) {
        this.sms = sms;
    }

    @GetMapping("/api/me")
    @Operation(summary = "The calling account")
    Viewer me(Viewer viewer) {
        return viewer;
    }

    @GetMapping("/api/me/sms")
    @Operation(summary = "Text messages sent to the caller through the demo SMS gateway (newest first)")
    Flux<OutboxSmsGateway.Sms> sms(Viewer viewer) {
        return sms.inbox(viewer.id());
    }
}
