package ma.rokhsa.api.notify;

import java.time.OffsetDateTime;
import java.util.UUID;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The demo SMS gateway: messages land in {@code sms_outbox}, readable by their recipient only. */
@Component
class OutboxSmsGateway implements SmsGateway {

    private final DatabaseClient db;
    private final java.time.Clock clock;

    OutboxSmsGateway(DatabaseClient db, java.time.Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    @Override
    public Mono<Void> send(UUID recipientId, String phone, String text) {
        return db.sql("INSERT INTO sms_outbox (recipient_id, phone, body, created_at) VALUES (:r, :p, :b, :now)")
                .bind("r", recipientId).bind("p", phone).bind("b", text)
                .bind("now", OffsetDateTime.ofInstant(clock.instant(), java.time.ZoneOffset.UTC)).then();
    }

    record Sms(long id, String phone, String body, OffsetDateTime sentAt) {
    }

    Flux<Sms> inbox(UUID recipientId) {
        return db.sql("SELECT * FROM sms_outbox WHERE recipient_id = :r ORDER BY id DESC LIMIT 100").bind("r", recipientId)
                .map((r, m) -> new Sms(r.get("id", Long.class), r.get("phone", String.class), r.get("body", String.class),
                        r.get("created_at", OffsetDateTime.class)))
                .all();
    }
}
