package ma.rokhsa.api.dossier;

import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import ma.rokhsa.api.security.Viewer;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Documents by id: metadata and the original bytes (with range requests). */
@RestController
@RequestMapping("/api/documents")
@Tag(name = "Documents")
class DocumentController {

    private final DocumentService documents;
    private final DossierService dossiers;

    DocumentController(DocumentService documents, DossierService dossiers) {
        this.documents = documents;
        this.dossiers = dossiers;
    }

    @GetMapping("/{id}")
    @Operation(summary = "A document's status, problems and metadata")
    Mono<Views.DocumentView> get(Viewer viewer, @PathVariable UUID id) {
        return documents.visibleDocument(viewer, id).map(dossiers::documentView);
    }

    @GetMapping("/{id}/content")
    @Operation(summary = "The original file, streamed; supports Range requests")
    Mono<ResponseEntity<Resource>> content(Viewer viewer, @PathVariable UUID id) {
        return documents.visibleDocument(viewer, id).flatMap(doc -> documents.content(doc).map(path -> {
            String type = doc.detectedType() != null ? doc.detectedType()
                    : doc.declaredType() != null ? doc.declaredType() : MediaType.APPLICATION_OCTET_STREAM_VALUE;
            MediaType mediaType;
            try {
                mediaType = MediaType.parseMediaType(type);
            } catch (RuntimeException e) {
                mediaType = MediaType.APPLICATION_OCTET_STREAM;
            }
            return ResponseEntity.ok()
                    .contentType(mediaType)
                    .header("Content-Disposition", ContentDisposition.attachment()
                            .filename(doc.fileName(), java.nio.charset.StandardCharsets.UTF_8).build().toString())
                    .header("ETag", "\"" + doc.sha256() + "\"")
                    .header("X-Content-SHA256", doc.sha256())
                    .<Resource>body(new FileSystemResource(path));
        }));
    }
}
