package ma.rokhsa.indexer;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * The dossier fields copied into every index document of that dossier, so one search filters,
 * scopes and facets documents without a join. Send the dossier's current values each time one of
 * its documents is indexed, and call {@link ElasticsearchDossierIndex#updateDossier(DossierFields)}
 * when any of them changes (status first of all).
 *
 * @param dossierId      the dossier's id (stable)
 * @param reference      its public reference, e.g. {@code BM-2026-000123}; matched exactly by search
 * @param type           procedure code (facet), e.g. {@code BUILDING_PERMIT_SMALL}
 * @param status         workflow status (facet), e.g. {@code UNDER_REVIEW}
 * @param communeCode    the commune's code (facet; reviewer scope)
 * @param communeName    the commune's name, searchable and used as the facet's label
 * @param province       province / prefecture code
 * @param applicant      applicant's name (searchable), or null
 * @param architect      username of the architect who filed it (architect scope), or null
 * @param organisations  codes of the commission organisations the dossier was sent to (commission-member scope)
 * @param filedAt        when it was filed (the search date range applies to it), or null while a draft
 * @param updatedAt      last change, or null
 */
public record DossierFields(
        String dossierId,
        String reference,
        String type,
        String status,
        String communeCode,
        String communeName,
        String province,
        String applicant,
        String architect,
        Set<String> organisations,
        Instant filedAt,
        Instant updatedAt) {

    public DossierFields {
        Objects.requireNonNull(dossierId, "dossierId");
        organisations = organisations == null ? Set.of() : Set.copyOf(organisations);
    }
}
