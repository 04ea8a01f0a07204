package ma.rokhsa.api.payment;

import java.math.BigDecimal;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import ma.rokhsa.api.dossier.DossierEvents;
import ma.rokhsa.api.dossier.DossierRecord;
import ma.rokhsa.api.dossier.DossierService;
import ma.rokhsa.api.dossier.R2dbcDossierStore;
import ma.rokhsa.api.fees.FeeService;
import ma.rokhsa.api.security.Role;
import ma.rokhsa.api.security.Viewer;
import ma.rokhsa.api.web.ApiProblem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Online payment of a dossier's fees. The workflow fixes the fees due ({@link #markFeesDue}) and asks
 * whether they are paid ({@link #feesPaid}); the architect starts a payment, which sends the payer to
 * the gateway; the gateway's signed callback settles it.
 *
 * <p>Callbacks are processed under a lock on the dossier's fees, recorded once per gateway transaction
 * (a replay gets the first answer again and changes nothing), and counted only when approved with the
 * order's exact amount and currency; anything else is flagged and not counted. Every status change of a
 * payment is kept and appended to the dossier's event log ({@value #PAYMENT_STATUS}). Non-blocking.
 */
@Service
public class PaymentService {

    public static final String PAYMENT_STATUS = "payment.status";
    public static final String PAYMENT_ANOMALY = "payment.anomaly";
    public static final String FEES_DUE = "fees.due";
    public static final String FEES_PAID = "fees.paid";
    /** ISO 4217 numeric code of the Moroccan dirham, as the gateways expect it. */
    static final String MAD_NUMERIC = "504";

    private static final Logger log = LoggerFactory.getLogger(PaymentService.class);

    private final R2dbcPaymentStore store;
    private final R2dbcDossierStore dossierStore;
    private final DossierService dossiers;
    private final DossierEvents events;
    private final FeeService fees;
    private final TransactionalOperator tx;
    private final Map<String, PaymentGateway> gateways;
    private final PaymentProperties props;
    private final PublicBaseUrl baseUrl;
    private final ObjectProvider<FeesPaidListener> listeners;

    PaymentService(R2dbcPaymentStore store, R2dbcDossierStore dossierStore, DossierService dossiers, DossierEvents events,
                   FeeService fees, TransactionalOperator tx, List<PaymentGateway> gateways, PaymentProperties props,
                   PublicBaseUrl baseUrl, ObjectProvider<FeesPaidListener> listeners) {
        this.store = store;
        this.dossierStore = dossierStore;
        this.dossiers = dossiers;
        this.events = events;
        this.fees = fees;
        this.tx = tx;
        this.gateways = gateways.stream().collect(Collectors.toUnmodifiableMap(PaymentGateway::name, Function.identity()));
        this.props = props;
        this.baseUrl = baseUrl;
        this.listeners = listeners;
    }

    // ---- for the workflow

    /** Whether the dossier's fees are due and fully paid (false when they were never marked due). */
    public Mono<Boolean> feesPaid(UUID dossierId) {
        return store.feesPaid(dossierId);
    }

    /**
     * Fixes the fees a dossier must pay, computed now from its declared figures with the tariff valid at
     * its submission date, and keeps the calculation. Idempotent: once fixed, the same {@link FeesDue} is
     * returned whatever the figures or tariffs say later. A dossier with nothing to pay is paid at once.
     * Joins the caller's transaction if there is one. Fails with a problem if the dossier was never
     * submitted, or its fees cannot be computed (figures missing: 422).
     */
    public Mono<FeesDue> markFeesDue(UUID dossierId) {
        return dossierStore.findForSystem(dossierId)
                .switchIfEmpty(Mono.error(() -> ApiProblem.notFound("Dossier " + dossierId)))
                .flatMap(d -> store.due(d.id()).switchIfEmpty(Mono.defer(() -> {
                    if (d.submittedAt() == null) {
                        return Mono.error(ApiProblem.conflict("NOT_SUBMITTED", "Dossier " + d.reference()
                                + " was never submitted: its fees are computed with the tariff of its submission date."));
                    }
                    return fees.fees(d).flatMap(f -> tx.transactional(store.insertDue(d.id(), f).flatMap(inserted -> {
                        if (!inserted) {
                            return Mono.empty();
                        }
                        Map<String, Object> data = new LinkedHashMap<>();
                        data.put("amount", f.total());
                        data.put("currency", f.currency());
                        data.put("tariffVersion", f.tariff().version());
                        data.put("paid", f.total().signum() == 0);
                        return events.fact(d, FEES_DUE, data).then();
                    })).then(store.due(d.id())));
                })));
    }

    /** The fees fixed for a dossier, if they have been. */
    public Mono<FeesDue> feesDue(UUID dossierId) {
        return store.due(dossierId);
    }

    // ---- for the architect

    /** A payment handed to the gateway: where to send the payer. */
    public record Started(UUID paymentId, String orderId, BigDecimal amount, String currency, PaymentStatus status,
                   String gateway, URI redirectUrl, boolean created) {
    }

    /**
     * Starts paying a dossier's fees: its architect, once they are due and not yet paid. A pending payment
     * of the same amount is reused (a second click does not open a second order).
     */
    public Mono<Started> start(Viewer v, UUID dossierId) {
        PaymentGateway gateway = gateways.get(props.gateway());
        if (gateway == null) {
            return Mono.error(new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, "PAYMENT_UNAVAILABLE",
                    "Online payment is not available: no payment gateway named '" + props.gateway() + "' is configured."));
        }
        return dossiers.visible(v, dossierId).flatMap(d -> {
            if (!v.is(Role.ARCHITECT) || !d.architectId().equals(v.id())) {
                return Mono.error(ApiProblem.forbidden("ROLE_NOT_ALLOWED", "Only the dossier's architect can pay its fees online."));
            }
            return tx.transactional(store.lockDue(d.id())
                    .switchIfEmpty(Mono.error(() -> ApiProblem.conflict("FEES_NOT_DUE", "The fees of dossier " + d.reference()
                            + " are not due yet: they are fixed when the decision is drafted.")))
                    .flatMap(due -> {
                        if (due.paid()) {
                            return Mono.error(ApiProblem.conflict("ALREADY_PAID", "The fees of dossier " + d.reference() + " are already paid."));
                        }
                        return store.paidTotal(d.id()).flatMap(paid -> {
                            BigDecimal amount = due.amount().subtract(paid);
                            return store.payments(d.id())
                                    .filter(p -> p.status() == PaymentStatus.PENDING && p.gateway().equals(gateway.name())
                                            && p.amount().compareTo(amount) == 0)
                                    .next()
                                    .map(p -> started(gateway, d, p, false))
                                    .switchIfEmpty(Mono.defer(() -> open(v, d, gateway, amount)));
                        });
                    }));
        });
    }

    private Mono<Started> open(Viewer v, DossierRecord d, PaymentGateway gateway, BigDecimal amount) {
        UUID id = UUID.randomUUID();
        return store.count(d.id())
                .map(n -> "%s-P%02d".formatted(d.reference(), n + 1))
                .flatMap(orderId -> store.insert(id, d.id(), orderId, gateway.name(), amount, MAD_NUMERIC, v.id())
                        .then(store.recordChange(id, null, PaymentStatus.PENDING, null, null))
                        .then(store.lock(id)))
                .flatMap(p -> event(d, p, null, PaymentStatus.PENDING, null, null).thenReturn(started(gateway, d, p, true)))
                .doOnNext(s -> log.info("dossier {} payment {} ({} MAD) opened with gateway {}", d.id(), s.orderId(), amount, gateway.name()));
    }

    private Started started(PaymentGateway gateway, DossierRecord d, R2dbcPaymentStore.Payment p, boolean created) {
        URI base = baseUrl.get();
        String back = props.returnUrl() != null && !props.returnUrl().isBlank() ? props.returnUrl() : base + "/pay/return";
        String sep = back.contains("?") ? "&" : "?";
        PaymentGateway.Order order = new PaymentGateway.Order(p.orderId(), p.amount(), p.currency(),
                URI.create(back + sep + "order=" + p.orderId() + "&result=ok"),
                URI.create(back + sep + "order=" + p.orderId() + "&result=fail"),
                URI.create(base + "/api/payments/callback/" + gateway.name()),
                "Rokhsa - droits et taxes, dossier " + d.reference());
        return new Started(p.id(), p.orderId(), p.amount(), "MAD", p.status(), gateway.name(), gateway.redirect(order), created);
    }

    /** One payment as the API shows it, with its history. */
    public record PaymentView(UUID id, String orderId, String gateway, BigDecimal amount, String currency, PaymentStatus status,
                       String reason, String transactionId, java.time.OffsetDateTime createdAt,
                       java.time.OffsetDateTime updatedAt, List<R2dbcPaymentStore.StatusChange> history) {
    }

    /** A dossier's fees due, what is paid, and its payments. */
    public record PaymentsView(UUID dossierId, String reference, FeesDue due, BigDecimal paid, boolean feesPaid,
                        List<PaymentView> payments) {
    }

    public Mono<PaymentsView> list(Viewer v, UUID dossierId) {
        return dossiers.visible(v, dossierId).flatMap(d -> Mono.zip(
                        store.due(d.id()).map(Optional::of).defaultIfEmpty(Optional.empty()),
                        store.paidTotal(d.id()),
                        store.payments(d.id()).collectList(),
                        store.history(d.id()).collectList())
                .map(t -> {
                    Map<UUID, List<R2dbcPaymentStore.StatusChange>> byPayment = t.getT4().stream()
                            .collect(Collectors.groupingBy(R2dbcPaymentStore.StatusChange::paymentId));
                    List<PaymentView> payments = t.getT3().stream().map(p -> new PaymentView(p.id(), p.orderId(), p.gateway(),
                            p.amount(), "MAD", p.status(), p.reason(), p.transactionId(), p.createdAt(), p.updatedAt(),
                            byPayment.getOrDefault(p.id(), List.of()))).toList();
                    FeesDue due = t.getT1().orElse(null);
                    return new PaymentsView(d.id(), d.reference(), due, t.getT2(), due != null && due.paid(), payments);
                }));
    }

    // ---- for the gateway

    /**
     * Processes a gateway's server-to-server callback and returns the text to answer it with. A forged
     * or altered callback fails with a 400 problem and changes nothing; a callback for an unknown order,
     * with a 404 problem.
     */
    Mono<String> callback(String gatewayName, Map<String, String> params) {
        PaymentGateway gateway = gateways.get(gatewayName);
        if (gateway == null) {
            return Mono.error(ApiProblem.notFound("Payment gateway " + gatewayName));
        }
        PaymentGateway.Callback c;
        try {
            c = gateway.verify(params);
        } catch (ApiProblem p) {
            log.warn("Refused a {} callback for order {}: {}", gatewayName, printable(params.get("oid")), p.code());
            return Mono.error(p);
        }
        return store.byOrder(c.orderId())
                .switchIfEmpty(Mono.error(() -> ApiProblem.notFound("Payment order " + c.orderId())))
                .flatMap(p -> {
                    if (!p.gateway().equals(gateway.name())) {
                        return Mono.error(ApiProblem.notFound("Payment order " + c.orderId()));
                    }
                    return tx.transactional(process(gateway, c, p));
                })
                .map(gateway::answer);
    }

    private Mono<PaymentGateway.Answer> process(PaymentGateway gateway, PaymentGateway.Callback c, R2dbcPaymentStore.Payment unlocked) {
        // The dossier first, as every change of a dossier takes its locks (dossier, then its rows, events last): a
        // payment that settles the fees moves the dossier (FeesWorkflow). Taken last, after this callback had
        // appended its payment events (the commune's event lock), it deadlocked with a pipeline stage holding the
        // dossier in share mode and waiting for that event lock.
        return dossierStore.lock(unlocked.dossierId()).then(store.lockDue(unlocked.dossierId()).map(Optional::of).defaultIfEmpty(Optional.empty()))
                .flatMap(due -> store.lock(unlocked.id()).flatMap(p -> store.recordCallback(gateway.name(), c.transactionId(), p.id(), c.params())
                        .flatMap(first -> {
                            if (!first) {
                                log.info("Replayed {} callback {} for order {}: answered as before, nothing counted",
                                        gateway.name(), c.transactionId(), c.orderId());
                                return store.storedAnswer(gateway.name(), c.transactionId());
                            }
                            return dossierStore.findForSystem(p.dossierId())
                                    .flatMap(d -> decide(c, p, due, d))
                                    .flatMap(o -> store.settleCallback(gateway.name(), c.transactionId(), o.outcome(), o.answer())
                                            .thenReturn(o.answer()));
                        })));
    }

    /** A caller's value as it may go into the log: no control characters (no forged lines), at most 64 characters. */
    static String printable(String value) {
        if (value == null) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        value.codePoints().filter(c -> !Character.isISOControl(c)).limit(64).forEach(out::appendCodePoint);
        return value.codePointCount(0, value.length()) > out.codePointCount(0, out.length()) ? out + "…" : out.toString();
    }

    private record Outcome(String outcome, PaymentGateway.Answer answer) {
    }

    private Mono<Outcome> decide(PaymentGateway.Callback c, R2dbcPaymentStore.Payment p, Optional<FeesDue> due, DossierRecord d) {
        if (p.status() == PaymentStatus.PAID || p.status() == PaymentStatus.FLAGGED) {
            // Settled already: a second approval must not be captured (nor counted); a decline changes nothing.
            if (c.approved()) {
                return anomaly(d, p, c, p.status() == PaymentStatus.PAID ? "SECOND_APPROVAL" : "APPROVAL_OF_FLAGGED_PAYMENT")
                        .thenReturn(new Outcome("DUPLICATE", PaymentGateway.Answer.REFUSE));
            }
            return Mono.just(new Outcome("IGNORED", PaymentGateway.Answer.RECORDED));
        }
        String mismatch = mismatch(c, p);
        if (mismatch != null) {
            log.warn("Payment {} of dossier {} flagged: {}", p.orderId(), d.id(), mismatch);
            return move(d, p, PaymentStatus.FLAGGED, mismatch, c.transactionId())
                    .thenReturn(new Outcome("FLAGGED", PaymentGateway.Answer.REFUSE));
        }
        if (!c.approved()) {
            String reason = "DECLINED: " + c.responseCode() + (c.message() == null || c.message().isBlank() ? "" : " " + c.message());
            Mono<Void> fail = p.status() == PaymentStatus.PENDING ? move(d, p, PaymentStatus.FAILED, reason, c.transactionId()) : Mono.empty();
            return fail.thenReturn(new Outcome("FAILED", PaymentGateway.Answer.RECORDED));
        }
        if (due.isEmpty() || due.get().paid()) {
            String reason = due.isEmpty() ? "NO_FEES_DUE" : "ALREADY_PAID";
            return move(d, p, PaymentStatus.FLAGGED, reason, c.transactionId())
                    .thenReturn(new Outcome("FLAGGED", PaymentGateway.Answer.REFUSE));
        }
        FeesDue owed = due.get();
        return move(d, p, PaymentStatus.PAID, null, c.transactionId())
                .then(store.paidTotal(d.id()))
                .flatMap(paid -> paid.compareTo(owed.amount()) < 0 ? Mono.empty()
                        : store.markPaid(d.id()).then(store.due(d.id())).flatMap(nowPaid -> {
                            Map<String, Object> data = new LinkedHashMap<>();
                            data.put("amount", owed.amount());
                            data.put("currency", owed.currency());
                            data.put("paymentId", p.id());
                            data.put("orderId", p.orderId());
                            log.info("dossier {} fees paid ({} MAD, order {})", d.id(), owed.amount(), p.orderId());
                            return events.fact(d, FEES_PAID, data)
                                    .thenMany(Flux.fromStream(listeners.orderedStream()).concatMap(l -> l.feesPaid(d, nowPaid)))
                                    .then();
                        }))
                .thenReturn(new Outcome("PAID", PaymentGateway.Answer.ACCEPT));
    }

    /** Why a callback does not match its order, or null when amount and currency are exactly the order's. */
    private static String mismatch(PaymentGateway.Callback c, R2dbcPaymentStore.Payment p) {
        if (!p.currency().equals(c.currency())) {
            return "CURRENCY_MISMATCH: expected " + p.currency() + ", gateway reported " + c.currency();
        }
        BigDecimal reported;
        try {
            reported = new BigDecimal(c.amount().strip());
        } catch (NumberFormatException e) {
            return "AMOUNT_MISMATCH: expected " + p.amount().toPlainString() + ", gateway reported '" + c.amount() + "'";
        }
        if (reported.compareTo(p.amount()) != 0) {
            return "AMOUNT_MISMATCH: expected " + p.amount().toPlainString() + ", gateway reported " + reported.toPlainString();
        }
        return null;
    }

    private Mono<Void> move(DossierRecord d, R2dbcPaymentStore.Payment p, PaymentStatus to, String reason, String transactionId) {
        return store.transition(p.id(), p.status(), to, reason, transactionId)
                .flatMap(moved -> moved ? event(d, p, p.status(), to, reason, transactionId).then()
                        : Mono.error(new IllegalStateException("Payment " + p.orderId() + " changed under its lock")));
    }

    private Mono<Long> event(DossierRecord d, R2dbcPaymentStore.Payment p, PaymentStatus from, PaymentStatus to, String reason,
                             String transactionId) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("paymentId", p.id());
        data.put("orderId", p.orderId());
        data.put("gateway", p.gateway());
        data.put("previousStatus", from == null ? null : from.name());
        data.put("status", to.name());
        data.put("amount", p.amount());
        data.put("currency", "MAD");
        data.put("reason", reason);
        data.put("transactionId", transactionId);
        return events.fact(d, PAYMENT_STATUS, data);
    }

    private Mono<Long> anomaly(DossierRecord d, R2dbcPaymentStore.Payment p, PaymentGateway.Callback c, String what) {
        log.warn("Payment {} of dossier {}: {} (transaction {}) refused, not counted", p.orderId(), d.id(), what, c.transactionId());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("paymentId", p.id());
        data.put("orderId", p.orderId());
        data.put("anomaly", what);
        data.put("transactionId", c.transactionId());
        data.put("amount", c.amount());
        return events.fact(d, PAYMENT_ANOMALY, data);
    }
}
