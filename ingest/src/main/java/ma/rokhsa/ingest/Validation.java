package ma.rokhsa.ingest;

import java.util.List;

/**
 * The verdict on one document: its problems, errors first. A document with no error is {@code VALID}
 * (possibly with warnings to show), otherwise {@code REJECTED} with every error listed.
 */
public record Validation(List<Problem> problems) {

    public Validation {
        problems = List.copyOf(problems);
    }

    /** True when no problem is an error. */
    public boolean valid() {
        return problems.stream().noneMatch(Problem::isError);
    }

    public List<Problem> errors() {
        return problems.stream().filter(Problem::isError).toList();
    }

    public List<Problem> warnings() {
        return problems.stream().filter(p -> !p.isError()).toList();
    }

    /** The codes of all problems, in order (handy in logs and tests). */
    public List<ProblemCode> codes() {
        return problems.stream().map(Problem::code).toList();
    }
}
