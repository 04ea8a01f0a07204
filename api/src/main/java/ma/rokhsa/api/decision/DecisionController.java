package ma.rokhsa.api.decision;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import ma.rokhsa.api.dossier.DossierService;
import ma.rokhsa.api.security.Viewer;
import ma.rokhsa.api.signing.IssuedDocuments;
import ma.rokhsa.api.signing.VerificationLinks;
import ma.rokhsa.api.web.ApiProblem;
import ma.rokhsa.signer.render.Bilingual;
import org.springframework.http.ContentDisposition;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Decisions and the other documents the platform issues on a dossier (receipts, certificates). */
@RestController
@Tag(name = "Decisions")
class DecisionController {

    private final DecisionService decisions;
    private final DossierService dossiers;
    private final IssuedDocuments issued;

    private final VerificationLinks links;

    DecisionController(DecisionService decisions, DossierService dossiers, IssuedDocuments issued, VerificationLinks links) {
        this.links = links;
        this.decisions = decisions;
        this.dossiers = dossiers;
        this.issued = issued;
    }

    /** A reason, in French and/or Arabic. */
    record Reason(@Size(max = 2000) String fr, @Size(max = 2000) String ar) {
    }

    record Draft(@NotNull DecisionService.Outcome outcome, @Valid List<Reason> reasons, @Size(max = 500) String site) {
    }

    record Sign(@NotBlank @Size(max = 32) String pin) {
    }

    @PostMapping("/api/dossiers/{id}/decision")
    @Operation(summary = "Draft the decision (permit or refusal with reasons) and render its preview")
    Mono<DecisionService.DecisionView> draft(Viewer v, @PathVariable UUID id, @Valid @RequestBody Draft body) {
        List<Bilingual> reasons = body.reasons() == null ? List.of() : body.reasons().stream()
                .filter(r -> (r.fr() != null && !r.fr().isBlank()) || (r.ar() != null && !r.ar().isBlank()))
                .map(r -> Bilingual.of(r.fr() == null || r.fr().isBlank() ? null : r.fr(), r.ar() == null || r.ar().isBlank() ? null : r.ar()))
                .toList();
        return decisions.draft(v, id, body.outcome(), reasons, body.site());
    }

    @GetMapping("/api/dossiers/{id}/decision")
    @Operation(summary = "The decision: outcome, reasons, who drafted and signed it, links")
    Mono<DecisionService.DecisionView> get(Viewer v, @PathVariable UUID id) {
        return decisions.get(v, id);
    }

    @GetMapping(path = "/api/dossiers/{id}/decision/preview", produces = MediaType.APPLICATION_PDF_VALUE)
    @Operation(summary = "The preview PDF of the drafted decision (commune staff)")
    Mono<ResponseEntity<byte[]>> preview(Viewer v, @PathVariable UUID id) {
        return decisions.pdf(v, id, true).map(b -> pdf(b, "decision-preview.pdf"));
    }

    @GetMapping(path = "/api/dossiers/{id}/decision/document", produces = MediaType.APPLICATION_PDF_VALUE)
    @Operation(summary = "The signed decision (the permit or the refusal)")
    Mono<ResponseEntity<byte[]>> document(Viewer v, @PathVariable UUID id) {
        return decisions.pdf(v, id, false).map(b -> pdf(b, "decision.pdf"));
    }

    @PostMapping("/api/dossiers/{id}/decision/sign")
    @Operation(summary = "Sign the decision with your key and PIN (the commune's signatory)")
    Mono<DecisionService.DecisionView> sign(Viewer v, @PathVariable UUID id, @Valid @RequestBody Sign body) {
        return decisions.sign(v, id, body.pin().toCharArray());
    }

    @GetMapping("/api/dossiers/{id}/issued")
    @Operation(summary = "Documents the platform issued on the dossier (receipts, decision, certificates), with their verification links")
    Flux<IssuedView> issued(Viewer v, @PathVariable UUID id) {
        return dossiers.visible(v, id).flatMapMany(d -> issued.ofDossier(d.id()))
                .filter(i -> !i.kind().equals("DECISION_PREVIEW"))
                .map(i -> new IssuedView(i.reference(), i.dossierId(), i.kind(), i.sha256(), i.size(), i.signed(), i.createdAt(),
                        links.of(i.reference()).toString()));
    }

    /** An issued document as its dossier's audience sees it: with the link (and code) its QR code carries. */
    record IssuedView(String reference, UUID dossierId, String kind, String sha256, long size, boolean signed,
                      OffsetDateTime createdAt, String verificationUrl) {
    }

    @GetMapping(path = "/api/dossiers/{id}/issued/{reference}", produces = MediaType.APPLICATION_PDF_VALUE)
    @Operation(summary = "One issued document (PDF)")
    Mono<ResponseEntity<byte[]>> issuedDocument(Viewer v, @PathVariable UUID id, @PathVariable String reference) {
        return dossiers.visible(v, id).flatMap(d -> issued.find(reference).filter(i -> i.dossierId().equals(d.id()) && !i.kind().equals("DECISION_PREVIEW")))
                .switchIfEmpty(Mono.error(ApiProblem.notFound("Document " + reference)))
                .flatMap(issued::content).map(b -> pdf(b, reference + ".pdf"));
    }

    private static ResponseEntity<byte[]> pdf(byte[] bytes, String name) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF)
                .header("Content-Disposition", ContentDisposition.inline().filename(name).build().toString()).body(bytes);
    }
}
