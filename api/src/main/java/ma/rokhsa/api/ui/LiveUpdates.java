package ma.rokhsa.api.ui;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import ma.rokhsa.api.config.RokhsaProperties;
import ma.rokhsa.api.dossier.DossierEvents;
import ma.rokhsa.api.dossier.DossierRecord;
import ma.rokhsa.api.dossier.DossierService;
import ma.rokhsa.api.dossier.Views;
import ma.rokhsa.api.events.EventBroadcaster;
import ma.rokhsa.api.events.StoredEvent;
import ma.rokhsa.api.security.Role;
import ma.rokhsa.api.security.Viewer;
import ma.rokhsa.api.web.ApiProblem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.security.web.server.csrf.CsrfToken;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Live pages: server-sent events whose data are HTML fragments, rendered with the pages' own templates in
 * the subscriber's language, that htmx swaps in place ({@code sse-swap}). Each event keeps the id of the
 * event-log row it comes from, so a browser that reconnects with {@code Last-Event-ID} (or the page's
 * {@code after}) misses nothing. A document's every step is pushed as it happens; the parts that depend on
 * the whole dossier (status, checklist, history) are re-rendered once a burst of events has settled.
 */
@Controller
class LiveUpdates {

    private static final Logger log = LoggerFactory.getLogger(LiveUpdates.class);

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };
    private static final Duration SETTLE = Duration.ofMillis(250);

    private final EventBroadcaster broadcaster;
    private final ma.rokhsa.api.events.EventLog eventLog;
    private final DossierService dossiers;
    private final DossierPageModel pageModel;
    private final FragmentRenderer renderer;
    private final RokhsaProperties props;
    private final JsonMapper json;
    private final DeskPages desks;

    LiveUpdates(EventBroadcaster broadcaster, ma.rokhsa.api.events.EventLog eventLog, DossierService dossiers, DossierPageModel pageModel, FragmentRenderer renderer,
                RokhsaProperties props, JsonMapper json, DeskPages desks) {
        this.desks = desks;
        this.broadcaster = broadcaster;
        this.eventLog = eventLog;
        this.dossiers = dossiers;
        this.pageModel = pageModel;
        this.renderer = renderer;
        this.props = props;
        this.json = json;
    }

    /** The dossier page: each document's stage, then the status panel, checklist and history. */
    @GetMapping(path = "/live/dossiers/{id}", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @ResponseBody
    Flux<ServerSentEvent<String>> dossier(Viewer v, @PathVariable UUID id, ServerWebExchange exchange,
                                          @RequestHeader(value = "Last-Event-ID", required = false) String lastEventId,
                                          @RequestParam(required = false) String after) {
        Locale locale = exchange.getLocaleContext().getLocale();
        long from = parse(lastEventId != null ? lastEventId : after);
        Mono<CsrfToken> token = exchange.getAttributeOrDefault(CsrfToken.class.getName(), Mono.empty());
        return dossiers.visible(v, id).zipWith(token.map(t -> (Object) t).defaultIfEmpty(""))
                .flatMapMany(t -> {
                    DossierRecord d = t.getT1();
                    Object csrf = t.getT2();
                    Flux<StoredEvent> events = broadcaster.dossier(d.id(), from, props.events().subscriberBuffer())
                            .filter(e -> e.visibleTo(v));
                    Flux<ServerSentEvent<String>> stream = events.publish(shared -> Flux.merge(
                            shared.filter(e -> DossierEvents.DOCUMENT_STATUS.equals(e.type()))
                                    .map(e -> documentStep(e, locale)),
                            shared.sampleTimeout(e -> Mono.delay(SETTLE))
                                    .concatMap(e -> dossierParts(v, d.id(), e.id(), locale, csrf))));
                    return withHeartbeat(stream);
                })
                // a dossier the caller may not see is answered with its status, not a failure worth a log line
                .doOnError(e -> !(e instanceof ApiProblem), e -> log.warn("live stream of dossier {} ended: {}", id, e.toString()));
    }

    private ServerSentEvent<String> documentStep(StoredEvent e, Locale locale) {
        Map<String, Object> data = json.readValue(e.json(), MAP);
        UUID docId = UUID.fromString((String) data.get("documentId"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> problems = (List<Map<String, Object>>) data.getOrDefault("problems", List.of());
        String status = (String) data.get("status");
        String fileName = (String) data.get("fileName");
        long size = data.get("size") instanceof Number n ? n.longValue() : 0;
        boolean pdf = fileName != null && fileName.toLowerCase(Locale.ROOT).endsWith(".pdf") && !"REJECTED".equals(status);
        var row = new DossierPageModel.DocRow(docId, fileName, (String) data.get("kind"), status, size, problems, pdf, false);
        // One event name for every document, heard by the list, which is there from the page's start; the row
        // takes the place of the one with its id (out of band). A listener per row would miss a step that comes
        // before htmx has registered the new row's listener.
        String html = renderer.render("live/doc", locale, Map.of("doc", row));
        return ServerSentEvent.builder(html).id(Long.toString(e.id())).event("doc").build();
    }

    private Flux<ServerSentEvent<String>> dossierParts(Viewer v, UUID dossierId, long eventId, Locale locale, Object csrf) {
        return pageModel.build(v, dossierId).flatMapMany(m -> {
            Map<String, Object> vars = new LinkedHashMap<>(m);
            vars.put("me", v);
            vars.put("_csrf", csrf instanceof CsrfToken ? csrf : null);
            vars.put("maxUpload", props.upload().maxFileSize().toBytes());
            String id = Long.toString(eventId);
            return Flux.just(
                    ServerSentEvent.builder(renderer.render("live/status-panel", locale, vars)).id(id).event("status-panel").build(),
                    ServerSentEvent.builder(renderer.render("live/checklist", locale, vars)).id(id).event("checklist").build(),
                    ServerSentEvent.builder(renderer.render("live/history", locale, vars)).id(id).event("history").build());
        }).onErrorResume(ApiProblem.class, e -> Flux.empty());
    }

    /** The architect's dossier list: a dossier's row again whenever its status changes. */
    @GetMapping(path = "/live/mine", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @ResponseBody
    Flux<ServerSentEvent<String>> mine(Viewer v, ServerWebExchange exchange,
                                       @RequestHeader(value = "Last-Event-ID", required = false) String lastEventId,
                                       @RequestParam(required = false) String after) {
        if (!v.is(Role.ARCHITECT)) {
            return Flux.error(ApiProblem.forbidden("ROLE_NOT_ALLOWED", "Only architects have a dossier list."));
        }
        Locale locale = exchange.getLocaleContext().getLocale();
        long from = parse(lastEventId != null ? lastEventId : after);
        Mono<Long> start = from > 0 ? Mono.just(from) : eventLog.lastId();
        return dossiers.list(v, null, null, 0, 200).flatMapMany(page -> { // the 200 most recent: the list pages show 25
            Set<UUID> mine = ConcurrentHashMap.newKeySet();
            page.items().forEach(s -> mine.add(s.id()));
            return start.flatMapMany(f -> withHeartbeat(broadcaster.dossiers(mine, f, props.events().subscriberBuffer())
                    .filter(e -> DossierEvents.DOSSIER_STATUS.equals(e.type()))
                    .concatMap(e -> dossiers.visible(v, e.dossierId()).map(d -> {
                        Map<String, Object> vars = Map.of("d", summary(d));
                        return ServerSentEvent.builder(renderer.render("live/my-row", locale, vars)).id(Long.toString(e.id()))
                                .event("dossier-" + d.id()).build();
                    }).onErrorResume(ApiProblem.class, x -> Mono.empty()))));
        });
    }

    static Views.DossierSummary summary(DossierRecord d) {
        return new Views.DossierSummary(d.id(), d.reference(), d.type(), d.communeCode(), d.communeName(), d.title(),
                d.status().name(), d.architectUsername(), d.createdAt(), d.submittedAt());
    }

    /** The one-stop shop's queue: a dossier's row again whenever its status changes (the commune's stream). */
    @GetMapping(path = "/live/commune", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @ResponseBody
    Flux<ServerSentEvent<String>> commune(Viewer v, ServerWebExchange exchange,
                                          @RequestHeader(value = "Last-Event-ID", required = false) String lastEventId,
                                          @RequestParam(required = false) String after) {
        if (v.communeCode() == null || !(v.is(Role.REVIEWER) || v.is(Role.SIGNATORY))) {
            return Flux.error(ApiProblem.forbidden("ROLE_NOT_ALLOWED", "Only the commune's staff follow its queue."));
        }
        Locale locale = exchange.getLocaleContext().getLocale();
        long from = parse(lastEventId != null ? lastEventId : after);
        return withHeartbeat(broadcaster.commune(v.communeCode(), from > 0 ? from : -1, props.events().subscriberBuffer())
                .filter(e -> DossierEvents.DOSSIER_STATUS.equals(e.type()))
                .concatMap(e -> dossiers.visible(v, e.dossierId())
                        .flatMap(d -> desks.withDeadlines(List.of(summary(d))).map(rows -> ServerSentEvent.builder(
                                        renderer.render("live/queue-row", locale, Map.of("r", rows.get(0))))
                                .id(Long.toString(e.id())).event("dossier-" + d.id()).build()))
                        .onErrorResume(ApiProblem.class, x -> Mono.empty())));
    }

    /** A live stream that cannot start just says so with its status: there is no page to show in an event stream. */
    @org.springframework.web.bind.annotation.ExceptionHandler(ApiProblem.class)
    org.springframework.http.ResponseEntity<Void> refused(ApiProblem e) {
        return org.springframework.http.ResponseEntity.status(e.getStatusCode()).build();
    }

    /** A comment at once (headers flush, the browser knows it is connected), then a heartbeat to keep proxies open. */
    Flux<ServerSentEvent<String>> withHeartbeat(Flux<ServerSentEvent<String>> data) {
        Duration hb = props.events().heartbeat();
        Flux<ServerSentEvent<String>> beats = Flux.interval(hb, hb).map(i -> ServerSentEvent.<String>builder().comment("heartbeat").build());
        return Flux.concat(Mono.just(ServerSentEvent.<String>builder().comment("connected").build()), Flux.merge(data, beats))
                .onErrorResume(EventBroadcaster.SlowSubscriberException.class, e -> Flux.empty());
    }

    static long parse(String id) {
        if (id == null || id.isBlank()) {
            return 0;
        }
        try {
            return Math.max(0, Long.parseLong(id.strip()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
