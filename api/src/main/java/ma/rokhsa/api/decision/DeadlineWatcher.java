package ma.rokhsa.api.decision;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import ma.rokhsa.api.config.Periodic;
import ma.rokhsa.api.deadline.LegalClock;
import ma.rokhsa.api.deadline.LegalTime;
import ma.rokhsa.api.dossier.DossierEvents;
import ma.rokhsa.api.dossier.DossierRecord;
import ma.rokhsa.api.dossier.DossierStatus;
import ma.rokhsa.api.dossier.R2dbcDossierStore;
import ma.rokhsa.api.notify.Mailer;
import ma.rokhsa.api.reference.Catalog;
import ma.rokhsa.api.signing.IssuedDocuments;
import ma.rokhsa.api.signing.Receipts;
import ma.rokhsa.signer.render.Bilingual;
import ma.rokhsa.signer.render.Certificate;
import ma.rokhsa.signer.render.OpenHtmlToPdfRenderer;
import ma.rokhsa.signer.render.SignatureBlock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Watches the legal deadlines of open dossiers: alerts the people responsible (an event on the dossier
 * and an email) before a deadline passes, once per deadline and person; and when the decision deadline
 * passes without a decision, the dossier is DEEMED_APPROVED (tacit approval, law 55-19) with a sealed
 * certificate, which counts against the commune. Safe on several instances: each dossier is handled
 * under its row lock, and alerts are recorded once.
 */
