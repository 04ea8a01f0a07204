package ma.rokhsa.api.signing;

import java.time.OffsetDateTime;

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
import org.springframework.stereotype.Service;
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

    /** An issued document and the verification of the copy the platform keeps. */
    public record Verified(String reference, String kind, OffsetDateTime issuedAt, String sha256, VerificationReport report) {
    }

    private final PadesVerifier verifier;
    private final IssuedDocuments issued;

    DocumentVerification(PadesVerifier verifier, IssuedDocuments issued) {
        this.verifier = verifier;
        this.issued = issued;
    }

    /** The file parts of a multipart upload, verified (other parts are dropped). */
    public Mono<VerificationReport> verifyUpload(Flux<PartEvent> parts) {
        return verify(parts.filter(p -> {
            if (p instanceof FilePartEvent) {
                return true;
            }
            DataBufferUtils.release(p.content());
            return false;
        }).map(PartEvent::content));
    }

    public Mono<VerificationReport> verify(Flux<DataBuffer> content) {
        return DataBufferUtils.join(content, MAX_BYTES)
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
                .flatMap(verifier::verify)
                .onErrorMap(SignerException.class, e -> switch (e.code()) {
                    case NOT_A_PDF -> ApiProblem.badRequest("NOT_A_PDF", "This file is not a PDF (or is too damaged to read): send the signed PDF itself.");
                    case ENCRYPTED_PDF -> ApiProblem.badRequest("ENCRYPTED_PDF", "This PDF is password-protected: send it without a password.");
                    default -> ApiProblem.badRequest(e.code().name(), e.getMessage());
                });
    }

    /** The issued document with that reference, verified; 404 when the platform issued none. */
    public Mono<Verified> byReference(String reference) {
        return issued.find(reference)
                .filter(doc -> !doc.kind().equals("DECISION_PREVIEW"))
                .switchIfEmpty(Mono.error(ApiProblem.notFound("Document " + reference)))
                .flatMap(doc -> issued.content(doc).flatMap(verifier::verify)
                        .map(report -> new Verified(doc.reference(), doc.kind(), doc.createdAt(), doc.sha256(), report)));
    }
}
