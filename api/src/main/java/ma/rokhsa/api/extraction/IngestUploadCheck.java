package ma.rokhsa.api.extraction;

import java.util.stream.Collectors;

import ma.rokhsa.api.dossier.UploadCheck;
import ma.rokhsa.api.reference.Catalog;
import ma.rokhsa.api.upload.UploadedPart;
import ma.rokhsa.api.web.ApiProblem;
import ma.rokhsa.ingest.GateVerdict;
import ma.rokhsa.ingest.Problem;
import ma.rokhsa.ingest.UploadGate;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Refuses at upload what the first bytes already tell: an executable or an archive (never expanded), a
 * file whose content is not what its name says, a type the kind does not accept. The real type is
 * detected from the content, never from the name or the declared type.
 */
@Component
class IngestUploadCheck implements UploadCheck {

    private final IngestConfig.KindRules rules;

    IngestUploadCheck(IngestConfig.KindRules rules) {
        this.rules = rules;
    }

    @Override
    public Outcome check(UploadedPart upload, Catalog.Kind kind) {
        byte[] head = upload.file().head();
        GateVerdict v = UploadGate.inspect(head, head.length, upload.fileName(), rules.of(upload.kind()));
        if (v.accepted()) {
            return new Outcome(v.mediaType(), null);
        }
        Problem first = v.problems().stream().filter(Problem::isError).findFirst().orElse(v.problems().get(0));
        String all = v.problems().stream().filter(Problem::isError).map(Problem::message).collect(Collectors.joining(" "));
        return new Outcome(v.mediaType(), new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, first.code().name(), all,
                java.util.Map.of("detectedType", v.mediaType(), "problems", v.problems().stream()
                        .map(p -> java.util.Map.of("code", p.code().name(), "message", p.message(), "severity", p.severity().name()))
                        .toList())));
    }
}
