package ma.rokhsa.api.search;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The search engine: the embedded OpenSearch node (default run and tests), or an external Elasticsearch
 * 8.19/9.x cluster given by URL and credentials.
 */
@ConfigurationProperties("rokhsa.search")
public record SearchProperties(
        @DefaultValue("true") boolean enabled,
        /** Start the embedded node (in its own JVM, under the data folder); false: use {@code urls}. */
        @DefaultValue("true") boolean embedded,
        @DefaultValue("512m") String nodeHeap,
        @DefaultValue("0") int nodePort,
        @DefaultValue List<String> urls,
        String apiKey,
        String username,
        String password,
        Path caCertificate,
        Path truststore,
        String truststorePassword,
        @DefaultValue("rokhsa-documents") String alias,
        @DefaultValue("120s") Duration startTimeout) {
}
