package ma.rokhsa.api.search;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import ma.rokhsa.api.security.Viewer;
import ma.rokhsa.api.web.ApiProblem;
import ma.rokhsa.indexer.IndexerException;
import ma.rokhsa.indexer.Scope;
import ma.rokhsa.indexer.SearchPage;
import ma.rokhsa.indexer.SearchQuery;
import org.springframework.http.HttpStatus;
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

    private final SearchEngine engine;

    SearchController(SearchEngine engine) {
        this.engine = engine;
    }

    @GetMapping("/api/search")
    @Operation(summary = "Search: words, \"exact phrases\", -exclusions, reference or title-deed numbers; filters and facets")
    Mono<SearchPage> search(Viewer v, @RequestParam(defaultValue = "") String q,
                            @RequestParam(required = false) String communeCode, @RequestParam(required = false) String type,
                            @RequestParam(required = false) String status, @RequestParam(required = false) String kind,
                            @RequestParam(required = false) String from, @RequestParam(required = false) String to,
                            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
        SearchQuery query;
        try {
            query = SearchQuery.of(q).withCommune(communeCode).withType(type).withStatus(status).withKind(kind)
                    .withFiled(date("from", from), date("to", to)).withPage(page, size);
        } catch (IndexerException e) {
            return Mono.error(problem(e));
        } catch (IllegalArgumentException e) {
            return Mono.error(ApiProblem.badRequest("BAD_QUERY", e.getMessage()));
        }
        return engine.index().flatMap(index -> index.search(query, scope(v))).onErrorMap(IndexerException.class, SearchController::problem);
    }

    /** The same visibility as the rest of the API (see dossier.Scope): drafts only for their architect. */
    static Scope scope(Viewer v) {
        return switch (v.role()) {
            case ARCHITECT -> Scope.architect(v.username());
            case REVIEWER, SIGNATORY -> v.communeCode() == null ? Scope.none() : Scope.submitted(Scope.commune(v.communeCode()));
            case COMMISSION_MEMBER -> v.organisationCode() == null ? Scope.none() : Scope.submitted(Scope.organisation(v.organisationCode()));
            case ADMIN -> Scope.submitted(Scope.all());
            case PROVINCE_CONTACT -> Scope.none();
        };
    }

    private static LocalDate date(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + name + "' must be a date like 2026-03-31.");
        }
    }

    private static Throwable problem(IndexerException e) {
        return switch (e.code()) {
            case QUERY_TOO_LONG, BAD_QUERY, BAD_FILTER -> ApiProblem.badRequest(e.code().name(), e.getMessage());
            case ENGINE_UNAVAILABLE -> new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, "SEARCH_UNAVAILABLE",
                    "Search is not available right now; your dossiers are safe and will be searchable shortly. Try again in a minute.");
            default -> e;
        };
    }
}
