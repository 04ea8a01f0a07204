package ma.rokhsa.api.reference;

import java.util.List;
import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;

/** Public reference data: communes and the procedures with their checklists. */
@RestController
@RequestMapping("/api")
class ReferenceController {

    private final ReferenceData reference;
    private final Catalog catalog;

    ReferenceController(ReferenceData reference, Catalog catalog) {
        this.reference = reference;
        this.catalog = catalog;
    }

    @GetMapping("/communes")
    Flux<CommuneView> communes() {
        return reference.communes().flatMapMany(Flux::fromIterable)
                .map(c -> new CommuneView(c.code(), c.name(), c.nameAr(), c.provinceCode(), c.provinceName(), c.provinceNameAr()));
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
