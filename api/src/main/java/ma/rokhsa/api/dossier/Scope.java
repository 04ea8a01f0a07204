package ma.rokhsa.api.dossier;

import java.util.Map;

import ma.rokhsa.api.security.Viewer;

/**
 * What a caller may see, as a SQL condition on the dossier alias {@code d}: an architect their own
 * dossiers (drafts included), a reviewer or signatory their commune's submitted ones, a commission
 * member those sent to their organisation, an admin every submitted one. Everything else sees nothing,
 * and a dossier outside the scope answers 404, never 403.
 */
public record Scope(String condition, Map<String, Object> binds) {

    public static Scope of(Viewer v) {
        return switch (v.role()) {
            case ARCHITECT -> new Scope("d.architect_id = :scopeUser", Map.of("scopeUser", v.id()));
            case REVIEWER, SIGNATORY -> v.communeCode() == null ? none()
                    : new Scope("d.commune_code = :scopeCommune AND d.status <> 'DRAFT'", Map.of("scopeCommune", v.communeCode()));
            case COMMISSION_MEMBER -> v.organisationCode() == null ? none()
                    : new Scope("d.status <> 'DRAFT' AND EXISTS (SELECT 1 FROM dossier_commission dc WHERE dc.dossier_id = d.id AND dc.organisation_code = :scopeOrg)",
                    Map.of("scopeOrg", v.organisationCode()));
            case ADMIN -> new Scope("d.status <> 'DRAFT'", Map.of());
            case PROVINCE_CONTACT -> none();
        };
    }

    static Scope none() {
        return new Scope("false", Map.of());
    }
}
