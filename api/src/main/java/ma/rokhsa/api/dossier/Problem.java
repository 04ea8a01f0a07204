package ma.rokhsa.api.dossier;

/** One thing wrong with a document: a stable code for programs, a message for people. */
public record Problem(String code, String message, String severity) {
    public Problem(String code, String message) {
        this(code, message, "ERROR");
    }
}