@Component
public class DeadlineWatcher implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(DeadlineWatcher.class);
    /** States where the commune owes the next step and the decision clock runs. */
    static final List<DossierStatus> COMMUNE_TURN = List.of(DossierStatus.SUBMITTED, DossierStatus.IN_REVIEW,
            DossierStatus.DECISION_DRAFTED, DossierStatus.FEES_PAID);
    static final int DECISION_ALERT_DAYS = 3;
    static final int DISPATCH_ALERT_DAYS = 1;
    static final int OPINION_ALERT_WORKING_DAYS = 2;

    private final R2dbcDossierStore store;
    private final LegalTime legalTime;
    private final DossierEvents events;
    private final Outcomes outcomes;
    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final Clock clock;
    private final Mailer mail;
    private final OpenHtmlToPdfRenderer renderer;
    private final Receipts receipts;
    private final IssuedDocuments issued;
    private final Catalog catalog;
    private final Duration interval;
    private final ApplicationAvailability availability;
    private Disposable loop;

    DeadlineWatcher(R2dbcDossierStore store, LegalTime legalTime, DossierEvents events, Outcomes outcomes, DatabaseClient db,
                    TransactionalOperator tx, Clock clock, Mailer mail, OpenHtmlToPdfRenderer renderer, Receipts receipts,
                    IssuedDocuments issued, Catalog catalog, Environment env, ApplicationAvailability availability) {
        this.store = store;
        this.legalTime = legalTime;
        this.events = events;
        this.outcomes = outcomes;
        this.db = db;
        this.tx = tx;
        this.clock = clock;
        this.mail = mail;
        this.renderer = renderer;
        this.receipts = receipts;
        this.issued = issued;
        this.catalog = catalog;
        this.interval = env.getProperty("rokhsa.deadlines.check-interval", Duration.class, Duration.ofMinutes(1));
        this.availability = availability;
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        if (interval.isZero() || interval.isNegative()) {
            log.info("Deadline watcher is off on this instance (rokhsa.deadlines.check-interval=0)");
            return;
        }
        // No pass while the instance refuses traffic (loading demo data, shutting down): the demo seed runs the
        // passes of its history itself, at the moments of the story, and a pass of ours in between would
        // decide dossiers at whatever moment it happened to run.
        loop = Periodic.every(Duration.ofSeconds(10), interval)
                .filter(i -> availability.getReadinessState() == ReadinessState.ACCEPTING_TRAFFIC)
                .concatMap(i -> check().onErrorResume(e -> {
                    log.warn("Deadline check failed: {}", e.toString());
                    return Mono.empty();
                }))
                .subscribe();
    }

    /** What one pass did. */
    public record Report(int checked, int alerts, List<String> deemedApproved) {
    }

    /** One pass over every open dossier. */
    public Mono<Report> check() {
        Instant now = clock.instant();
        List<String> approved = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicInteger alerts = new java.util.concurrent.atomic.AtomicInteger();
        return db.sql("SELECT id FROM dossier WHERE status = ANY(:s) ORDER BY submitted_at")
                .bind("s", COMMUNE_TURN.stream().map(Enum::name).toArray(String[]::new))
                .map(r -> r.get("id", UUID.class)).all()
                .concatMap(id -> checkOne(id, now, approved, alerts).onErrorResume(e -> {
                    log.warn("Deadline check of dossier {} failed: {}", id, e.toString());
                    return Mono.empty();
                }).thenReturn(1), 4)
                .count()
                .map(n -> new Report(n.intValue(), alerts.get(), List.copyOf(approved)));
    }

    private Mono<Void> checkOne(UUID id, Instant now, List<String> approved, java.util.concurrent.atomic.AtomicInteger alerts) {
        return store.findForSystem(id).flatMap(d -> {
            boolean large = catalog.type(d.type()).map(Catalog.DossierType::largeProject).orElse(false);
            return legalTime.decisionDeadline(d.id(), large, now).flatMap(decision -> {
                if (decision.overdue()) {
                    return tacitApproval(d, large, now).doOnSuccess(v -> approved.add(d.reference()));
                }
                List<Mono<Void>> work = new ArrayList<>();
                if (decision.running() && decision.remaining() <= DECISION_ALERT_DAYS) {
                    work.add(alert(d, "decision", "", decision, communeStaff(d, List.of("REVIEWER", "SIGNATORY")), alerts));
                }
                if (d.status() == DossierStatus.SUBMITTED) {
                    work.add(legalTime.dispatchDeadline(d.id(), now).flatMap(dispatch -> dispatch.remaining() <= DISPATCH_ALERT_DAYS
                            ? alert(d, "dispatch", "", dispatch, communeStaff(d, List.of("REVIEWER")), alerts) : Mono.empty()));
                }
                if (d.status() == DossierStatus.IN_REVIEW) {
                    work.add(opinionAlerts(d, now, alerts));
                }
                return Flux.concat(work).then();
            });
        });
    }

    private Mono<Void> opinionAlerts(DossierRecord d, Instant now, java.util.concurrent.atomic.AtomicInteger alerts) {
        LocalDate today = now.atZone(legalTime.clock().zone()).toLocalDate();
        return db.sql("SELECT organisation_code, due_date FROM dossier_commission WHERE dossier_id = :d AND opinion IS NULL AND due_date IS NOT NULL")
                .bind("d", d.id())
                .map(r -> Map.entry(r.get("organisation_code", String.class), r.get("due_date", LocalDate.class))).all()
                .concatMap(e -> {
                    LocalDate due = e.getValue();
                    int left = legalTime.clock().calendar().workingDaysBetween(today, due);
                    Flux<Recipient> members = db.sql("SELECT username, email FROM app_user WHERE role = 'COMMISSION_MEMBER' AND organisation_code = :o AND enabled")
                            .bind("o", e.getKey()).map(r -> new Recipient(r.get("username", String.class), r.get("email", String.class))).all();
                    if (today.isAfter(due)) {
                        return once(d.id(), "opinion-late", e.getKey()).flatMap(first -> first
                                ? events.fact(d, "opinion.late", Map.of("organisation", e.getKey(), "dueDate", due.toString())).then()
                                : Mono.empty());
                    }
                    if (left <= OPINION_ALERT_WORKING_DAYS) {
                        var reading = new LegalClock.Reading(legalTime.clock().rule("opinions"), 0, left, true, java.util.Optional.of(due), false);
                        return alert(d, "opinion", e.getKey(), reading, members, alerts);
                    }
                    return Mono.empty();
                }).then();
    }

    record Recipient(String username, String email) {
    }

    private Flux<Recipient> communeStaff(DossierRecord d, List<String> roles) {
        return db.sql("SELECT username, email FROM app_user WHERE commune_code = :c AND role = ANY(:r) AND enabled")
                .bind("c", d.communeCode()).bind("r", roles.toArray(String[]::new))
                .map(r -> new Recipient(r.get("username", String.class), r.get("email", String.class))).all();
    }

    /** Sends an alert once per (dossier, deadline, target): an event on the dossier and an email to each recipient. */
    private Mono<Void> alert(DossierRecord d, String kind, String target, LegalClock.Reading reading, Flux<Recipient> recipients,
                             java.util.concurrent.atomic.AtomicInteger alerts) {
        return once(d.id(), kind, target).flatMap(first -> {
            if (!first) {
                return Mono.empty();
            }
            alerts.incrementAndGet();
            String due = reading.dueDate().map(LocalDate::toString).orElse("?");
            return recipients.collectList().flatMap(people -> {
                Map<String, Object> data = new java.util.LinkedHashMap<>();
                data.put("deadline", kind);
                if (!target.isEmpty()) {
                    data.put("organisation", target);
                }
                data.put("dueDate", due);
                data.put("daysLeft", reading.remaining());
                data.put("recipients", people.stream().map(Recipient::username).toList());
                String subject = "Rokhsa: " + d.reference() + " - échéance " + label(kind) + " le " + due;
                String body = "Le dossier " + d.reference() + " (" + d.title() + ", commune " + d.communeName() + ") arrive à l'échéance "
                        + label(kind) + " le " + due + " (" + reading.remaining() + " jour(s) restant(s)).\n"
                        + "Passé le délai de décision, le dossier est réputé approuvé (approbation tacite).";
                return events.fact(d, "deadline.alert", data)
                        .thenMany(Flux.fromIterable(people).concatMap(p -> mail.send(p.email(), subject, body)
                                .onErrorResume(e -> Mono.empty())))
                        .then();
            });
        });
    }

    private static String label(String kind) {
        return switch (kind) {
            case "dispatch" -> "de transmission à la commission";
            case "opinion" -> "de l'avis de la commission";
            default -> "de décision";
        };
    }

    private Mono<Boolean> once(UUID dossier, String kind, String target) {
        return db.sql("INSERT INTO deadline_alert (dossier_id, kind, target, sent_at) VALUES (:d, :k, :t, :now) ON CONFLICT DO NOTHING")
                .bind("d", dossier).bind("now", java.time.OffsetDateTime.ofInstant(clock.instant(), java.time.ZoneOffset.UTC)).bind("k", kind).bind("t", target).fetch().rowsUpdated().map(n -> n > 0);
    }

    /** The decision deadline passed: the dossier is deemed approved, with a sealed certificate that says so. */
    private Mono<Void> tacitApproval(DossierRecord d, boolean large, Instant now) {
        String reference = d.reference() + "-T";
        ZonedDateTime at = now.atZone(legalTime.clock().zone());
        LegalClock.Rule rule = legalTime.clock().rule(large ? "decision-large" : "decision-small");
        return receipts.bilingualCommune(d.communeCode())
                .flatMap(commune -> renderer.render(new Certificate(reference, Certificate.Kind.TACIT_APPROVAL, d.reference(), commune,
                        List.of(new Certificate.Field(Bilingual.of("Objet", "الموضوع"), d.title()),
                                new Certificate.Field(Bilingual.of("Date de dépôt", "تاريخ الإيداع"),
                                        d.submittedAt() == null ? "-" : d.submittedAt().atZoneSameInstant(legalTime.clock().zone()).toLocalDate().toString()),
                                new Certificate.Field(Bilingual.of("Délai légal de décision", "الأجل القانوني للبت"),
                                        rule.days() + " jours / يوما"),
                                new Certificate.Field(Bilingual.of("Approuvé tacitement le", "تاريخ الموافقة الضمنية"), at.toLocalDate().toString())),
                        new SignatureBlock("Plateforme Rokhsa", Bilingual.of("Certificat délivré automatiquement", "شهادة مسلمة آليا"), at),
                        receipts.verificationUrl(reference))))
                .flatMap(pdf -> receipts.sealPdf(pdf, "Approbation tacite " + d.reference()))
                .flatMap(pdf -> tx.transactional(store.lock(d.id()).flatMap(locked -> {
                    if (!COMMUNE_TURN.contains(locked.status())) {
                        return Mono.<Void>empty();
                    }
                    return legalTime.stop(d.id(), now)
                            .then(outcomes.record(locked, DossierStatus.DEEMED_APPROVED, now))
                            .then(store.transition(d.id(), List.of(locked.status()), DossierStatus.DEEMED_APPROVED))
                            .then(issued.record(reference, d.id(), "TACIT_APPROVAL", pdf, true))
                            .then(events.dossierStatus(locked, locked.status(), DossierStatus.DEEMED_APPROVED,
                                    Map.of("certificate", reference, "deadlineDays", rule.days())))
                            .then();
                })))
                .doOnSuccess(v -> log.warn("dossier {} ({}): decision deadline passed, deemed approved", d.id(), d.reference()));
    }

    @Override
    public void destroy() {
        if (loop != null) {
            loop.dispose();
        }
    }
}
