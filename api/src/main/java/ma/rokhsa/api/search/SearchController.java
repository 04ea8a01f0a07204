package ma.rokhsa.api.search;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import ma.rokhsa.api.security.Viewer;
import ma.rokhsa.indexer.SearchPage;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Full-text search of documents and dossiers, Arabic and French at once, always within what the caller
 * may see: the scope is a filter inside the engine query, so hits, totals, facets and highlights never
 * leak another commune's data.
 */
@RestController
@Tag(name = "Search")
class SearchController {

    private final DossierSearch search;

    SearchController(DossierSearch search) {
        this.search = search;
    }

    @GetMapping("/api/search")
    @Operation(summary = "Search: words, \"exact phrases\", -exclusions, reference or title-deed numbers; filters and facets")
    Mono<SearchPage> search(Viewer v, @RequestParam(defaultValue = "") String q,
                            @RequestParam(required = false) String communeCode, @RequestParam(required = false) String type,
                            @RequestParam(required = false) String status, @RequestParam(required = false) String kind,
                            @RequestParam(required = false) String from, @RequestParam(required = false) String to,
                            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
        return search.search(v, q, communeCode, type, status, kind, from, to, page, size);
    }
}
