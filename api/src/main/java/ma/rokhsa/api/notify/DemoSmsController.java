package ma.rokhsa.api.notify;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import ma.rokhsa.api.security.Viewer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The demo's phone: the text messages sent to the caller, which a real gateway would deliver to their phone. */
@RestController
@Tag(name = "Me")
@ConditionalOnProperty(name = "rokhsa.sms.gateway", havingValue = SmsProperties.DEMO_INBOX, matchIfMissing = true)
class DemoSmsController {

    private final DemoSmsInbox inbox;

    DemoSmsController(SmsGateway gateway) {
        this.inbox = (DemoSmsInbox) gateway;
    }

    @GetMapping("/api/me/sms")
    @Operation(summary = "Demo only: text messages sent to the caller in the last day (newest first); absent with a real SMS gateway")
    List<DemoSmsInbox.Sms> sms(Viewer viewer) {
        return inbox.inbox(viewer.id());
    }
}
