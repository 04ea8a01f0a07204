package ma.rokhsa.api.notify;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import reactor.core.publisher.Mono;

/**
 * The demo's SMS gateway: there is no phone to reach, so a message waits in this instance's memory (never
 * in the database: it is a PIN, often) for its recipient to read at {@code GET /api/me/sms}, the last
 * {@value #KEPT} per person, for {@link #TTL}. The production guard refuses it.
 */
final class DemoSmsInbox implements SmsGateway {

    static final int KEPT = 20;
    static final Duration TTL = Duration.ofHours(24);

    record Sms(long id, String phone, String body, OffsetDateTime sentAt) {
    }

    private final Map<UUID, Deque<Sms>> inboxes = new ConcurrentHashMap<>();
    private final Clock clock;
    private final AtomicLong next = new AtomicLong();

    DemoSmsInbox(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Mono<Boolean> send(UUID recipientId, String phone, String text) {
        return Mono.fromSupplier(() -> {
            Deque<Sms> inbox = inboxes.computeIfAbsent(recipientId, id -> new ArrayDeque<>());
            synchronized (inbox) {
                inbox.addFirst(new Sms(next.incrementAndGet(), phone, text, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC)));
                while (inbox.size() > KEPT) {
                    inbox.removeLast();
                }
            }
            return true;
        });
    }

    /** The recipient's messages of the last day, newest first. */
    List<Sms> inbox(UUID recipientId) {
        Deque<Sms> inbox = inboxes.get(recipientId);
        if (inbox == null) {
            return List.of();
        }
        OffsetDateTime since = OffsetDateTime.ofInstant(clock.instant().minus(TTL), ZoneOffset.UTC);
        synchronized (inbox) {
            inbox.removeIf(m -> m.sentAt().isBefore(since));
            return List.copyOf(inbox);
        }
    }
}
