package ma.rokhsa.api.ui;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import ma.rokhsa.api.dossier.DocumentService;
import ma.rokhsa.api.dossier.DossierService;
import ma.rokhsa.api.search.DossierSearch;
import ma.rokhsa.api.security.Role;
import ma.rokhsa.api.security.Viewer;
import ma.rokhsa.api.web.ApiProblem;
import ma.rokhsa.indexer.SearchPage;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;

/**
 * The reviewers' working pages: full-text search with facets and highlighted snippets, and the document
 * viewer (pdf.js in the browser, the extracted text beside it).
 */
@Controller
class WorkPages {

    private static final int PAGE_SIZE = 20;

    private final DossierSearch search;
    private final DocumentService documents;
    private final DossierService dossiers;

    WorkPages(DossierSearch search, DocumentService documents, DossierService dossiers) {
        this.search = search;
        this.documents = documents;
        this.dossiers = dossiers;
    }

    @GetMapping("/search")
    Mono<Rendering> search(Viewer v, @RequestParam(defaultValue = "") String q, @RequestParam(required = false) String communeCode,
                           @RequestParam(required = false) String type, @RequestParam(required = false) String status,
                           @RequestParam(required = false) String kind, @RequestParam(required = false) String from,
                           @RequestParam(required = false) String to, @RequestParam(defaultValue = "0") int page) {
        Map<String, String> filters = new LinkedHashMap<>();
        filters.put("communeCode", nz(communeCode));
        filters.put("type", nz(type));
        filters.put("status", nz(status));
        filters.put("kind", nz(kind));
        filters.put("from", nz(from));
        filters.put("to", nz(to));
        int p = Math.max(0, page);
        return search.search(v, q, communeCode, type, status, kind, from, to, p, PAGE_SIZE)
                .map(r -> Rendering.view("review/search").modelAttribute("q", q).modelAttribute("filters", filters)
                        .modelAttribute("result", r).modelAttribute("pageNumber", p).modelAttribute("pageSize", PAGE_SIZE)
                        .modelAttribute("urls", new SearchUrls(q, filters)).modelAttribute("error", "").build())
                .onErrorResume(ApiProblem.class, e -> Mono.just(Rendering.view("review/search").status(e.getStatusCode())
                        .modelAttribute("q", q).modelAttribute("filters", filters).modelAttribute("result", empty())
                        .modelAttribute("pageNumber", 0).modelAttribute("pageSize", PAGE_SIZE)
                        .modelAttribute("urls", new SearchUrls(q, filters)).modelAttribute("error", "problem." + e.code()).build()));
    }

    private static SearchPage empty() {
        return new SearchPage(0, java.util.List.of(), new SearchPage.Facets(java.util.List.of(), java.util.List.of(),
                java.util.List.of(), java.util.List.of()), 0);
    }

    /** Links of the search page: the same search with one filter set or cleared, or another page. */
    public record SearchUrls(String q, Map<String, String> filters) {

        public String with(String name, String value) {
            return build(name, value, 0);
        }

        public String page(int n) {
            return build(null, null, n);
        }

        private String build(String name, String value, int page) {
            UriComponentsBuilder b = UriComponentsBuilder.fromPath("/search").queryParam("q", "{q}");
            Map<String, Object> vars = new LinkedHashMap<>();
            vars.put("q", q);
            for (var e : filters.entrySet()) {
                String v = e.getKey().equals(name) ? value : e.getValue();
                if (v != null && !v.isEmpty()) {
                    b.queryParam(e.getKey(), "{" + e.getKey() + "}");
                    vars.put(e.getKey(), v);
                }
            }
            if (page > 0) {
                b.queryParam("page", page);
            }
            return b.encode().buildAndExpand(vars).toUriString();
        }
    }

    /** The viewer of one document: its pages (pdf.js) and the text the platform read from it. */
    @GetMapping("/documents/{id}")
    Mono<Rendering> viewer(Viewer v, @PathVariable UUID id) {
        return documents.visibleDocument(v, id).flatMap(doc -> dossiers.visible(v, doc.dossierId())
                .map(d -> Rendering.view("review/viewer").modelAttribute("doc", doc).modelAttribute("record", d)
                        .modelAttribute("pdfUrl", "/api/documents/" + doc.id() + "/content")
                        .modelAttribute("textUrl", "/api/documents/" + doc.id() + "/text")
                        .modelAttribute("staff", !v.is(Role.ARCHITECT)).build()));
    }

    /** The decision's preview in the same viewer, for the president before signing. */
    @GetMapping("/documents/preview/{dossierId}")
    Mono<Rendering> preview(Viewer v, @PathVariable UUID dossierId) {
        return dossiers.visible(v, dossierId).map(d -> Rendering.view("review/viewer").modelAttribute("doc", null)
                .modelAttribute("record", d).modelAttribute("pdfUrl", "/api/dossiers/" + d.id() + "/decision/preview")
                .modelAttribute("textUrl", "").modelAttribute("staff", true).build());
    }

    private static String nz(String s) {
        return s == null ? "" : s.strip();
    }
}
