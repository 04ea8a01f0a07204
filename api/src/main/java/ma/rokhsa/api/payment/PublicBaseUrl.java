package ma.rokhsa.api.payment;

import java.net.URI;
import java.util.function.Supplier;

import ma.rokhsa.api.config.RokhsaProperties;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/**
 * The address payers and the gateway reach the platform at ({@code rokhsa.public-base-url}). When that
 * address names port 0 (the server took a random free port, as in tests), the real port replaces it once
 * the server is up, so that return and callback URLs work.
 */
@Component
class PublicBaseUrl implements Supplier<URI>, ApplicationListener<WebServerInitializedEvent> {

    private volatile URI uri;

    PublicBaseUrl(RokhsaProperties props) {
        this.uri = URI.create(strip(props.publicBaseUrl()));
    }

    @Override
    public URI get() {
        return uri;
    }

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        String ns = event.getApplicationContext().getServerNamespace();
        if (uri.getPort() == 0 && (ns == null || ns.isEmpty())) {
            uri = URI.create(uri.getScheme() + "://" + uri.getHost() + ":" + event.getWebServer().getPort()
                    + (uri.getRawPath() == null ? "" : uri.getRawPath()));
        }
    }

    private static String strip(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
