package ma.rokhsa.api.config;

import ma.rokhsa.api.reference.Catalog;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

@Configuration
@EnableConfigurationProperties({RokhsaProperties.class, Catalog.class, ma.rokhsa.api.search.SearchProperties.class})
class PropertiesConfig {
}
