package ma.rokhsa.signer;

import com.sun.net.httpserver.HttpServer;
import ma.rokhsa.signer.keys.Argon2Settings;
import ma.rokhsa.signer.pki.DemoPki;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A demo PKI in a temporary directory, published over HTTP on the loopback interface exactly as the
 * application will serve it ({baseUrl}/pki/{name}, and the TSA at {baseUrl}/pki/tsa), so that
 * independent validators (EU DSS, pdfsig) can fetch CRLs from the distribution points.
 */
public final class DemoPkiFixture implements AutoCloseable {

    /** Cheap Argon2 settings for tests that unlock keys many times; one test uses the defaults. */
    public static final Argon2Settings FAST_ARGON2 = new Argon2Settings(8 * 1024, 1, 1);

    public final HttpServer server;
    public final URI baseUrl;
    public final DemoPki pki;
    public final Path dir;

    public DemoPkiFixture(Path dir) throws IOException {
        this.dir = dir;
        AtomicReference<DemoPki> ref = new AtomicReference<>();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.createContext("/pki/", exchange -> {
            try (exchange) {
                String name = exchange.getRequestURI().getPath().substring("/pki/".length());
                DemoPki p = ref.get();
                if ("tsa".equals(name) && "POST".equals(exchange.getRequestMethod())) {
                    byte[] resp = p.timestampAuthority().respond(exchange.getRequestBody().readAllBytes());
                    exchange.getResponseHeaders().add("Content-Type", "application/timestamp-reply");
                    exchange.sendResponseHeaders(200, resp.length);
                    try (OutputStream os = exchange.getResponseBody()) {
                        os.write(resp);
                    }
                    return;
                }
                var published = p == null ? java.util.Optional.<DemoPki.Published>empty() : p.published(name);
                if (published.isEmpty()) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                exchange.getResponseHeaders().add("Content-Type", published.get().mediaType());
                exchange.sendResponseHeaders(200, published.get().content().length);
                try (OutputStream os = exchange.getResponseBody()) {
                    os.write(published.get().content());
                }
            }
        });
        server.start();
        baseUrl = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        pki = DemoPki.openOrCreate(dir, baseUrl, "demo-store-password".toCharArray());
        ref.set(pki);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
