package ma.rokhsa.api.notify;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * An SMS operator's HTTP API: {@code POST <url>} with {@code {"to": "+2126…", "text": "…", "sender": "ROKHSA"}}
 * and {@code Authorization: Bearer <token>}; any 2xx is a message taken. The shape most SMS relays accept;
 * an operator with another one sits behind a small relay. Sent with a timeout and two retries on errors;
 * the text is never logged.
 */
final class HttpSmsGateway implements SmsGateway {

    private static final Logger log = LoggerFactory.getLogger(HttpSmsGateway.class);

    private final WebClient client;
    private final SmsProperties.Http settings;

    HttpSmsGateway(WebClient.Builder builder, SmsProperties.Http settings) {
        if (settings.url() == null) {
            throw new IllegalStateException("rokhsa.sms.gateway=http needs rokhsa.sms.http.url (the operator's endpoint).");
        }
        this.settings = settings;
        this.client = builder.baseUrl(settings.url().toString())
                .defaultHeaders(h -> {
                    if (settings.token() != null) {
                        h.setBearerAuth(settings.token());
                    }
                })
                .build();
    }

    @Override
    public Mono<Boolean> send(UUID recipientId, String phone, String text) {
        return client.post().contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("to", phone, "text", text, "sender", settings.sender()))
                .retrieve().toBodilessEntity()
                .timeout(settings.timeout())
                .retryWhen(Retry.backoff(2, Duration.ofMillis(500)))
                .map(r -> true)
                .onErrorResume(e -> {
                    log.warn("SMS to the phone of user {} not delivered: {}", recipientId, rootMessage(e));
                    return Mono.just(false);
                });
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }
}
