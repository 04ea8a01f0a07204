package ma.rokhsa.indexer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.message.BasicHeader;
import org.apache.hc.core5.util.Timeout;

import co.elastic.clients.elasticsearch.ElasticsearchAsyncClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.TransportUtils;
import co.elastic.clients.transport.rest5_client.Rest5ClientTransport;
import co.elastic.clients.transport.rest5_client.low_level.Rest5Client;
import co.elastic.clients.transport.rest5_client.low_level.Rest5ClientBuilder;

/**
 * Builds the official Elasticsearch Java API client (async flavour, Apache HttpClient 5 transport)
 * from {@link ElasticsearchSettings}. The returned client is thread-safe and meant to be shared;
 * close it once at shutdown ({@code client.close()} closes the transport and its connections).
 */
public final class ElasticsearchClients {

    private ElasticsearchClients() {
    }

    public static ElasticsearchAsyncClient create(ElasticsearchSettings settings) {
        Rest5ClientBuilder builder = Rest5Client.builder(settings.urls())
                .setDefaultHeaders(authHeaders(settings))
                .setCompressionEnabled(false)
                .setRequestConfigCallback(request -> request
                        .setConnectionRequestTimeout(Timeout.of(settings.responseTimeout().toMillis(), TimeUnit.MILLISECONDS))
                        .setResponseTimeout(Timeout.of(settings.responseTimeout().toMillis(), TimeUnit.MILLISECONDS)))
                .setConnectionConfigCallback(connection -> connection
                        .setConnectTimeout(Timeout.of(settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)))
                .setConnectionManagerCallback(pool -> pool
                        .setMaxConnPerRoute(settings.maxConnections())
                        .setMaxConnTotal(settings.maxConnections() * settings.urls().size()));
        SSLContext ssl = sslContext(settings);
        if (ssl != null) {
            builder.setSSLContext(ssl);
        }
        if (settings.productCompatibility()) {
            ProductCompatibilityInterceptor interceptor = new ProductCompatibilityInterceptor();
            builder.setHttpClientConfigCallback(http -> http
                    .addRequestInterceptorLast(interceptor)
                    .addResponseInterceptorFirst(interceptor));
        }
        Rest5Client rest = builder.build();
        return new ElasticsearchAsyncClient(new Rest5ClientTransport(rest, new JacksonJsonpMapper()));
    }

    private static Header[] authHeaders(ElasticsearchSettings settings) {
        List<Header> headers = new ArrayList<>();
        if (settings.apiKey() != null) {
            headers.add(new BasicHeader("Authorization", "ApiKey " + settings.apiKey()));
        } else if (settings.username() != null) {
            String token = Base64.getEncoder().encodeToString(
                    (settings.username() + ":" + settings.password()).getBytes(StandardCharsets.UTF_8));
            headers.add(new BasicHeader("Authorization", "Basic " + token));
        }
        return headers.toArray(Header[]::new);
    }

    private static SSLContext sslContext(ElasticsearchSettings settings) {
        try {
            if (settings.caCertificate() != null) {
                try (InputStream in = Files.newInputStream(settings.caCertificate())) {
                    return TransportUtils.sslContextFromHttpCaCrt(in);
                }
            }
            if (settings.truststore() != null) {
                char[] password = settings.truststorePassword() == null ? null : settings.truststorePassword().toCharArray();
                KeyStore store = KeyStore.getInstance(settings.truststore().toFile(), password);
                TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trust.init(store);
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(null, trust.getTrustManagers(), null);
                return context;
            }
            return null;
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            String file = String.valueOf(settings.caCertificate() != null ? settings.caCertificate() : settings.truststore());
            throw new IndexerException(IndexerException.Code.CONFIG_INVALID,
                    "Cannot read the search engine's TLS trust material from " + file
                            + ": check the path, the format (PEM CA, PKCS#12 or JKS) and the password",
                    Map.of("file", file), e);
        }
    }
}
