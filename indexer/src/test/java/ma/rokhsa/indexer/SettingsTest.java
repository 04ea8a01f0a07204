package ma.rokhsa.indexer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class SettingsTest {

    @Test
    void clientSettingsValidateAndHideSecrets() {
        ElasticsearchSettings s = ElasticsearchSettings.of(URI.create("https://es.example:9200")).withBasicAuth("rokhsa", "s3cret");
        assertThat(s.toString()).contains("basic(rokhsa)").doesNotContain("s3cret");
        assertThat(ElasticsearchSettings.of(URI.create("https://es:9200")).withApiKey("QUJD").toString()).doesNotContain("QUJD");
        assertThat(s.productCompatibility()).isFalse();
        assertCode(() -> ElasticsearchSettings.of(URI.create("ftp://x")));
        assertCode(() -> ElasticsearchSettings.of());
        assertCode(() -> s.withApiKey("k").withBasicAuth("a", null));
        assertCode(() -> ElasticsearchClients.create(ElasticsearchSettings.of(URI.create("https://es:9200"))
                .withCaCertificate(Path.of("/no/such/ca.pem"))));
    }

    @Test
    void indexerAndNodeSettingsValidate() {
        assertCode(() -> IndexerSettings.defaults().withAlias("Bad Alias"));
        assertCode(() -> IndexerSettings.defaults().withBatching(0, 1024, java.time.Duration.ofMillis(1), 1));
        assertCode(() -> EmbeddedSearchNode.builder(Path.of("x")).heap("lots"));
        assertCode(() -> EmbeddedSearchNode.builder(Path.of("x")).httpPort(70000));
        assertCode(() -> EmbeddedSearchNode.builder(Path.of("x")).setting("a=b", "c"));
        assertCode(() -> EmbeddedSearchNode.builder(Path.of("x")).build().httpUri());
    }

    private static void assertCode(Runnable r) {
        assertThatThrownBy(r::run).isInstanceOf(IndexerException.class);
    }
}
