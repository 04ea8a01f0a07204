package ma.rokhsa.api.reference;

import java.util.List;
import java.util.Map;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;

/** Public reference data: communes and the procedures with their checklists. */
@RestController
@RequestMapping("/api")
class ReferenceController {

    private final DatabaseClient db;
    private final Catalog catalog;

    ReferenceController(DatabaseClient db, Catalog catalog) {
        this.db = db;
        this.catalog = catalog;
    }

    @GetMapping("/communes")
    Flux<CommuneView> communes() {
        return db.sql("""
                SELECT c.code, c.name_fr, c.name_ar, p.code AS province_code, p.name_fr AS province_fr, p.name_ar AS province_ar
                FROM commune c JOIN province p ON p.code = c.province_code ORDER BY p.name_fr, c.name_fr""")
                .map(r -> new CommuneView(r.get("code", String.class), r.get("name_fr", String.class),
                        r.get("name_ar", String.class), r.get("province_code", String.class),
                        r.get("province_fr", String.class), r.get("province_ar", String.class)))
                .all();
    }

    @GetMapping("/dossier-types")
    List<DossierTypeView> dossierTypes() {
        return catalog.types().entrySet().stream()
                .map(e -> new DossierTypeView(e.getKey(), e.getValue().name(), e.getValue().nameAr(),
                        e.getValue().category(), e.getValue().largeProject(),
                        kinds(e.getValue().requiredKinds()), kinds(e.getValue().optionalKinds())))
                .toList();
    }

    private List<KindView> kinds(List<String> codes) {
        return codes.stream().map(c -> {
            Catalog.Kind k = catalog.kinds().get(c);
            return new KindView(c, k.name(), k.nameAr(), k.acceptedTypes());
        }).toList();
    }

    record CommuneView(String code, String name, String nameAr, String provinceCode, String provinceName, String provinceNameAr) {
    }

    record DossierTypeView(String code, String name, String nameAr, String category, boolean largeProject,
                           List<KindView> requiredKinds, List<KindView> optionalKinds) {
    }

    record KindView(String code, String name, String nameAr, List<String> acceptedTypes) {
    }
}
