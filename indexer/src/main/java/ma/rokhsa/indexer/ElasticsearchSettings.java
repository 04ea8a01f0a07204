package ma.rokhsa.indexer;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How to reach the search engine: a real Elasticsearch 8.19/9.x cluster in production, or the
 * {@link EmbeddedSearchNode} by default. Immutable; build one with {@link #of(URI...)} and the
 * {@code with*} methods, or take {@link EmbeddedSearchNode#clientSettings()}.
 *
 * @param urls                  one or more {@code http(s)://host:port} of the cluster's HTTP endpoints
 * @param apiKey                the encoded API key ({@code base64(id:key)} as Elasticsearch prints it), or null
 * @param username              basic-auth user, or null (not together with an API key)
 * @param password              basic-auth password, or null
 * @param caCertificate         PEM file of the CA that signed the cluster's certificate, or null for the JVM's trust store
 * @param truststore            PKCS#12 or JKS trust store instead of a PEM CA, or null
 * @param truststorePassword    the trust store's password, or null
 * @param productCompatibility  rewrite the 9.x client's {@code application/vnd.elasticsearch+json} media types
 *                              to plain JSON/NDJSON and add the {@code X-Elastic-Product} header to answers
 *                              that lack it. Needed for the embedded OpenSearch node only: never turn it on
 *                              against Elasticsearch, where it would hide talking to the wrong server.
 * @param connectTimeout        TCP connect timeout
 * @param responseTimeout       time to wait for an answer (bulk requests that wait for a refresh included)
 * @param maxConnections        connections per node; at least the number of concurrent searches plus bulk requests
 */
public record ElasticsearchSettings(
        List<URI> urls,
        String apiKey,
        String username,
        String password,
        Path caCertificate,
        Path truststore,
        String truststorePassword,
        boolean productCompatibility,
        Duration connectTimeout,
        Duration responseTimeout,
        int maxConnections) {

    public ElasticsearchSettings {
        urls = List.copyOf(Objects.requireNonNull(urls, "urls"));
        if (urls.isEmpty()) {
            throw new IndexerException(IndexerException.Code.CONFIG_INVALID,
                    "No search engine URL configured: give at least one http(s)://host:port");
        }
        for (URI url : urls) {
            if (url.getHost() == null || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
                throw new IndexerException(IndexerException.Code.CONFIG_INVALID,
                        "Search engine URL '" + url + "' is not of the form http(s)://host:port");
            }
        }
        if (apiKey != null && username != null) {
            throw new IndexerException(IndexerException.Code.CONFIG_INVALID,
                    "Both an API key and a user name are configured for the search engine: keep only one");
        }
        if (username != null && password == null) {
            throw new IndexerException(IndexerException.Code.CONFIG_INVALID,
                    "A search engine user name is configured without a password");
        }
        if (caCertificate != null && truststore != null) {
            throw new IndexerException(IndexerException.Code.CONFIG_INVALID,
                    "Both a CA certificate and a trust store are configured for the search engine: keep only one");
        }
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(5) : connectTimeout;
        responseTimeout = responseTimeout == null ? Duration.ofSeconds(60) : responseTimeout;
        maxConnections = maxConnections <= 0 ? 32 : maxConnections;
    }

    /** Production defaults: no credentials, JVM trust store, no compatibility rewriting. */
    public static ElasticsearchSettings of(URI... urls) {
        return new ElasticsearchSettings(List.of(urls), null, null, null, null, null, null, false, null, null, 0);
    }

    public ElasticsearchSettings withApiKey(String encodedApiKey) {
        return new ElasticsearchSettings(urls, encodedApiKey, null, null, caCertificate, truststore,
                truststorePassword, productCompatibility, connectTimeout, responseTimeout, maxConnections);
    }

    public ElasticsearchSettings withBasicAuth(String user, String pass) {
        return new ElasticsearchSettings(urls, null, user, pass, caCertificate, truststore,
                truststorePassword, productCompatibility, connectTimeout, responseTimeout, maxConnections);
    }

    public ElasticsearchSettings withCaCertificate(Path pemFile) {
        return new ElasticsearchSettings(urls, apiKey, username, password, pemFile, null, null,
                productCompatibility, connectTimeout, responseTimeout, maxConnections);
    }

    public ElasticsearchSettings withTruststore(Path file, String pass) {
        return new ElasticsearchSettings(urls, apiKey, username, password, null, file, pass,
                productCompatibility, connectTimeout, responseTimeout, maxConnections);
    }

    public ElasticsearchSettings withProductCompatibility(boolean on) {
        return new ElasticsearchSettings(urls, apiKey, username, password, caCertificate, truststore,
                truststorePassword, on, connectTimeout, responseTimeout, maxConnections);
    }

    public ElasticsearchSettings withTimeouts(Duration connect, Duration response) {
        return new ElasticsearchSettings(urls, apiKey, username, password, caCertificate, truststore,
                truststorePassword, productCompatibility, connect, response, maxConnections);
    }

    public ElasticsearchSettings withMaxConnections(int perNode) {
        return new ElasticsearchSettings(urls, apiKey, username, password, caCertificate, truststore,
                truststorePassword, productCompatibility, connectTimeout, responseTimeout, perNode);
    }

    /** Secrets are never printed. */
    @Override
    public String toString() {
        return "ElasticsearchSettings[urls=" + urls
                + ", auth=" + (apiKey != null ? "api-key" : username != null ? "basic(" + username + ")" : "none")
                + ", tls=" + (caCertificate != null ? "ca:" + caCertificate : truststore != null ? "truststore:" + truststore : "jvm")
                + ", productCompatibility=" + productCompatibility
                + ", connectTimeout=" + connectTimeout + ", responseTimeout=" + responseTimeout
                + ", maxConnections=" + maxConnections + "]";
    }
}
