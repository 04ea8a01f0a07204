package ma.rokhsa.api.search;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;

import ma.rokhsa.api.security.Viewer;
import ma.rokhsa.api.web.ApiProblem;
import ma.rokhsa.indexer.IndexerException;
import ma.rokhsa.indexer.Scope;
import ma.rokhsa.indexer.SearchPage;
import ma.rokhsa.indexer.SearchQuery;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * Full-text search of documents and dossiers, within what the caller may see: the one use case behind
 * the search API and the search page. Bad queries and an unavailable engine become problems that say
 * what to do.
 */
@Service
public class DossierSearch {

    private final SearchEngine engine;

    DossierSearch(SearchEngine engine) {
        this.engine = engine;
    }

    /** Blank filters mean "any"; dates are ISO days (2026-03-31). */
    public Mono<SearchPage> search(Viewer v, String q, String communeCode, String type, String status, String kind,
                                   String from, String to, int page, int size) {
        SearchQuery query;
        try {
            query = SearchQuery.of(q == null ? "" : q).withCommune(blank(communeCode)).withType(blank(type))
                    .withStatus(blank(status)).withKind(blank(kind))
                    .withFiled(date("from", from), date("to", to)).withPage(page, size);
        } catch (IndexerException e) {
            return Mono.error(problem(e));
        } catch (IllegalArgumentException e) {
            return Mono.error(ApiProblem.badRequest("BAD_QUERY", e.getMessage()));
        }
        return engine.index().flatMap(index -> index.search(query, scope(v))).onErrorMap(IndexerException.class, DossierSearch::problem);
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

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s;
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
