package ma.rokhsa.api.notify;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code rokhsa.sms.*}: the SMS gateway ({@code demo-inbox}, {@code http} or {@code none}) and the HTTP
 * gateway's endpoint. The token never appears in {@link #toString()}.
 */
@ConfigurationProperties("rokhsa.sms")
public record SmsProperties(@DefaultValue("demo-inbox") String gateway, @DefaultValue Http http) {

    public static final String DEMO_INBOX = "demo-inbox";

    /** An operator's HTTP API: a JSON POST {@code {"to", "text", "sender"}} with a bearer token. */
    public record Http(URI url, String token, @DefaultValue("ROKHSA") String sender, @DefaultValue("10s") Duration timeout) {
        @Override
        public String toString() {
            return "Http[url=" + url + ", sender=" + sender + ", timeout=" + timeout + ", token=" + (token == null ? "unset" : "hidden") + "]";
        }
    }
}
