package ma.rokhsa.api.signing;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import ma.rokhsa.api.notify.Mailer;
import ma.rokhsa.api.notify.SmsGateway;
import ma.rokhsa.api.security.R2dbcUserStore;
import ma.rokhsa.api.security.Role;
import ma.rokhsa.api.security.Viewer;
import ma.rokhsa.api.web.ApiProblem;
import ma.rokhsa.signer.SignerException;
import ma.rokhsa.signer.keys.KeyAlgorithm;
import ma.rokhsa.signer.keys.PinProtectedKeys;
import ma.rokhsa.signer.keys.ProtectedKey;
import ma.rokhsa.signer.pades.SoftwareSignatureToken;
import ma.rokhsa.signer.pki.DemoPki;
import ma.rokhsa.signer.pki.RevocationReason;
import ma.rokhsa.signer.pki.Signatory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * The life of a personal signature key, as the circular sets it: issued for a signatory, shipped to the
 * province's contact, handed over by the contact to the commune, activated by its holder changing the
 * initial PIN. The initial PIN goes straight to the holder by SMS and email, never to the contact or an
 * administrator; 3 wrong PINs lock the key; an administrator unlocks it by reissuing a PIN (sent to the
 * holder again); revocation publishes a CRL entry. Every step is an audited event.
 */
@Service
public class SigningKeyService {

    private static final Logger log = LoggerFactory.getLogger(SigningKeyService.class);

    private final SigningKeyStore store;
    private final R2dbcUserStore users;
    private final PinProtectedKeys keys;
    private final DemoPki pki;
    private final SmsGateway sms;
    private final Mailer mail;
    private final TransactionalOperator tx;
    private final DatabaseClient db;
    private final SigningProperties props;
    private final Scheduler signerScheduler;
    private final DocumentVerification verification;

    SigningKeyService(SigningKeyStore store, R2dbcUserStore users, PinProtectedKeys keys, DemoPki pki, SmsGateway sms,
                      Mailer mail, TransactionalOperator tx, DatabaseClient db, SigningProperties props, Scheduler signerScheduler,
                      DocumentVerification verification) {
        this.verification = verification;
        this.store = store;
        this.users = users;
        this.keys = keys;
        this.pki = pki;
        this.sms = sms;
        this.mail = mail;
        this.tx = tx;
        this.db = db;
        this.props = props;
        this.signerScheduler = signerScheduler;
    }

    /** What the API shows of a key (never the key, never a PIN). */
    public record KeyView(UUID id, String holder, String holderName, String provinceCode, String status,
                          String certificateSerial, String certificateSubject, int wrongPins, int attemptsLeft,
                          java.time.OffsetDateTime createdAt, java.time.OffsetDateTime updatedAt,
                          List<SigningKeyStore.KeyEvent> events) {
    }

    // ---- administrator

    public Mono<KeyView> issue(Viewer admin, String holderUsername) {
        requireRole(admin, Role.ADMIN);
        return users.findByUsername(holderUsername).map(u -> ((ma.rokhsa.api.security.RokhsaUser) u).viewer())
                .switchIfEmpty(Mono.error(ApiProblem.badRequest("UNKNOWN_USER", "No account named " + holderUsername + ".")))
                .flatMap(holder -> {
                    if (!holder.is(Role.SIGNATORY) && !holder.is(Role.COMMISSION_MEMBER)) {
                        return Mono.error(ApiProblem.badRequest("NOT_A_SIGNER",
                                holderUsername + " is a " + holder.role() + ": keys are issued to signatories and commission members."));
                    }
                    return provinceOf(holder).flatMap(province -> holderDetails(holder).flatMap(contact -> {
                        char[] pin = PinProtectedKeys.randomPin(8);
                        Signatory who = new Signatory(holder.fullName(),
                                holder.is(Role.SIGNATORY) ? "Président du conseil communal" : "Membre de commission",
                                holder.communeCode() != null ? "Commune " + holder.communeCode() : "Organisme " + holder.organisationCode(),
                                contact.email() == null ? holder.username() + "@rokhsa.invalid" : contact.email());
                        UUID id = UUID.randomUUID();
                        // A holder has one valid key: a new one supersedes the previous (revoked, in the CRL).
                        Mono<Void> supersede = store.list("k.holder_id = :h AND k.status <> 'REVOKED'", Map.of("h", holder.id()))
                                .concatMap(old -> pki.revokeAsync(new BigInteger(old.serial(), 16), RevocationReason.SUPERSEDED, signerScheduler)
                                        .then(verification.certificateRevoked())
                                        .then(store.transition(old.id(), List.of(SigningKeyStore.Status.values()), SigningKeyStore.Status.REVOKED))
                                        .then(store.audit(old.id(), "REVOKED", admin.id(), Map.of("reason", "SUPERSEDED", "by", id.toString()))))
                                .then();
                        return supersede.then(keys.issue(pki, who, KeyAlgorithm.RSA_3072, pin))
                                .flatMap(key -> tx.transactional(
                                        store.insert(id, holder.id(), province, key.encoded(), key.serialNumber().toString(16),
                                                        key.certificate().getSubjectX500Principal().getName())
                                                .then(store.audit(id, "ISSUED", admin.id(), Map.of("serial", key.serialNumber().toString(16))))))
                                .then(deliverPin(id, holder, contact, pin, "initial"))
                                .doFinally(s -> Arrays.fill(pin, '\0'))
                                .then(view(id));
                    }));
                });
    }

