package ma.rokhsa.api.dossier;

import java.net.URI;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import ma.rokhsa.api.security.Viewer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.multipart.PartEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Dossiers and their documents. Every read is scoped to what the caller may see; anything else is 404. */
@RestController
@RequestMapping("/api/dossiers")
@Tag(name = "Dossiers")
class DossierController {

    private final DossierService dossiers;
    private final DocumentService documents;

    DossierController(DossierService dossiers, DocumentService documents) {
        this.dossiers = dossiers;
        this.documents = documents;
    }

    record CreateDossier(@NotBlank String type, @NotBlank String communeCode, @NotBlank @Size(max = 300) String title,
                         @NotNull @Valid Applicant applicant) {
    }

    record Created(UUID id, String reference, String status) {
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Open a dossier (architects)")
    Mono<ResponseEntity<Created>> create(Viewer viewer, @Valid @RequestBody CreateDossier body) {
        return dossiers.create(viewer, new DossierService.NewDossier(body.type(), body.communeCode(), body.title(), body.applicant()))
                .map(d -> ResponseEntity.created(URI.create("/api/dossiers/" + d.id()))
                        .body(new Created(d.id(), d.reference(), d.status().name())));
    }

    @GetMapping
    @Operation(summary = "The caller's visible dossiers, newest first")
    Mono<Views.Page<Views.DossierSummary>> list(Viewer viewer, @RequestParam(required = false) String status,
                                                @RequestParam(required = false) String communeCode,
                                                @RequestParam(required = false) String type,
                                                @RequestParam(defaultValue = "0") int page,
                                                @RequestParam(defaultValue = "50") int size) {
        return dossiers.list(viewer, status, communeCode, type, page, size);
    }

    @GetMapping("/{id}")
    @Operation(summary = "A dossier with its documents, their status and problems")
    Mono<Views.DossierView> get(Viewer viewer, @PathVariable UUID id) {
        return dossiers.view(viewer, id);
    }

    @GetMapping("/{id}/checklist")
    @Operation(summary = "Required document kinds: which are valid, pending, rejected or missing")
    Mono<Views.ChecklistView> checklist(Viewer viewer, @PathVariable UUID id) {
        return dossiers.checklist(viewer, id);
    }

    @PostMapping("/{id}/submit")
    @Operation(summary = "Submit a complete dossier (its architect)")
    Mono<ResponseEntity<Views.DossierView>> submit(Viewer viewer, @PathVariable UUID id) {
        return dossiers.submit(viewer, id).map(v -> ResponseEntity.status(HttpStatus.ACCEPTED).body(v));
    }

    @PostMapping(path = "/{id}/documents", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Upload a document: multipart part 'file' and field 'kind'; streamed to disk")
    Mono<ResponseEntity<Views.DocumentView>> upload(Viewer viewer, @PathVariable UUID id, @RequestBody Flux<PartEvent> parts,
                                                    @RequestHeader(value = HttpHeaders.CONTENT_LENGTH, required = false) Long length) {
        return documents.upload(viewer, id, parts, length == null ? -1 : length)
                .map(u -> u.created()
                        ? ResponseEntity.created(URI.create("/api/documents/" + u.document().id())).body(u.document())
                        : ResponseEntity.ok().header("X-Duplicate-Of", u.document().id().toString()).body(u.document()));
    }
}
