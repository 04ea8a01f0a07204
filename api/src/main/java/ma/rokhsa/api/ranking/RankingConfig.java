package ma.rokhsa.api.ranking;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

@Configuration
@EnableConfigurationProperties(RankingProperties.class)
class RankingConfig {
}
