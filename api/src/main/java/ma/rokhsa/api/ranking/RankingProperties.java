package ma.rokhsa.api.ranking;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the public ranking and statistics ({@code rokhsa.ranking.*}).
 *
 * @param minDecided  decided dossiers a commune needs in the period to be ranked (fewer: listed, not ranked)
 * @param debounce    least time between two recomputations of the live ranking; decisions meanwhile are coalesced
 * @param liveRefresh the live ranking is also recomputed this often (its 90-day window slides, dossiers age)
 * @param cacheTtl    how long a computed ranking is served before it is computed again (0: never cached);
 *                    a decision drops at once the cached rankings of the periods it falls in
 * @param statsTtl    how long the national statistics are served before they are computed again
 */
@ConfigurationProperties("rokhsa.ranking")
public record RankingProperties(@DefaultValue("5") int minDecided,
                                @DefaultValue("500ms") Duration debounce,
                                @DefaultValue("1m") Duration liveRefresh,
                                @DefaultValue("5m") Duration cacheTtl,
                                @DefaultValue("1m") Duration statsTtl) {

    public RankingProperties {
        if (minDecided < 1) {
            throw new IllegalArgumentException("rokhsa.ranking.min-decided must be at least 1, not " + minDecided);
        }
        if (liveRefresh.isZero() || liveRefresh.isNegative()) {
            throw new IllegalArgumentException("rokhsa.ranking.live-refresh must be positive, not " + liveRefresh);
        }
    }
}
