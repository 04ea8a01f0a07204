package ma.rokhsa.indexer;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.hc.core5.http.message.BasicHttpRequest;
import org.apache.hc.core5.http.message.BasicHttpResponse;
import org.apache.hc.core5.http.protocol.BasicHttpContext;
import org.junit.jupiter.api.Test;

class ProductCompatibilityInterceptorTest {

    final ProductCompatibilityInterceptor interceptor = new ProductCompatibilityInterceptor();

    @Test
    void rewritesVendorMediaTypesToPlainOnes() {
        BasicHttpRequest json = new BasicHttpRequest("POST", "/_search");
        json.addHeader("Content-Type", "application/vnd.elasticsearch+json; compatible-with=9");
        json.addHeader("Accept", "application/vnd.elasticsearch+json; compatible-with=9");
        interceptor.process(json, null, new BasicHttpContext());
        assertThat(json.getFirstHeader("Content-Type").getValue()).isEqualTo("application/json");
        assertThat(json.getFirstHeader("Accept").getValue()).isEqualTo("application/json");

        BasicHttpRequest bulk = new BasicHttpRequest("POST", "/_bulk");
        bulk.addHeader("Content-Type", "application/vnd.elasticsearch+x-ndjson; compatible-with=9");
        interceptor.process(bulk, null, new BasicHttpContext());
        assertThat(bulk.getFirstHeader("Content-Type").getValue()).isEqualTo("application/x-ndjson");
        assertThat(bulk.getHeaders("Content-Type")).hasSize(1);
    }

    @Test
    void leavesOtherMediaTypesAlone() {
        assertThat(ProductCompatibilityInterceptor.plainMediaType("application/json")).isEqualTo("application/json");
        assertThat(ProductCompatibilityInterceptor.plainMediaType("text/plain")).isEqualTo("text/plain");
        assertThat(ProductCompatibilityInterceptor.plainMediaType(null)).isNull();
    }

    @Test
    void addsTheProductHeaderOnlyWhenMissing() {
        BasicHttpResponse plain = new BasicHttpResponse(200);
        interceptor.process(plain, null, new BasicHttpContext());
        assertThat(plain.getFirstHeader("X-Elastic-Product").getValue()).isEqualTo("Elasticsearch");

        BasicHttpResponse other = new BasicHttpResponse(200);
        other.addHeader("X-Elastic-Product", "Something");
        interceptor.process(other, null, new BasicHttpContext());
        assertThat(other.getHeaders("X-Elastic-Product")).hasSize(1);
        assertThat(other.getFirstHeader("X-Elastic-Product").getValue()).isEqualTo("Something");
    }
}
