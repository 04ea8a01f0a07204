package ma.rokhsa.api.ranking;

import java.time.Clock;

import org.springframework.http.codec.ServerSentEvent;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The published ranking, for the API and the public pages alike: a period's ranking (the live one for
 * {@code rolling-90} or no period), and the live ranking's updates as they are published.
 */
@Service
public class RankingBoard {

    private final RankingService rankings;
    private final LiveRanking live;
    private final Clock clock;

    RankingBoard(RankingService rankings, LiveRanking live, Clock clock) {
        this.rankings = rankings;
        this.live = live;
        this.clock = clock;
    }

    /** The ranking of a period: {@code 2026-Q3}, {@code 2026} or {@code rolling-90} (null: the live one). */
    public Mono<Ranking> ranking(String period) {
        return Mono.defer(() -> {
            RankingPeriod p = RankingPeriod.parse(period, clock.instant(), rankings.zone());
            return p.live() ? live.current() : rankings.ranking(p);
        });
    }

    /** The id of the live ranking's latest update: a page shows that one, and its stream resumes after it. */
    public String latestUpdateId() {
        return Long.toString(live.latestId());
    }

    /** The live ranking's {@code ranking.updated} events after {@code lastEventId} (null: from now). */
    public Flux<ServerSentEvent<String>> updates(String lastEventId) {
        return live.updates(lastEventId);
    }
}
