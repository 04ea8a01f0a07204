package ma.rokhsa.api.notify;

import java.util.UUID;

import reactor.core.publisher.Mono;

/**
 * Sends text messages to a person's phone. The default records them in an outbox table that the
 * recipient can read ({@code GET /api/me/sms}: the demo); production plugs in an operator's gateway.
 */
public interface SmsGateway {
    Mono<Void> send(UUID recipientId, String phone, String text);
}
