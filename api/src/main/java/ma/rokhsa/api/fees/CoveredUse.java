package ma.rokhsa.api.fees;

/**
 * The uses of covered floor area the tax on construction operations distinguishes (law 47-06 on local
 * taxation, as amended by law 07-20): each commune sets a rate per m2 for each use, within the ranges the
 * law allows.
 */
public enum CoveredUse {
    HOUSING_INDIVIDUAL("Habitat individuel"),
    HOUSING_COLLECTIVE("Habitat collectif et ensembles immobiliers"),
    HOUSING_SOCIAL("Logement social"),
    COMMERCIAL("Usage commercial"),
    INDUSTRIAL("Usage industriel"),
    PROFESSIONAL("Usage professionnel"),
    ADMINISTRATIVE("Usage administratif");

    private final String label;

    CoveredUse(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