    public Mono<KeyView> ship(Viewer admin, UUID id) {
        requireRole(admin, Role.ADMIN);
        return store.find(id).switchIfEmpty(Mono.error(ApiProblem.notFound("Key " + id)))
                .flatMap(k -> db.sql("SELECT full_name FROM province_contact WHERE province_code = :p")
                        .bind("p", k.provinceCode() == null ? "" : k.provinceCode()).map(r -> r.get("full_name", String.class)).one()
                        .switchIfEmpty(Mono.error(ApiProblem.conflict("NO_PROVINCE_CONTACT",
                                "Register the contact of province " + k.provinceCode() + " first (PUT /api/provinces/" + k.provinceCode() + "/contact).")))
                        .flatMap(contact -> step(k, admin, List.of(SigningKeyStore.Status.ISSUED), SigningKeyStore.Status.SHIPPED,
                                "SHIPPED", Map.of("provinceContact", contact))));
    }

    public Mono<KeyView> revoke(Viewer admin, UUID id, String reason) {
        requireRole(admin, Role.ADMIN);
        RevocationReason why = reason == null ? RevocationReason.UNSPECIFIED : parseReason(reason);
        return store.find(id).switchIfEmpty(Mono.error(ApiProblem.notFound("Key " + id)))
                .flatMap(k -> k.status() == SigningKeyStore.Status.REVOKED
                        ? Mono.error(ApiProblem.conflict("KEY_REVOKED", "This key is already revoked."))
                        : pki.revokeAsync(new BigInteger(k.serial(), 16), why, signerScheduler)
                        .then(verification.certificateRevoked())
                        .then(step(k, admin, List.of(SigningKeyStore.Status.values()), SigningKeyStore.Status.REVOKED, "REVOKED",
                                Map.of("reason", why.name()))));
    }

    /**
     * Unlocks a locked key (or replaces a forgotten PIN) with a new PIN sent to the holder, to change at first
     * use. The key goes back to the province's contact, who hands it over again: whoever holds the holder's
     * password alone must not be able to obtain a working PIN.
     */
    public Mono<KeyView> reissuePin(Viewer admin, UUID id) {
        requireRole(admin, Role.ADMIN);
        return store.find(id).switchIfEmpty(Mono.error(ApiProblem.notFound("Key " + id))).flatMap(k -> {
            if (k.status() == SigningKeyStore.Status.REVOKED) {
                return Mono.error(ApiProblem.conflict("KEY_REVOKED", "A revoked key cannot be unlocked: issue a new key."));
            }
            if (k.status() == SigningKeyStore.Status.ISSUED || k.status() == SigningKeyStore.Status.SHIPPED) {
                return Mono.error(ApiProblem.conflict("KEY_NOT_HANDED_OVER", "The key has not reached its holder yet."));
            }
            char[] pin = PinProtectedKeys.randomPin(8);
            return users.findById(k.holderId()).flatMap(holder -> holderDetails(holder)
                    .flatMap(contact -> keys.resetPin(ProtectedKey.decode(k.protectedKey()), pin)
                            .onErrorMap(SignerException.class, e -> e.code() == SignerException.Code.RECOVERY_UNAVAILABLE
                                    ? ApiProblem.conflict("RECOVERY_UNAVAILABLE", "This key cannot be recovered: revoke it and issue a new one.")
                                    : e)
                            .flatMap(newKey -> tx.transactional(store.replaceKey(k.id(), newKey.encoded(), List.of(k.status()),
                                            SigningKeyStore.Status.SHIPPED)
                                    .flatMap(replaced -> replaced
                                            ? store.audit(k.id(), "PIN_REISSUED", admin.id(), Map.of("previousStatus", k.status().name()))
                                            : Mono.error(changedMeanwhile()))))
                            .then(deliverPin(k.id(), holder, contact, pin, "reissued"))))
                    .doFinally(s -> Arrays.fill(pin, '\0'))
                    .then(view(id));
        });
    }

