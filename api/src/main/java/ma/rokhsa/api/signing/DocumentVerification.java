package ma.rokhsa.api.signing;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import jakarta.annotation.PreDestroy;
import ma.rokhsa.api.events.PgNotifications;
import ma.rokhsa.api.security.AddressAllowance;
import ma.rokhsa.api.web.ApiProblem;
import ma.rokhsa.signer.SignerException;
import ma.rokhsa.signer.pades.PadesVerifier;
import ma.rokhsa.signer.pades.VerificationReport;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.codec.multipart.FilePartEvent;
import org.springframework.http.codec.multipart.PartEvent;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Verifies signed PDFs for anyone: an uploaded file, or a document the platform issued, found by the
 * reference printed on it. The one use case behind the verification API and the public verification page.
 */
@Service
public class DocumentVerification {

    /** Signed permits and receipts are a few hundred KB; this bounds the memory a verification may take. */
    public static final int MAX_BYTES = 30 * 1024 * 1024;

    /** The notification channel of revocations, on which every instance forgets the reports it remembers. */
    static final String REVOCATIONS = "rokhsa_revocations";

    /** An issued document and the verification of the copy the platform keeps. */
    public record Verified(String reference, String kind, OffsetDateTime issuedAt, String sha256, VerificationReport report) {
    }

    private final PadesVerifier verifier;
    private final IssuedDocuments issued;
    private final VerificationProperties props;
    /** Verifications running or waiting: the buffered bytes and the threads anonymous callers can hold. */
    private final Semaphore slots;
    private final Cache<String, VerificationReport> reports;
    private final AddressAllowance perAddress;
    /** Counts revocations seen: a report computed across one is not remembered. */
    private final AtomicLong revocations = new AtomicLong();
    private final DatabaseClient db;
    private final Disposable listening;

    private final VerificationLinks links;

    DocumentVerification(PadesVerifier verifier, IssuedDocuments issued, VerificationProperties props, DatabaseClient db,
                         PgNotifications notifications, VerificationLinks links) {
        this.links = links;
        this.verifier = verifier;
        this.issued = issued;
        this.props = props;
        this.db = db;
        this.slots = new Semaphore(props.concurrency() + props.queue());
        this.reports = Caffeine.newBuilder().maximumSize(1_000).expireAfterWrite(props.reportTtl()).build();
        this.perAddress = new AddressAllowance(props.perAddress(), props.window());
        // A certificate revoked on any instance (or a gap in the notifications): every remembered report may be stale.
        this.listening = notifications.channel(REVOCATIONS).subscribe(s -> forgetReports());
    }

    /** Tells every instance that a certificate was revoked: the reports they remember are forgotten. */
    public Mono<Void> certificateRevoked() {
        forgetReports();
        return db.sql("SELECT pg_notify(:c, '')").bind("c", REVOCATIONS).then();
    }

    private void forgetReports() {
        revocations.incrementAndGet();
        reports.invalidateAll();
    }

    @PreDestroy
    void stop() {
        listening.dispose();
    }

    /** The file parts of a multipart upload, verified (other parts are dropped), for a caller at {@code address}. */
    public Mono<VerificationReport> verifyUpload(Flux<PartEvent> parts, String address) {
        return verify(parts.filter(p -> {
            if (p instanceof FilePartEvent) {
                return true;
            }
            DataBufferUtils.release(p.content());
            return false;
        }).map(PartEvent::content), address);
    }

    public Mono<VerificationReport> verify(Flux<DataBuffer> content, String address) {
        return guarded(address, DataBufferUtils.join(content, MAX_BYTES)
                .onErrorMap(DataBufferLimitException.class, e -> new ApiProblem(HttpStatus.CONTENT_TOO_LARGE, "FILE_TOO_LARGE",
                        "Verification accepts PDFs up to " + MAX_BYTES / (1024 * 1024) + " MB."))
                .map(buf -> {
                    try {
                        byte[] bytes = new byte[buf.readableByteCount()];
                        buf.read(bytes);
                        return bytes;
                    } finally {
                        DataBufferUtils.release(buf);
                    }
                })
                .filter(b -> b.length > 0)
                .switchIfEmpty(Mono.error(ApiProblem.badRequest("FILE_MISSING", "Send the PDF to verify (multipart part 'file', or the body as application/pdf).")))
                .flatMap(this::report));
    }

    /**
     * Runs a verification within the limits: refused (429) past the address's allowance, refused (503) when
     * every slot is taken; the slot is taken before the body is read, so waiting bodies are bounded too.
     */
    private <T> Mono<T> guarded(String address, Mono<T> work) {
        return Mono.defer(() -> {
            if (!perAddress.take(address)) {
                return Mono.error(new ApiProblem(HttpStatus.TOO_MANY_REQUESTS, "TOO_MANY_VERIFICATIONS",
                        "This address asked for " + props.perAddress() + " verifications in a short time: try again in a minute.")
                        .retryAfter(props.window()));
            }
            if (!slots.tryAcquire()) {
                return Mono.error(new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, "VERIFICATION_BUSY",
                        "Many documents are being verified right now: try again in a few seconds.").retryAfter(Duration.ofSeconds(5)));
            }
            return work.doFinally(s -> slots.release());
        });
    }

    /** The report of these bytes: remembered by their SHA-256, so the same document sent again costs a hash. */
    private Mono<VerificationReport> report(byte[] pdf) {
        String sha = HexFormat.of().formatHex(sha256(pdf));
        VerificationReport known = reports.getIfPresent(sha);
        if (known != null) {
            return Mono.just(known);
        }
        long seen = revocations.get();
        return verifier.verify(pdf)
                .doOnNext(r -> {
                    if (revocations.get() == seen) {
                        reports.put(sha, r);
                    }
                })
                .onErrorMap(SignerException.class, e -> switch (e.code()) {
                    case NOT_A_PDF -> ApiProblem.badRequest("NOT_A_PDF", "This file is not a PDF (or is too damaged to read): send the signed PDF itself.");
                    case ENCRYPTED_PDF -> ApiProblem.badRequest("ENCRYPTED_PDF", "This PDF is password-protected: send it without a password.");
                    case TOO_MANY_SIGNATURES -> new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, "TOO_MANY_SIGNATURES", e.getMessage()
                            + " Documents the platform issues carry a few: this one cannot be verified here.");
                    default -> ApiProblem.badRequest(e.code().name(), e.getMessage());
                });
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The issued document with that reference, verified; 404 when the platform issued none. */
    public Mono<Verified> byReference(String reference, String token, String address) {
        if (!links.valid(reference, token)) {
            // The same answer as an unknown reference: a guess learns nothing.
            return Mono.error(ApiProblem.notFound("Document " + reference + " with this verification code"));
        }
        return issued.find(reference)
                .filter(doc -> !doc.kind().equals("DECISION_PREVIEW"))
                .switchIfEmpty(Mono.error(ApiProblem.notFound("Document " + reference)))
                .flatMap(doc -> guarded(address, issued.content(doc).flatMap(this::report))
                        .map(report -> new Verified(doc.reference(), doc.kind(), doc.createdAt(), doc.sha256(), report)));
    }
}
