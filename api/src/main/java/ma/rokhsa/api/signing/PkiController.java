package ma.rokhsa.api.signing;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import ma.rokhsa.api.web.ApiProblem;
import ma.rokhsa.signer.pki.DemoPki;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Public endpoints of the demo PKI: CA certificates and CRLs (named in the certificates' AIA and CRL
 * distribution points) and the RFC 3161 timestamp service.
 */
@RestController
@Tag(name = "Demo PKI")
class PkiController {

    private final DemoPki pki;
    private final Scheduler signerScheduler;

    PkiController(DemoPki pki, Scheduler signerScheduler) {
        this.pki = pki;
        this.signerScheduler = signerScheduler;
    }

    @GetMapping("/pki/{name}")
    @Operation(summary = "A CA certificate or CRL of the demo PKI (root.crt, issuing.crt, tsa.crt, root.crl, issuing.crl)")
    Mono<ResponseEntity<byte[]>> published(@PathVariable String name) {
        return pki.publishedAsync(name, signerScheduler)
                .map(p -> ResponseEntity.ok().contentType(MediaType.parseMediaType(p.mediaType())).body(p.content()))
                .switchIfEmpty(Mono.error(ApiProblem.notFound("PKI object " + name)));
    }

    @PostMapping(path = "/pki/tsa", consumes = "application/timestamp-query", produces = "application/timestamp-reply")
    @Operation(summary = "RFC 3161 timestamp service (demo)")
    Mono<byte[]> timestamp(@RequestBody byte[] request) {
        if (request.length > 64 * 1024) {
            return Mono.error(ApiProblem.badRequest("BAD_TIMESTAMP_REQUEST", "A timestamp request is a few hundred bytes."));
        }
        return Mono.fromCallable(() -> pki.timestampAuthority().respond(request)).subscribeOn(signerScheduler);
    }
}
