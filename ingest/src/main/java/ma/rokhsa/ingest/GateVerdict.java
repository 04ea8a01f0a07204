package ma.rokhsa.ingest;

import java.util.List;

/**
 * What the {@link UploadGate} decided from the first bytes of an upload.
 *
 * @param mediaType real media type detected from the first bytes (the name is only a hint)
 * @param problems  problems knowable now; any error means the upload must be refused (HTTP 4xx)
 */
public record GateVerdict(String mediaType, List<Problem> problems) {

    public GateVerdict {
        problems = List.copyOf(problems);
    }

    /** True when no problem is an error: let the rest of the upload in. */
    public boolean accepted() {
        return problems.stream().noneMatch(Problem::isError);
    }
}
