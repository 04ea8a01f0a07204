package ma.rokhsa.api.signing;

import java.util.LinkedHashMap;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import ma.rokhsa.api.web.ApiProblem;
import ma.rokhsa.signer.SignerException;
import ma.rokhsa.signer.pades.PadesVerifier;
import ma.rokhsa.signer.pades.VerificationReport;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.multipart.FilePartEvent;
import org.springframework.http.codec.multipart.PartEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Public verification of signed PDFs: anyone can upload a PDF, or give the reference printed on a
 * permit (its QR code points here), and get a report per signature with an overall verdict.
 */
@RestController
@Tag(name = "Verification (public)")
class VerifyController {

    /** Signed permits and receipts are a few hundred KB; this bounds the memory a verification may take. */
    static final int MAX_BYTES = 30 * 1024 * 1024;

    private final PadesVerifier verifier;
    private final IssuedDocuments issued;

    VerifyController(PadesVerifier verifier, IssuedDocuments issued) {
        this.verifier = verifier;
        this.issued = issued;
    }

    @PostMapping(path = "/api/verify", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Verify the signatures of an uploaded PDF (multipart part 'file')")
    Mono<VerificationReport> verifyUpload(@RequestBody Flux<PartEvent> parts) {
        Flux<DataBuffer> file = parts.filter(p -> {
            if (p instanceof FilePartEvent) {
                return true;
            }
            DataBufferUtils.release(p.content());
            return false;
        }).map(PartEvent::content);
        return verify(file);
    }

    @PostMapping(path = "/api/verify", consumes = MediaType.APPLICATION_PDF_VALUE)
    @Operation(summary = "Verify the signatures of a PDF sent as the request body")
    Mono<VerificationReport> verifyBody(@RequestBody Flux<DataBuffer> body) {
        return verify(body);
    }

    @GetMapping("/api/verify/{reference}")
    @Operation(summary = "Verify a document issued by the platform, by the reference printed on it")
    Mono<Map<String, Object>> verifyReference(@PathVariable String reference) {
        return issued.find(reference)
                .switchIfEmpty(Mono.error(ApiProblem.notFound("Document " + reference)))
                .flatMap(doc -> issued.content(doc).flatMap(verifier::verify).map(report -> {
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("reference", doc.reference());
                    out.put("kind", doc.kind());
                    out.put("issuedAt", doc.createdAt());
                    out.put("sha256", doc.sha256());
                    out.put("report", report);
                    return out;
                }));
    }

    private Mono<VerificationReport> verify(Flux<DataBuffer> content) {
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
}
