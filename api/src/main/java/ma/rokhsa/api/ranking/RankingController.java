package ma.rokhsa.api.ranking;

import java.time.Duration;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import ma.rokhsa.api.config.RokhsaProperties;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The public ranking of communes and the national indicators: no account needed. */
@RestController
@Tag(name = "Ranking and statistics")
class RankingController {

    private final RankingBoard board;
    private final StatsService stats;
    private final RokhsaProperties props;

    RankingController(RankingBoard board, StatsService stats, RokhsaProperties props) {
        this.board = board;
        this.stats = stats;
        this.props = props;
    }

    @GetMapping("/api/ranking")
    @Operation(summary = "Ranking of the communes for a period: 2026-Q3 (quarter), 2026 (year) or rolling-90 (live, the default)")
    Mono<Ranking> ranking(@RequestParam(value = "period", required = false) String period) {
        return board.ranking(period);
    }

    @GetMapping(path = "/api/ranking/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(summary = "The live ranking as it changes: ranking.updated events (top 10, bottom 10, the commune that moved)")
    Flux<ServerSentEvent<String>> events(@RequestHeader(value = "Last-Event-ID", required = false) String lastEventId) {
        Duration hb = props.events().heartbeat();
        Flux<ServerSentEvent<String>> beats = Flux.interval(hb, hb).map(i -> ServerSentEvent.<String>builder().comment("heartbeat").build());
        // The comment goes out at once so that the response headers flush before the first update.
        return Flux.concat(Mono.just(ServerSentEvent.<String>builder().comment("connected").build()),
                Flux.merge(board.updates(lastEventId), beats));
    }

    @GetMapping("/api/stats")
    @Operation(summary = "National indicators: active communes, professionals, officials, dossiers per day, delays to decision")
    Mono<StatsService.NationalStats> stats() {
        return stats.current();
    }
}
