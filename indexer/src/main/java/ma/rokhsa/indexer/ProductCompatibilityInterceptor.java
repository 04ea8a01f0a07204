package ma.rokhsa.indexer;

import java.util.Locale;

import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpRequestInterceptor;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.HttpResponseInterceptor;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * Lets the Elasticsearch 9.x Java client talk to the embedded OpenSearch node, which speaks the same
 * REST API but (1) answers 406 to the client's {@code application/vnd.elasticsearch+json;
 * compatible-with=9} media types and (2) does not send the {@code X-Elastic-Product: Elasticsearch}
 * header the client insists on. On requests, vendor media types in {@code Content-Type} and
 * {@code Accept} become {@code application/json} / {@code application/x-ndjson}; on answers, the
 * product header is added when missing. Stateless and thread-safe; installed only when
 * {@link ElasticsearchSettings#productCompatibility()} is on.
 */
final class ProductCompatibilityInterceptor implements HttpRequestInterceptor, HttpResponseInterceptor {

    static final String PRODUCT_HEADER = "X-Elastic-Product";

    @Override
    public void process(HttpRequest request, EntityDetails entity, HttpContext context) {
        rewrite(request, "Content-Type");
        rewrite(request, "Accept");
    }

    @Override
    public void process(HttpResponse response, EntityDetails entity, HttpContext context) {
        if (!response.containsHeader(PRODUCT_HEADER)) {
            response.addHeader(PRODUCT_HEADER, "Elasticsearch");
        }
    }

    private static void rewrite(HttpRequest request, String name) {
        Header[] headers = request.getHeaders(name);
        if (headers.length == 0) {
            return;
        }
        request.removeHeaders(name);
        for (Header header : headers) {
            request.addHeader(name, plainMediaType(header.getValue()));
        }
    }

    /** {@code application/vnd.elasticsearch+x-ndjson; compatible-with=9} becomes {@code application/x-ndjson}. */
    static String plainMediaType(String value) {
        if (value == null) {
            return null;
        }
        String lower = value.toLowerCase(Locale.ROOT);
        if (!lower.contains("application/vnd.elasticsearch+")) {
            return value;
        }
        return lower.contains("+x-ndjson") ? "application/x-ndjson" : "application/json";
    }
}
