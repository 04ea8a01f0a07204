package ma.rokhsa.api.fees;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.Map;

/**
 * What the architect declares for the fees: covered floor area per use (m2), the works cost (MAD) and,
 * for a subdivision, the number of lots. Any of them may be absent.
 */
public record DeclaredFigures(Map<CoveredUse, BigDecimal> coveredArea, BigDecimal worksCost, Integer lots,
                              OffsetDateTime updatedAt) {

    public DeclaredFigures {
        coveredArea = coveredArea == null ? Map.of() : Map.copyOf(coveredArea);
    }

    public static DeclaredFigures none() {
        return new DeclaredFigures(Map.of(), null, null, null);
    }
}
