package ma.rokhsa.api.events;

import java.time.Duration;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import ma.rokhsa.api.config.RokhsaProperties;
import ma.rokhsa.api.dossier.DossierService;
import ma.rokhsa.api.security.Role;
import ma.rokhsa.api.security.Viewer;
import ma.rokhsa.api.web.ApiProblem;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Live status over server-sent events. Each event has an {@code id} (its row in the event log), an
 * {@code event} type and JSON {@code data}; a client reconnecting with {@code Last-Event-ID} gets
 * exactly what it missed. A comment is sent at once on connect (so headers flush) and then as a
 * heartbeat, to keep idle connections open through proxies.
 */
@RestController
@Tag(name = "Live status")
class EventStreamController {

    private final EventBroadcaster broadcaster;
    private final DossierService dossiers;
    private final RokhsaProperties props;

    EventStreamController(EventBroadcaster broadcaster, DossierService dossiers, RokhsaProperties props) {
        this.broadcaster = broadcaster;
        this.dossiers = dossiers;
        this.props = props;
    }

    @GetMapping(path = "/api/dossiers/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(summary = "A dossier's events: its whole history, or what followed Last-Event-ID, then live")
    Flux<ServerSentEvent<String>> dossier(Viewer viewer, @PathVariable UUID id,
                                                 @RequestHeader(value = "Last-Event-ID", required = false) String lastEventId,
                                                 @RequestParam(value = "lastEventId", required = false) String lastEventIdParam) {
        long after = parse(lastEventId != null ? lastEventId : lastEventIdParam, 0);
        return dossiers.visible(viewer, id)
                .flatMapMany(d -> withHeartbeat(broadcaster.dossier(d.id(), after, props.events().subscriberBuffer())
                        .filter(e -> e.visibleTo(viewer))));
    }

    @GetMapping(path = "/api/communes/{code}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(summary = "All status changes of a commune's dossiers (reviewers and signatories of the commune, admins)")
    Flux<ServerSentEvent<String>> commune(Viewer viewer, @PathVariable String code,
                                                 @RequestHeader(value = "Last-Event-ID", required = false) String lastEventId,
                                                 @RequestParam(value = "lastEventId", required = false) String lastEventIdParam) {
        boolean allowed = viewer.is(Role.ADMIN)
                || (viewer.is(Role.REVIEWER) || viewer.is(Role.SIGNATORY)) && code.equals(viewer.communeCode());
        if (!allowed) {
            return Flux.error(ApiProblem.notFound("Commune stream " + code));
        }
        long after = parse(lastEventId != null ? lastEventId : lastEventIdParam, -1);
        return withHeartbeat(broadcaster.commune(code, after, props.events().subscriberBuffer()));
    }

    private Flux<ServerSentEvent<String>> withHeartbeat(Flux<StoredEvent> events) {
        Duration hb = props.events().heartbeat();
        Flux<ServerSentEvent<String>> data = events.map(EventBroadcaster::toSse);
        Flux<ServerSentEvent<String>> beats = Flux.interval(hb, hb).map(i -> ServerSentEvent.<String>builder().comment("heartbeat").build());
        return Flux.concat(Mono.just(ServerSentEvent.<String>builder().comment("connected").build()),
                        Flux.merge(data, beats))
                .onErrorResume(EventBroadcaster.SlowSubscriberException.class, e -> Flux.empty());
    }

    private static long parse(String id, long dflt) {
        if (id == null || id.isBlank()) {
            return dflt;
        }
        try {
            return Long.parseLong(id.strip());
        } catch (NumberFormatException e) {
            throw ApiProblem.badRequest("BAD_LAST_EVENT_ID", "Last-Event-ID must be the id of an event you received.");
        }
    }
}
