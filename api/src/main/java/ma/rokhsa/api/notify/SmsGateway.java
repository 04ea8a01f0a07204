package ma.rokhsa.api.notify;

import java.util.UUID;

import reactor.core.publisher.Mono;

/**
 * Sends text messages to a person's phone. The message (a PIN, often) is handed over and forgotten: no
 * implementation stores it in the database; the caller keeps whether it was delivered. Which one runs
 * is {@code rokhsa.sms.gateway}: {@code demo-inbox} (the embedded default, {@link DemoSmsInbox}), {@code http}
 * (an operator's HTTP API, {@link HttpSmsGateway}) or {@code none}.
 */
public interface SmsGateway {

    /** Sends; completes with whether the operator took the message (never an error: a failed SMS is reported, not thrown). */
    Mono<Boolean> send(UUID recipientId, String phone, String text);
}
