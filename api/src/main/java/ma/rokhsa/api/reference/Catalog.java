package ma.rokhsa.api.reference;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The procedures (dossier types) and the document kinds each requires, from {@code catalog.yml}.
 * Immutable after start-up.
 */
@ConfigurationProperties("rokhsa.catalog")
public record Catalog(Map<String, Kind> kinds, Map<String, DossierType> types) {

    public Catalog {
        kinds = Map.copyOf(kinds);
        types = Map.copyOf(types);
        for (var t : types.entrySet()) {
            for (String k : t.getValue().requiredKinds()) {
                if (!kinds.containsKey(k)) {
                    throw new IllegalStateException("Dossier type " + t.getKey() + " requires unknown document kind " + k);
                }
            }
            for (String k : t.getValue().optionalKinds()) {
                if (!kinds.containsKey(k)) {
                    throw new IllegalStateException("Dossier type " + t.getKey() + " lists unknown document kind " + k);
                }
            }
        }
    }

    public Optional<DossierType> type(String code) {
        return Optional.ofNullable(code == null ? null : types.get(code));
    }

    public Optional<Kind> kind(String code) {
        return Optional.ofNullable(code == null ? null : kinds.get(code));
    }

    /** A kind of document and the rules its files must meet. */
    public record Kind(String name, String nameAr, List<String> acceptedTypes,
                       @DefaultValue("1") int minPages, @DefaultValue("500") int maxPages,
                       @DefaultValue("false") boolean textRequired, @DefaultValue("false") boolean plan,
                       @DefaultValue("true") boolean ocrAllowed,
                       /** Longest sheet side accepted, in mm; 0: no limit (plans come in A0 and larger). */
                       @DefaultValue("0") double maxSheetMm) {
    }

    /** A procedure: its names, whether it is a large project (longer legal deadline), its checklist and commission. */
    public record DossierType(String name, String nameAr, String category, boolean largeProject,
                              List<String> requiredKinds, @DefaultValue List<String> optionalKinds,
                              @DefaultValue List<String> commission) {

        public boolean accepts(String kind) {
            return requiredKinds.contains(kind) || optionalKinds.contains(kind);
        }
    }
}