    // ---- province contact

    public Mono<KeyView> handOver(Viewer contact, UUID id) {
        requireRole(contact, Role.PROVINCE_CONTACT);
        return store.find(id)
                .filter(k -> k.provinceCode() != null && k.provinceCode().equals(contact.provinceCode()))
                .switchIfEmpty(Mono.error(ApiProblem.notFound("Key " + id)))
                .flatMap(k -> step(k, contact, List.of(SigningKeyStore.Status.SHIPPED), SigningKeyStore.Status.HANDED_OVER,
                        "HANDED_OVER", Map.of("confirmedBy", contact.username())));
    }

    // ---- holder

    /** Changes the PIN (old to new). The first change activates a handed-over key. */
    public Mono<KeyView> changePin(Viewer holder, UUID id, char[] oldPin, char[] newPin) {
        return holderKey(holder, id).flatMap(k -> {
            List<SigningKeyStore.Status> usable = List.of(SigningKeyStore.Status.HANDED_OVER, SigningKeyStore.Status.ACTIVE);
            return withAttempt(k, usable, key -> keys.changePin(key, oldPin, newPin))
                    .flatMap(newKey -> tx.transactional(store.replaceKey(k.id(), newKey.encoded(), List.of(k.status()), SigningKeyStore.Status.ACTIVE)
                            .flatMap(replaced -> replaced ? store.audit(k.id(), "PIN_CHANGED", holder.id(), Map.of()) : Mono.error(changedMeanwhile()))
                            .then(k.status() == SigningKeyStore.Status.HANDED_OVER
                                    ? store.audit(k.id(), "ACTIVATED", holder.id(), Map.of()) : Mono.empty())))
                    .doFinally(s -> {
                        Arrays.fill(oldPin, '\0');
                        Arrays.fill(newPin, '\0');
                    })
                    .then(view(id));
        });
    }

    /** The holder's signature token, unlocked with their PIN: refused before activation, counted when wrong. */
    public Mono<SoftwareSignatureToken> unlockForSigning(Viewer holder, char[] pin) {
        return store.currentOf(holder.id())
                .switchIfEmpty(Mono.error(ApiProblem.conflict("NO_SIGNING_KEY", "You hold no signature key: ask your administrator to issue one.")))
                .flatMap(k -> withAttempt(k, List.of(SigningKeyStore.Status.ACTIVE), key -> keys.unlockForSigning(key, pin)
                        .map(priv -> new SoftwareSignatureToken(priv, key.certificateChain()))))
                .doFinally(s -> Arrays.fill(pin, '\0'));
    }

    /**
     * Checks a PIN against the key within its allowance of attempts. The attempt is taken first (an atomic
     * update), the slow derivation runs after: concurrent guesses cannot check more PINs than allowed, and
     * the guess that uses the last attempt locks the key when it is wrong. A right PIN gives the attempts
     * back, unless the key left {@code usable} meanwhile (locked or revoked): then it is refused like any.
     */
    private <T> Mono<T> withAttempt(SigningKeyStore.KeyRow k, List<SigningKeyStore.Status> usable, Function<ProtectedKey, Mono<T>> check) {
        int max = props.maxWrongPins();
        return store.reserveAttempt(k.id(), usable, max)
                .switchIfEmpty(Mono.defer(() -> store.find(k.id()).flatMap(now -> Mono.error(unusable(now, usable)))))
                .flatMap(attempt -> check.apply(ProtectedKey.decode(attempt.protectedKey()))
                        .onErrorResume(SignerException.class, e -> switch (e.code()) {
                            case WRONG_PIN -> wrongPin(k, attempt.number(), usable);
                            // The PIN was right: only the new PIN or the key's stage is wrong.
                            case WEAK_PIN, PIN_CHANGE_REQUIRED -> store.rightPin(k.id(), usable).then(Mono.error(problem(k, e)));
                            default -> store.releaseAttempt(k.id()).then(Mono.error(problem(k, e)));
                        })
                        .flatMap(result -> store.rightPin(k.id(), usable).flatMap(still -> still ? Mono.just(result)
                                : store.find(k.id()).flatMap(now -> Mono.error(unusable(now, usable))))));
    }

