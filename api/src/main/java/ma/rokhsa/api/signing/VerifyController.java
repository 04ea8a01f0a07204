package ma.rokhsa.api.signing;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import ma.rokhsa.api.security.ClientAddress;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import ma.rokhsa.signer.pades.VerificationReport;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.multipart.PartEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Public verification of signed PDFs: anyone can upload a PDF, or give the reference printed on a
 * permit (its QR code points here), and get a report per signature with an overall verdict.
 */
@RestController
@Tag(name = "Verification (public)")
class VerifyController {

    private final DocumentVerification verification;

    VerifyController(DocumentVerification verification) {
        this.verification = verification;
    }

    @PostMapping(path = "/api/verify", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Verify the signatures of an uploaded PDF (multipart part 'file')")
    Mono<VerificationReport> verifyUpload(@RequestBody Flux<PartEvent> parts, ServerWebExchange exchange) {
        return verification.verifyUpload(parts, ClientAddress.of(exchange));
    }

    @PostMapping(path = "/api/verify", consumes = MediaType.APPLICATION_PDF_VALUE)
    @Operation(summary = "Verify the signatures of a PDF sent as the request body")
    Mono<VerificationReport> verifyBody(@RequestBody Flux<DataBuffer> body, ServerWebExchange exchange) {
        return verification.verify(body, ClientAddress.of(exchange));
    }

    /**
     * The QR code of an issued document points here: a browser asking for HTML is sent to the public
     * verification page, a program gets the JSON report.
     */
    @GetMapping("/api/verify/{reference}")
    @Operation(summary = "Verify a document issued by the platform, by the reference and verification code (t) of its QR code")
    Mono<ResponseEntity<Map<String, Object>>> verifyReference(@PathVariable String reference,
                                                              @RequestParam(name = "t", required = false) String token,
                                                              ServerWebExchange exchange) {
        if (exchange.getRequest().getHeaders().getAccept().stream().anyMatch(t -> t.getType().equals("text") && t.getSubtype().equals("html"))) {
            return Mono.just(ResponseEntity.status(HttpStatus.SEE_OTHER)
                    .location(UriComponentsBuilder.fromPath("/verify/{r}").queryParamIfPresent("t", Optional.ofNullable(token))
                            .buildAndExpand(reference).encode().toUri()).build());
        }
        return verification.byReference(reference, token, ClientAddress.of(exchange)).map(v -> {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("reference", v.reference());
            out.put("kind", v.kind());
            out.put("issuedAt", v.issuedAt());
            out.put("sha256", v.sha256());
            out.put("report", v.report());
            return ResponseEntity.ok(out);
        });
    }
}
