package ma.rokhsa.api.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import ma.rokhsa.api.ranking.Ranking;
import ma.rokhsa.api.ranking.RankingBoard;
import ma.rokhsa.api.ranking.StatsService;
import ma.rokhsa.api.security.ClientAddress;
import ma.rokhsa.api.signing.DocumentVerification;
import ma.rokhsa.api.web.ApiProblem;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.http.codec.multipart.PartEvent;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The public pages built on public data: the live ranking of communes with its formula, the national
 * statistics with charts, and the verification of a signed document (upload, or the QR code's link).
 */
@Controller
class PublicDataPages {

    private final RankingBoard board;
    private final StatsService stats;
    private final DocumentVerification verification;
    private final FragmentRenderer renderer;
    private final Messages messages;

    PublicDataPages(RankingBoard board, StatsService stats, DocumentVerification verification, FragmentRenderer renderer,
                    Messages messages) {
        this.board = board;
        this.stats = stats;
        this.verification = verification;
        this.renderer = renderer;
        this.messages = messages;
    }

    @GetMapping("/ranking")
    Mono<Rendering> ranking(@RequestParam(required = false) String period) {
        return board.ranking(period == null || period.isBlank() ? null : period)
                .map(r -> Rendering.view("public/ranking").modelAttribute("r", r).modelAttribute("period", period == null ? "" : period)
                        .modelAttribute("after", board.latestUpdateId()).modelAttribute("error", "").build())
                .onErrorResume(ApiProblem.class, e -> board.ranking(null).map(r -> Rendering.view("public/ranking")
                        .status(e.getStatusCode()).modelAttribute("r", r).modelAttribute("period", "").modelAttribute("after", "0")
                        .modelAttribute("error", "problem." + e.code()).build()));
    }

    /** The live ranking table, pushed again whenever a signed decision moves it. */
    @GetMapping(path = "/live/ranking", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @ResponseBody
    Flux<ServerSentEvent<String>> liveRanking(ServerWebExchange exchange, @RequestParam(required = false) String after,
                                              @org.springframework.web.bind.annotation.RequestHeader(value = "Last-Event-ID", required = false) String lastEventId) {
        Locale locale = exchange.getLocaleContext().getLocale();
        return Flux.concat(Mono.just(ServerSentEvent.<String>builder().comment("connected").build()),
                board.updates(lastEventId != null ? lastEventId : after).filter(e -> e.event() != null)
                        .concatMap(e -> board.ranking(null).map(r -> ServerSentEvent.builder(
                                        renderer.render("live/ranking", locale, Map.of("r", r, "period", "")))
                                .id(e.id()).event("ranking").build())));
    }

    @GetMapping("/stats")
    Mono<Rendering> stats(ServerWebExchange exchange) {
        Locale locale = exchange.getLocaleContext().getLocale();
        String lang = Lang.of(locale).code();
        return Mono.zip(stats.current(), board.ranking(null)).map(t -> {
            StatsService.NationalStats s = t.getT1();
            Ranking r = t.getT2();
            List<BarChart.Row> perDay = new ArrayList<>();
            s.dossiersPerDay().byCategory().forEach((cat, c) -> perDay.add(new BarChart.Row(
                    messages.get("category." + cat, locale), c.average(), BarChart.number(c.average()), false)));
            List<BarChart.Row> delays = new ArrayList<>();
            if (s.averageLegalDays().small().averageDays() != null) {
                delays.add(new BarChart.Row(messages.get("stats.small", locale), s.averageLegalDays().small().averageDays(),
                        BarChart.number(s.averageLegalDays().small().averageDays()), false));
            }
            if (s.averageLegalDays().large().averageDays() != null) {
                delays.add(new BarChart.Row(messages.get("stats.large", locale), s.averageLegalDays().large().averageDays(),
                        BarChart.number(s.averageLegalDays().large().averageDays()), true));
            }
            List<BarChart.Row> scores = r.communes().stream().filter(c -> c.score() != null).limit(15)
                    .map(c -> new BarChart.Row("ar".equals(lang) && c.nameAr() != null ? c.nameAr() : c.name(), c.score(),
                            BarChart.number(c.score()), false)).toList();
            return Rendering.view("public/stats").modelAttribute("s", s)
                    .modelAttribute("perDay", BarChart.of(perDay, null, null))
                    .modelAttribute("delays", BarChart.of(delays, 15.0, messages.get("stats.smallDeadline", locale)))
                    .modelAttribute("scores", BarChart.of(scores, null, null)).build();
        });
    }

    @GetMapping("/verify")
    Mono<Rendering> verifyForm() {
        return Mono.just(Rendering.view("public/verify").modelAttribute("report", null).modelAttribute("issued", null)
                .modelAttribute("error", "").build());
    }

    @PostMapping(path = "/verify", consumes = "multipart/form-data")
    Mono<Rendering> verifyUpload(@RequestBody Flux<PartEvent> parts, ServerWebExchange exchange) {
        return verification.verifyUpload(parts, ClientAddress.of(exchange))
                .map(report -> Rendering.view("public/verify").modelAttribute("report", report).modelAttribute("issued", null)
                        .modelAttribute("error", "").build())
                .onErrorResume(ApiProblem.class, e -> Mono.just(Rendering.view("public/verify").status(e.getStatusCode())
                        .modelAttribute("report", null).modelAttribute("issued", null).modelAttribute("error", "problem." + e.code()).build()));
    }

    /** The page a permit's QR code opens: the platform's own copy, verified. */
    @GetMapping("/verify/{reference}")
    Mono<Rendering> verifyReference(@PathVariable String reference,
                                    @RequestParam(name = "t", required = false) String token,
                                    ServerWebExchange exchange) {
        return verification.byReference(reference, token, ClientAddress.of(exchange))
                .map(v -> Rendering.view("public/verify").modelAttribute("report", v.report()).modelAttribute("issued", v)
                        .modelAttribute("error", "").build())
                .onErrorResume(ApiProblem.class, e -> Mono.just(Rendering.view("public/verify").status(e.getStatusCode())
                        .modelAttribute("report", null).modelAttribute("issued", null).modelAttribute("error", "verify.unknownReference").build()));
    }
}
