package ma.rokhsa.indexer;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Which documents a caller may see, applied as a filter inside the engine's query: hits, totals,
 * facets and highlights only ever come from documents in scope. Build it from the authenticated
 * caller, never from request parameters. Immutable.
 */
public final class Scope {

    enum Kind { ALL, NONE, ARCHITECT, COMMUNES, ORGANISATION, ANY_OF, SUBMITTED }

    private final Kind kind;
    private final Set<String> values;
    private final List<Scope> parts;

    private Scope(Kind kind, Set<String> values, List<Scope> parts) {
        this.kind = kind;
        this.values = values;
        this.parts = parts;
    }

    /** Everything (administrators, the ministry). */
    public static Scope all() {
        return new Scope(Kind.ALL, Set.of(), List.of());
    }

    /** Nothing: the safe default for a role the caller does not map. */
    public static Scope none() {
        return new Scope(Kind.NONE, Set.of(), List.of());
    }

    /** Dossiers filed by this architect. */
    public static Scope architect(String username) {
        return new Scope(Kind.ARCHITECT, Set.of(requireText(username, "username")), List.of());
    }

    /** Dossiers of one commune (its one-stop-shop reviewers). */
    public static Scope commune(String communeCode) {
        return new Scope(Kind.COMMUNES, Set.of(requireText(communeCode, "communeCode")), List.of());
    }

    /** Dossiers of several communes (e.g. a province supervising its communes); empty means none. */
    public static Scope communes(Collection<String> communeCodes) {
        Set<String> codes = Set.copyOf(communeCodes);
        codes.forEach(c -> requireText(c, "communeCode"));
        return codes.isEmpty() ? none() : new Scope(Kind.COMMUNES, codes, List.of());
    }

    /** Dossiers sent to this commission organisation (its members). */
    public static Scope organisation(String organisationCode) {
        return new Scope(Kind.ORGANISATION, Set.of(requireText(organisationCode, "organisationCode")), List.of());
    }

    /** The union of several scopes (a person holding several roles). */
    public static Scope anyOf(Scope... scopes) {
        List<Scope> list = Arrays.stream(scopes).map(Objects::requireNonNull).toList();
        if (list.stream().anyMatch(s -> s.kind == Kind.ALL)) {
            return all();
        }
        List<Scope> useful = list.stream().filter(s -> s.kind != Kind.NONE).toList();
        return useful.isEmpty() ? none() : useful.size() == 1 ? useful.get(0) : new Scope(Kind.ANY_OF, Set.of(), useful);
    }

    /**
     * The same scope without the documents of draft dossiers: a draft is visible to its architect alone,
     * so every staff scope (one-stop shop, commission, administrators) is wrapped in this.
     */
    public static Scope submitted(Scope scope) {
        Objects.requireNonNull(scope);
        return scope.kind == Kind.NONE ? scope : new Scope(Kind.SUBMITTED, Set.of(), List.of(scope));
    }

    Kind kind() {
        return kind;
    }

    Set<String> values() {
        return values;
    }

    List<Scope> parts() {
        return parts;
    }

    private static String requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Scope s && s.kind == kind && s.values.equals(values) && s.parts.equals(parts);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, values, parts);
    }

    @Override
    public String toString() {
        return kind == Kind.ANY_OF || kind == Kind.SUBMITTED ? "Scope" + (kind == Kind.SUBMITTED ? "[SUBMITTED]" : "") + parts : "Scope[" + kind + (values.isEmpty() ? "" : " " + values) + "]";
    }
}
