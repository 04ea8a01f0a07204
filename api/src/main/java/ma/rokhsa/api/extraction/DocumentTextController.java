package ma.rokhsa.api.extraction;

import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import ma.rokhsa.api.dossier.DocumentService;
import ma.rokhsa.api.security.Viewer;
import ma.rokhsa.api.web.ApiProblem;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** The text extracted from a document (OCR'd for scans), as plain UTF-8. */
@RestController
@Tag(name = "Documents")
class DocumentTextController {

    private final DocumentService documents;
    private final DatabaseClient db;

    DocumentTextController(DocumentService documents, DatabaseClient db) {
        this.documents = documents;
        this.db = db;
    }

    @GetMapping(path = "/api/documents/{id}/text", produces = MediaType.TEXT_PLAIN_VALUE)
    @Operation(summary = "Extracted text; headers say whether it came from OCR, its language, and if it was cut at the size limit")
    Mono<ResponseEntity<String>> text(Viewer v, @PathVariable UUID id) {
        return documents.visibleDocument(v, id).flatMap(doc -> db.sql("SELECT * FROM document_text WHERE document_id = :d")
                        .bind("d", doc.id())
                        .map(r -> ResponseEntity.ok()
                                .contentType(new MediaType("text", "plain", java.nio.charset.StandardCharsets.UTF_8))
                                .header("X-Text-Source", Boolean.TRUE.equals(r.get("ocr", Boolean.class)) ? "ocr" : "text-layer")
                                .header("X-Text-Language", String.valueOf(r.get("language", String.class)))
                                .header("X-Text-Truncated", String.valueOf(r.get("truncated", Boolean.class)))
                                .body(r.get("text", String.class)))
                        .one()
                        .switchIfEmpty(Mono.error(ApiProblem.notFound("Text of document " + id + " (not extracted yet, or the document was refused before extraction)"))));
    }
}
