package ma.rokhsa.api.security;

import java.net.InetSocketAddress;

import org.springframework.web.server.ServerWebExchange;

/**
 * The client's address as this instance sees it. Behind a reverse proxy, set
 * {@code server.forward-headers-strategy=native} so that it is the client's, not the proxy's.
 */
public final class ClientAddress {

    private ClientAddress() {
    }

    public static String of(ServerWebExchange exchange) {
        InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
        if (remote == null) {
            return "unknown";
        }
        return remote.getAddress() != null ? remote.getAddress().getHostAddress() : remote.getHostString();
    }
}
