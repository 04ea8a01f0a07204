package ma.rokhsa.api.extraction;

import java.util.LinkedHashMap;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import ma.rokhsa.api.security.Role;
import ma.rokhsa.api.security.Viewer;
import ma.rokhsa.api.web.ApiProblem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The re-extraction command: schedules every accepted document whose scans wait for OCR to be read again by
 * the {@code reread} stage. Any instance may take the command; the stage runs where OCR is available (an
 * instance with OCR also does this by itself at start-up).
 */
@RestController
@Tag(name = "Administration")
class RereadController {

    private static final Logger log = LoggerFactory.getLogger(RereadController.class);

    private final RereadStage stage;

    RereadController(RereadStage stage) {
        this.stage = stage;
    }

    @PostMapping("/api/admin/documents/reread")
    @Operation(summary = "Read again with OCR every document whose scans could not be read for want of OCR (admin)")
    Mono<ResponseEntity<Map<String, Object>>> reread(Viewer v) {
        if (!v.is(Role.ADMIN)) {
            return Mono.error(ApiProblem.forbidden("ROLE_NOT_ALLOWED", "Only administrators schedule re-extraction."));
        }
        return stage.scheduleAll().map(n -> {
            log.info("{} scheduled {} document(s) to be read again with OCR", v.username(), n);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("scheduled", n);
            // The reading itself happens where OCR is available: say whether that includes this instance.
            out.put("ocrAvailableHere", stage.ocrAvailable());
            out.put("ocr", stage.ocrStatus());
            return ResponseEntity.status(HttpStatus.ACCEPTED).body(out);
        });
    }
}
