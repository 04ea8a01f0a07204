package ma.rokhsa.api.reference;

import java.util.List;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/** The communes and provinces of the platform, read from PostgreSQL (an admin may add one at any time). */
@Service
public class ReferenceData {

    /** A commune with its province, named in French and Arabic. */
    public record Commune(String code, String name, String nameAr, String provinceCode, String provinceName, String provinceNameAr) {

        /** The commune's name in the given language ("ar" or anything else for French). */
        public String name(String lang) {
            return "ar".equals(lang) && nameAr != null ? nameAr : name;
        }
    }

    private final Mono<List<Commune>> communes;

    public ReferenceData(DatabaseClient db) {
        this.communes = db.sql("""
                SELECT c.code, c.name_fr, c.name_ar, p.code AS province_code, p.name_fr AS province_fr, p.name_ar AS province_ar
                FROM commune c JOIN province p ON p.code = c.province_code ORDER BY p.name_fr, c.name_fr""")
                .map(r -> new Commune(r.get("code", String.class), r.get("name_fr", String.class),
                        r.get("name_ar", String.class), r.get("province_code", String.class),
                        r.get("province_fr", String.class), r.get("province_ar", String.class)))
                .all().collectList();
    }

    /** Every commune, by province then name. */
    public Mono<List<Commune>> communes() {
        return communes;
    }
}
