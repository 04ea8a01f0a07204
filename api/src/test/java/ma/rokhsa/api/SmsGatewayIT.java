package ma.rokhsa.api;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ma.rokhsa.api.support.ApiIT;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A signature PIN through a real SMS gateway (an operator's HTTP API, played by a server started here): it
 * reaches the holder's phone, works, and is written nowhere in the database; the demo's inbox is not there.
 */
// Its own settings make its own application context: closed after it, not kept for the rest of the run.
@DirtiesContext
class SmsGatewayIT extends ApiIT {

    record Received(String authorization, String body) {
    }

    static final List<Received> OPERATOR = new CopyOnWriteArrayList<>();
    static final DisposableServer SERVER = HttpServer.create().host("127.0.0.1").port(0)
            .route(r -> r.post("/sms", (req, res) -> req.receive().aggregate().asString()
                    .doOnNext(b -> OPERATOR.add(new Received(req.requestHeaders().get("Authorization"), b)))
                    .then(res.status(202).sendString(Mono.just("{\"id\":\"op-1\"}")).then())))
            .bindNow();

    @DynamicPropertySource
    static void gateway(DynamicPropertyRegistry r) {
        r.add("rokhsa.sms.gateway", () -> "http");
        r.add("rokhsa.sms.http.url", () -> "http://127.0.0.1:" + SERVER.port() + "/sms");
        r.add("rokhsa.sms.http.token", () -> "operator-token");
    }

    @AfterAll
    static void stop() {
        SERVER.disposeNow();
    }

    @Autowired
    DatabaseClient db;

    @Test
    void thePinGoesToThePhoneAndNowhereElse() {
        as("admin").put().uri("/api/provinces/BM/contact").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("fullName", "Hassan Ouali", "title", "Chef de division", "phone", "+212600000005",
                        "postalAddress", "Province de Béni Mellal", "email", "hassan@demo.rokhsa.ma", "username", "hassan"))
                .exchange().expectStatus().isOk();
        String key = (String) as("admin").post().uri("/api/signing-keys").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("holder", "mustapha")).exchange().expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody().get("id");

        await().atMost(Duration.ofSeconds(10)).until(() -> !OPERATOR.isEmpty());
        Received sms = OPERATOR.get(OPERATOR.size() - 1);
        assertThat(sms.authorization()).isEqualTo("Bearer operator-token");
        assertThat(sms.body()).contains("\"to\":\"+212600000010\"");
        Matcher m = Pattern.compile("\\b(\\d{8})\\b").matcher(sms.body());
        assertThat(m.find()).isTrue();
        String pin = m.group(1);

        // No inbox to read it from with a password alone.
        as("mustapha").get().uri("/api/me/sms").exchange().expectStatus().isNotFound();
        // Written nowhere: no text column of any table holds it.
        List<String> holding = textColumns().concatMap(c -> db.sql("SELECT count(*) AS n FROM \"" + c[0] + "\" WHERE \"" + c[1]
                        + "\"::text LIKE :p").bind("p", "%" + pin + "%").map(r -> r.get("n", Long.class)).one()
                        .filter(n -> n > 0).map(n -> c[0] + "." + c[1]))
                .collectList().block(Duration.ofSeconds(30));
        assertThat(holding).isEmpty();
        // The trail says which channel delivered it: the SMS (there is no SMTP server here).
        as("admin").get().uri("/api/signing-keys/{id}", key).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.events[?(@.type == 'PIN_SENT')].details").value(d -> assertThat(d.toString()).contains("sms").doesNotContain("email"));

        // And it works: handed over, then changed by its holder.
        as("admin").post().uri("/api/signing-keys/{id}/ship", key).exchange().expectStatus().isOk();
        as("hassan").post().uri("/api/signing-keys/{id}/handover", key).exchange().expectStatus().isOk();
        as("mustapha").post().uri("/api/signing-keys/{id}/pin", key).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("oldPin", pin, "newPin", "58213947")).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("ACTIVE");
    }

    private Flux<String[]> textColumns() {
        return db.sql("""
                SELECT table_name, column_name FROM information_schema.columns
                WHERE table_schema = current_schema() AND data_type IN ('text', 'character varying', 'json', 'jsonb')""")
                .map(r -> new String[] {r.get("table_name", String.class), r.get("column_name", String.class)}).all();
    }
}
