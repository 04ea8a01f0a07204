package ma.rokhsa.api.payment;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;
import ma.rokhsa.api.fees.Fees;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** Fees due, payments, their history and the gateway callbacks received, in PostgreSQL. Non-blocking. */
@Component
class R2dbcPaymentStore {

    /** A payment row. {@code currency} is the ISO 4217 numeric code sent to the gateway. */
    record Payment(UUID id, UUID dossierId, String orderId, String gateway, BigDecimal amount, String currency,
                   PaymentStatus status, String reason, String transactionId, UUID createdBy,
                   OffsetDateTime createdAt, OffsetDateTime updatedAt) {
    }

    public record StatusChange(UUID paymentId, String from, String to, String reason, String transactionId, OffsetDateTime at) {
    }

    private final DatabaseClient db;
    private final JsonMapper json;
    /** When fees are fixed and paid, payments made and callbacks received: the application's time. */
    private final Clock clock;

    R2dbcPaymentStore(DatabaseClient db, JsonMapper json, Clock clock) {
        this.db = db;
        this.json = json;
        this.clock = clock;
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    // ---- fees due

    Mono<FeesDue> due(UUID dossierId) {
        return db.sql("SELECT * FROM fee_due WHERE dossier_id = :d").bind("d", dossierId).map(this::toDue).one();
    }

    /** The fees due row, locked for the rest of the transaction (serialises payments of one dossier). */
    Mono<FeesDue> lockDue(UUID dossierId) {
        return db.sql("SELECT * FROM fee_due WHERE dossier_id = :d FOR UPDATE").bind("d", dossierId).map(this::toDue).one();
    }

    /** Fixes the fees due unless already fixed; returns whether it did. Nothing to pay means paid at once. */
    Mono<Boolean> insertDue(UUID dossierId, Fees fees) {
        return db.sql("""
                        INSERT INTO fee_due (dossier_id, amount, currency, calculation, fixed_at, paid_at)
                        VALUES (:d, :a, :c, :calc, :now, CASE WHEN :a = 0 THEN :now END)
                        ON CONFLICT (dossier_id) DO NOTHING""")
                .bind("d", dossierId).bind("a", fees.total()).bind("c", fees.currency())
                .bind("calc", Json.of(json.writeValueAsString(fees))).bind("now", now())
                .fetch().rowsUpdated().map(n -> n > 0);
    }

    Mono<Long> markPaid(UUID dossierId) {
        return db.sql("UPDATE fee_due SET paid_at = :now WHERE dossier_id = :d AND paid_at IS NULL")
                .bind("now", now()).bind("d", dossierId).fetch().rowsUpdated();
    }

    Mono<BigDecimal> paidTotal(UUID dossierId) {
        return db.sql("SELECT coalesce(sum(amount), 0) AS s FROM payment WHERE dossier_id = :d AND status = 'PAID'")
                .bind("d", dossierId).map(r -> r.get("s", BigDecimal.class)).one();
    }

    Mono<Boolean> feesPaid(UUID dossierId) {
        return db.sql("SELECT paid_at IS NOT NULL AS paid FROM fee_due WHERE dossier_id = :d")
                .bind("d", dossierId).map(r -> Boolean.TRUE.equals(r.get("paid", Boolean.class))).one()
                .defaultIfEmpty(false);
    }

    // ---- payments

    Flux<Payment> payments(UUID dossierId) {
        return db.sql("SELECT * FROM payment WHERE dossier_id = :d ORDER BY created_at, order_id")
                .bind("d", dossierId).map(R2dbcPaymentStore::toPayment).all();
    }

    Mono<Payment> byOrder(String orderId) {
        return db.sql("SELECT * FROM payment WHERE order_id = :o").bind("o", orderId).map(R2dbcPaymentStore::toPayment).one();
    }

    Mono<Payment> lock(UUID id) {
        return db.sql("SELECT * FROM payment WHERE id = :id FOR UPDATE").bind("id", id).map(R2dbcPaymentStore::toPayment).one();
    }

    Mono<Long> count(UUID dossierId) {
        return db.sql("SELECT count(*) AS n FROM payment WHERE dossier_id = :d").bind("d", dossierId)
                .map(r -> r.get("n", Long.class)).one();
    }

    Mono<Void> insert(UUID id, UUID dossierId, String orderId, String gateway, BigDecimal amount, String currency, UUID by) {
        return db.sql("""
                        INSERT INTO payment (id, dossier_id, order_id, gateway, amount, currency, status, created_by, created_at, updated_at)
                        VALUES (:id, :d, :o, :g, :a, :c, 'PENDING', :by, :now, :now)""")
                .bind("id", id).bind("d", dossierId).bind("o", orderId).bind("g", gateway).bind("a", amount)
                .bind("c", currency).bind("by", by).bind("now", now())
                .then();
    }

    /** Moves a payment from one status to another and records the change; false if it was not in {@code from}. */
    Mono<Boolean> transition(UUID id, PaymentStatus from, PaymentStatus to, String reason, String transactionId) {
        return db.sql("""
                        UPDATE payment SET status = :to, reason = :reason, transaction_id = coalesce(:tx, transaction_id), updated_at = :now
                        WHERE id = :id AND status = :from""")
                .bind("to", to.name()).bind("now", now()).bind("from", from.name()).bind("id", id)
                .bind("reason", Parameter.fromOrEmpty(reason, String.class))
                .bind("tx", Parameter.fromOrEmpty(transactionId, String.class))
                .fetch().rowsUpdated()
                .flatMap(n -> n == 0 ? Mono.just(false) : recordChange(id, from, to, reason, transactionId).thenReturn(true));
    }

    Mono<Void> recordChange(UUID id, PaymentStatus from, PaymentStatus to, String reason, String transactionId) {
        return db.sql("""
                        INSERT INTO payment_status_change (payment_id, from_status, to_status, reason, transaction_id, at)
                        VALUES (:id, :from, :to, :reason, :tx, :now)""")
                .bind("id", id).bind("now", now()).bind("from", Parameter.fromOrEmpty(from == null ? null : from.name(), String.class))
                .bind("to", to.name())
                .bind("reason", Parameter.fromOrEmpty(reason, String.class))
                .bind("tx", Parameter.fromOrEmpty(transactionId, String.class))
                .then();
    }

    Flux<StatusChange> history(UUID dossierId) {
        return db.sql("""
                        SELECT h.* FROM payment_status_change h JOIN payment p ON p.id = h.payment_id
                        WHERE p.dossier_id = :d ORDER BY h.id""")
                .bind("d", dossierId)
                .map(r -> new StatusChange(r.get("payment_id", UUID.class), r.get("from_status", String.class),
                        r.get("to_status", String.class), r.get("reason", String.class), r.get("transaction_id", String.class),
                        r.get("at", OffsetDateTime.class)))
                .all();
    }

    // ---- callbacks

    /**
     * Records a callback the first time its (gateway, transaction id) is seen; false for a replay. A
     * concurrent duplicate waits on the unique index and then sees the first one.
     */
    Mono<Boolean> recordCallback(String gateway, String transactionId, UUID paymentId, Map<String, String> params) {
        return db.sql("""
                        INSERT INTO payment_callback (gateway, transaction_id, payment_id, params, outcome, answer, received_at)
                        VALUES (:g, :t, :p, :params, 'PROCESSING', 'REFUSE', :now)
                        ON CONFLICT (gateway, transaction_id) DO NOTHING""")
                .bind("g", gateway).bind("t", transactionId).bind("p", paymentId)
                .bind("params", Json.of(json.writeValueAsString(params))).bind("now", now())
                .fetch().rowsUpdated().map(n -> n > 0);
    }

    Mono<Void> settleCallback(String gateway, String transactionId, String outcome, PaymentGateway.Answer answer) {
        return db.sql("UPDATE payment_callback SET outcome = :o, answer = :a WHERE gateway = :g AND transaction_id = :t")
                .bind("o", outcome).bind("a", answer.name()).bind("g", gateway).bind("t", transactionId).then();
    }

    Mono<PaymentGateway.Answer> storedAnswer(String gateway, String transactionId) {
        return db.sql("SELECT answer FROM payment_callback WHERE gateway = :g AND transaction_id = :t")
                .bind("g", gateway).bind("t", transactionId)
                .map(r -> PaymentGateway.Answer.valueOf(r.get("answer", String.class))).one();
    }

    private FeesDue toDue(Readable r) {
        return new FeesDue(r.get("dossier_id", UUID.class), r.get("amount", BigDecimal.class), r.get("currency", String.class),
                json.readValue(r.get("calculation", Json.class).asString(), Fees.class),
                r.get("fixed_at", OffsetDateTime.class), r.get("paid_at", OffsetDateTime.class));
    }

    static Payment toPayment(Readable r) {
        return new Payment(r.get("id", UUID.class), r.get("dossier_id", UUID.class), r.get("order_id", String.class),
                r.get("gateway", String.class), r.get("amount", BigDecimal.class), r.get("currency", String.class),
                PaymentStatus.valueOf(r.get("status", String.class)), r.get("reason", String.class),
                r.get("transaction_id", String.class), r.get("created_by", UUID.class),
                r.get("created_at", OffsetDateTime.class), r.get("updated_at", OffsetDateTime.class));
    }
}