    private <T> Mono<T> wrongPin(SigningKeyStore.KeyRow k, int attempt, List<SigningKeyStore.Status> usable) {
        int left = Math.max(0, props.maxWrongPins() - attempt);
        Mono<Void> counted = left > 0 ? store.audit(k.id(), "WRONG_PIN", null, Map.of("wrongPins", attempt))
                : store.lockOut(k.id(), usable).flatMap(locked -> locked
                        ? store.audit(k.id(), "LOCKED", null, Map.of("wrongPins", attempt)) : Mono.empty());
        String detail = left > 0 ? "Wrong PIN: " + left + " attempt(s) left before the key locks."
                : "Wrong PIN: the key is now locked; ask your administrator to reissue a PIN.";
        return counted.then(Mono.error(new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, "WRONG_PIN", detail, Map.of("attemptsLeft", left))));
    }

    /** Why a key cannot take a PIN now. */
    private static ApiProblem unusable(SigningKeyStore.KeyRow k, List<SigningKeyStore.Status> usable) {
        return switch (k.status()) {
            case ISSUED, SHIPPED -> ApiProblem.conflict("KEY_NOT_HANDED_OVER",
                    "Your key has not been handed over to you yet; wait for your province's contact.");
            case REVOKED -> ApiProblem.conflict("KEY_REVOKED", "This key is revoked: it can no longer sign.");
            case HANDED_OVER -> usable.contains(k.status()) ? locked() : ApiProblem.conflict("PIN_CHANGE_REQUIRED",
                    "Change the initial PIN of your key before signing (POST /api/signing-keys/" + k.id() + "/pin).");
            // LOCKED, or every attempt already taken by guesses under way.
            default -> locked();
        };
    }

    public Mono<Void> audit(UUID keyHolder, String type, Map<String, ?> details) {
        return store.currentOf(keyHolder).flatMap(k -> store.audit(k.id(), type, keyHolder, details));
    }

    // ---- reading

    public Flux<KeyView> list(Viewer v) {
        return switch (v.role()) {
            case ADMIN -> store.list("true", Map.of()).concatMap(k -> view(k.id()));
            case PROVINCE_CONTACT -> v.provinceCode() == null ? Flux.empty()
                    : store.list("k.province_code = :p", Map.of("p", v.provinceCode())).concatMap(k -> view(k.id()));
            default -> store.list("k.holder_id = :h", Map.of("h", v.id())).concatMap(k -> view(k.id()));
        };
    }

    public Mono<KeyView> get(Viewer v, UUID id) {
        return store.find(id).filter(k -> v.is(Role.ADMIN) || k.holderId().equals(v.id())
                        || v.is(Role.PROVINCE_CONTACT) && v.provinceCode() != null && v.provinceCode().equals(k.provinceCode()))
                .switchIfEmpty(Mono.error(ApiProblem.notFound("Key " + id)))
                .flatMap(k -> view(k.id()));
    }

    private Mono<KeyView> view(UUID id) {
        return store.find(id).zipWith(store.events(id).collectList(), (k, ev) -> new KeyView(k.id(), k.holderUsername(),
                k.holderName(), k.provinceCode(), k.status().name(), k.serial(), k.subject(), k.wrongPins(),
                Math.max(0, props.maxWrongPins() - k.wrongPins()), k.createdAt(), k.updatedAt(), ev));
    }

    // ---- helpers

    private Mono<KeyView> step(SigningKeyStore.KeyRow k, Viewer actor, List<SigningKeyStore.Status> from, SigningKeyStore.Status to,
                               String event, Map<String, ?> details) {
        return tx.transactional(store.transition(k.id(), from, to).flatMap(moved -> moved
                        ? store.audit(k.id(), event, actor.id(), details)
                        : Mono.error(ApiProblem.conflict("WRONG_KEY_STATE", "The key is " + k.status() + ": it cannot be " + event.toLowerCase().replace('_', ' ') + " now."))))
                .doOnSuccess(v -> log.info("signing key {} of {}: {} by {}", k.id(), k.holderUsername(), event, actor.username()))
                .then(view(k.id()));
    }

    /** What a holder is told when the PIN was not the problem. */
    private static RuntimeException problem(SigningKeyStore.KeyRow k, SignerException e) {
        return switch (e.code()) {
            case PIN_CHANGE_REQUIRED -> ApiProblem.conflict("PIN_CHANGE_REQUIRED",
                    "Change the initial PIN of your key before signing (POST /api/signing-keys/" + k.id() + "/pin).");
            case WEAK_PIN -> ApiProblem.badRequest("WEAK_PIN", e.getMessage());
            case CERTIFICATE_REVOKED -> ApiProblem.conflict("KEY_REVOKED", "This key's certificate is revoked: it can no longer sign.");
            default -> e;
        };
    }

    private static ApiProblem changedMeanwhile() {
        return ApiProblem.conflict("KEY_CHANGED", "The key changed meanwhile (locked, revoked or reissued): reload it and try again.");
    }

    private static ApiProblem locked() {
        return new ApiProblem(HttpStatus.LOCKED, "KEY_LOCKED",
                "This key is locked after too many wrong PINs: ask your administrator to reissue a PIN.");
    }

    private Mono<SigningKeyStore.KeyRow> holderKey(Viewer holder, UUID id) {
        return store.find(id).filter(k -> k.holderId().equals(holder.id()))
                .switchIfEmpty(Mono.error(ApiProblem.notFound("Key " + id)));
    }

    private record Contact(String email, String phone) {
    }

    private Mono<Contact> holderDetails(Viewer holder) {
        return db.sql("SELECT email, phone FROM app_user WHERE id = :id").bind("id", holder.id())
                .map(r -> new Contact(r.get("email", String.class), r.get("phone", String.class))).one();
    }

    private Mono<String> provinceOf(Viewer holder) {
        if (holder.provinceCode() != null) {
            return Mono.just(holder.provinceCode());
        }
        if (holder.communeCode() != null) {
            return db.sql("SELECT province_code FROM commune WHERE code = :c").bind("c", holder.communeCode())
                    .map(r -> r.get("province_code", String.class)).one();
        }
        if (holder.organisationCode() != null) {
            return db.sql("SELECT province_code FROM organisation WHERE code = :o").bind("o", holder.organisationCode())
                    .map(r -> r.get("province_code", String.class)).one();
        }
        return Mono.error(ApiProblem.badRequest("NO_PROVINCE", holder.username() + " has no commune, organisation or province."));
    }

    /**
     * Sends a PIN to its holder only, by SMS and email; the PIN is not logged, stored or returned. The key's
     * trail records the channels that took it ({@code PIN_SENT}), or that none did ({@code PIN_NOT_DELIVERED}).
     */
    private Mono<Void> deliverPin(UUID keyId, Viewer holder, Contact contact, char[] pin, String which) {
        String text = "Rokhsa: le code PIN " + ("initial".equals(which) ? "initial" : "réémis") + " de votre clé de signature est "
                + new String(pin) + ". Changez-le à la première utilisation. Ne le communiquez à personne.";
        Mono<Boolean> bySms = contact.phone() == null ? Mono.just(false) : sms.send(holder.id(), contact.phone(), text);
        Mono<Boolean> byMail = mail.send(contact.email(), "Rokhsa - code PIN de votre clé de signature", text
                + "\n\nRokhsa: رمز PIN الخاص بمفتاح التوقيع الخاص بك أعلاه. يجب تغييره عند أول استعمال.")
                .onErrorResume(e -> Mono.just(false));
        return Mono.zip(bySms, byMail).flatMap(sent -> {
            List<String> channels = new java.util.ArrayList<>();
            if (sent.getT1()) {
                channels.add("sms");
            }
            if (sent.getT2()) {
                channels.add("email");
            }
            if (channels.isEmpty()) {
                log.warn("signing key {} of {}: the {} PIN reached no channel (no phone or SMS gateway, no email or SMTP server)",
                        keyId, holder.username(), which);
                return store.audit(keyId, "PIN_NOT_DELIVERED", null, Map.of());
            }
            return store.audit(keyId, "PIN_SENT", null, Map.of("channels", channels));
        });
    }

    private static void requireRole(Viewer v, Role r) {
        if (!v.is(r)) {
            throw ApiProblem.forbidden("ROLE_NOT_ALLOWED", "Only a " + r + " can do this.");
        }
    }

    private static RevocationReason parseReason(String reason) {
        try {
            return RevocationReason.valueOf(reason);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest("BAD_REASON", "Unknown revocation reason; use one of " + List.of(RevocationReason.values()) + ".");
        }
    }
}
