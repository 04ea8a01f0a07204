package ma.rokhsa.indexer;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregate;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregation;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import co.elastic.clients.elasticsearch._types.query_dsl.Operator;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch._types.query_dsl.TextQueryType;
import co.elastic.clients.elasticsearch._types.query_dsl.ZeroTermsQuery;
import co.elastic.clients.elasticsearch.core.SearchRequest;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.HighlightField;
import co.elastic.clients.elasticsearch.core.search.HighlighterEncoder;
import co.elastic.clients.elasticsearch.core.search.HighlighterType;
import co.elastic.clients.util.NamedValue;

/**
 * Builds the engine's search request from a parsed query, the filters and the caller's scope, and
 * reads the answer back into a {@link SearchPage}. The scope and the filters go into the query's
 * {@code filter} clause, never into a post-filter: aggregations and highlights are computed on the
 * scoped hits only. Stateless.
 */
final class SearchRequests {

    /**
     * Every word must be found in one of these (any language), with per-field weights. {@code text.arx} also
     * finds Arabic words glued to a preposition or carrying a suffix the light stemmer keeps; it weighs less,
     * so the word as typed ranks first.
     */
    static final List<String> WORD_FIELDS = List.of(
            "text", "text.ar", "text.arx^0.5", "text.fr", "title^2", "title.ar^2", "title.fr^2", "fileName^2",
            "applicant^2", "communeName.text^1.5", "reference.parts^3");
    static final List<String> PHRASE_FIELDS = List.of(
            "text", "text.ar", "text.arx", "text.fr", "title", "fileName", "applicant");
    static final List<String> HIGHLIGHT_FIELDS = List.of("text", "text.ar", "text.arx", "text.fr", "text.ident");
    private static final List<String> SOURCE_FIELDS = List.of("documentId", "dossierId", "reference", "fileName", "kind");
    private static final int MAX_FILTER_LENGTH = 128;
    private static final int FRAGMENTS = 3;

    private SearchRequests() {
    }

    /** The source fields a hit needs; the text itself is never sent back. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record HitSource(String documentId, String dossierId, String reference, String fileName, String kind) {
    }

    static void validate(SearchQuery q) {
        if (q.page() < 0 || q.size() < 1 || q.size() > SearchQuery.MAX_PAGE_SIZE) {
            throw badFilter("Page " + q.page() + " of size " + q.size() + " is invalid: page starts at 0, size is 1.."
                    + SearchQuery.MAX_PAGE_SIZE, Map.of("page", q.page(), "size", q.size()));
        }
        if ((long) (q.page() + 1) * q.size() > SearchQuery.MAX_RESULT_WINDOW) {
            throw badFilter("Results beyond the first " + SearchQuery.MAX_RESULT_WINDOW
                    + " cannot be paged through: narrow the search with more words or filters",
                    Map.of("page", q.page(), "size", q.size()));
        }
        if (q.from() != null && q.to() != null && q.from().isAfter(q.to())) {
            throw badFilter("The date range starts (" + q.from() + ") after it ends (" + q.to() + ")",
                    Map.of("from", q.from().toString(), "to", q.to().toString()));
        }
        for (String value : new String[] {q.communeCode(), q.type(), q.status(), q.kind()}) {
            if (value != null && (value.length() > MAX_FILTER_LENGTH || value.chars().anyMatch(Character::isISOControl))) {
                throw badFilter("A filter value is too long or has control characters", Map.of());
            }
        }
    }

    private static IndexerException badFilter(String message, Map<String, Object> context) {
        return new IndexerException(IndexerException.Code.BAD_FILTER, message, context, null);
    }

    static SearchRequest build(String index, QueryParser.ParsedQuery parsed, SearchQuery q, Scope scope, ZoneId zone) {
        List<Query> must = new ArrayList<>();
        List<Query> mustNot = new ArrayList<>();
        List<Query> filter = new ArrayList<>();
        parsed.words().forEach(w -> must.add(word(w)));
        parsed.phrases().forEach(p -> must.add(phrase(p)));
        parsed.identifiers().forEach(id -> must.add(identifier(id)));
        parsed.excludedWords().forEach(w -> mustNot.add(word(w)));
        parsed.excludedPhrases().forEach(p -> mustNot.add(phrase(p)));
        parsed.excludedIdentifiers().forEach(id -> mustNot.add(identifier(id)));

        Query scopeFilter = scopeFilter(scope);
        if (scopeFilter != null) {
            filter.add(scopeFilter);
        }
        termFilter(filter, "communeCode", q.communeCode());
        termFilter(filter, "type", q.type());
        termFilter(filter, "status", q.status());
        termFilter(filter, "kind", q.kind());
        if (q.from() != null || q.to() != null) {
            filter.add(Query.of(f -> f.range(r -> r.date(d -> {
                d.field("filedAt").format("yyyy-MM-dd").timeZone(zone.getId());
                if (q.from() != null) {
                    d.gte(q.from().toString());
                }
                if (q.to() != null) {
                    d.lte(q.to().toString()); // date-only upper bound rounds up to the end of that day
                }
                return d;
            }))));
        }
        if (must.isEmpty()) {
            must.add(Query.of(m -> m.matchAll(a -> a)));
        }
        Query query = Query.of(b -> b.bool(bool -> bool.must(must).mustNot(mustNot).filter(filter)));
        boolean relevance = parsed.hasPositive();

        return SearchRequest.of(s -> {
            s.index(index)
                    .query(query)
                    .from(q.page() * q.size())
                    .size(q.size())
                    .trackTotalHits(t -> t.enabled(true))
                    .source(src -> src.filter(f -> f.includes(SOURCE_FIELDS)))
                    .aggregations(facets());
            if (relevance) {
                s.sort(o -> o.score(sc -> sc.order(SortOrder.Desc)));
                s.highlight(h -> h
                        .type(HighlighterType.Unified)
                        .encoder(HighlighterEncoder.Html)
                        .preTags("<mark>").postTags("</mark>")
                        .fragmentSize(160)
                        .numberOfFragments(FRAGMENTS)
                        .fields(highlightFields(parsed).stream()
                                .map(f -> NamedValue.of(f, HighlightField.of(hf -> hf)))
                                .toList()));
            }
            s.sort(o -> o.field(f -> f.field("filedAt").order(SortOrder.Desc).missing("_last")));
            s.sort(o -> o.field(f -> f.field("documentId").order(SortOrder.Asc)));
            return s;
        });
    }

    /**
     * The sub-fields worth highlighting for what was typed: each is one more pass over every hit's text in the
     * engine, and one more copy of each passage in its answer. The folded text marks the words as typed; the
     * Arabic sub-fields add stems and variants only to Arabic words, the French one only to Latin-script words;
     * the identifier sub-field only matters when a number was typed.
     */
    static List<String> highlightFields(QueryParser.ParsedQuery parsed) {
        boolean arabic = false;
        boolean latin = false;
        List<String> terms = new ArrayList<>(parsed.words());
        terms.addAll(parsed.phrases());
        for (String term : terms) {
            arabic |= term.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.ARABIC);
            latin |= term.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.LATIN);
        }
        if (!terms.isEmpty() && !arabic && !latin) {
            arabic = latin = true; // digits or another script: every analyser may mark something
        }
        List<String> fields = new ArrayList<>();
        if (!terms.isEmpty()) {
            fields.add("text");
        }
        if (arabic) {
            fields.add("text.ar");
            fields.add("text.arx");
        }
        if (latin) {
            fields.add("text.fr");
        }
        if (!parsed.identifiers().isEmpty()) {
            fields.add("text.ident");
        }
        return fields;
    }

    private static Map<String, Aggregation> facets() {
        Map<String, Aggregation> aggs = new LinkedHashMap<>();
        aggs.put("type", Aggregation.of(a -> a.terms(t -> t.field("type").size(50))));
        aggs.put("status", Aggregation.of(a -> a.terms(t -> t.field("status").size(50))));
        aggs.put("kind", Aggregation.of(a -> a.terms(t -> t.field("kind").size(50))));
        aggs.put("commune", Aggregation.of(a -> a
                .terms(t -> t.field("communeCode").size(100))
                .aggregations("name", n -> n.terms(t -> t.field("communeName").size(1)))));
        return aggs;
    }

    static Query word(String word) {
        return Query.of(q -> q.multiMatch(m -> m
                .query(word)
                .fields(WORD_FIELDS)
                .type(TextQueryType.BestFields)
                .operator(Operator.And)
                .tieBreaker(0.3)
                .zeroTermsQuery(ZeroTermsQuery.None)));
    }

    static Query phrase(String phrase) {
        return Query.of(q -> q.multiMatch(m -> m
                .query(phrase)
                .fields(PHRASE_FIELDS)
                .type(TextQueryType.Phrase)));
    }

    /** A reference or title-deed number: the exact keyword fields first, then the text kept whole. */
    static Query identifier(String id) {
        String normalised = TitleDeeds.asciiDigits(id);
        return Query.of(q -> q.bool(b -> b
                .should(s -> s.term(t -> t.field("reference").value(normalised).boost(10f)))
                .should(s -> s.term(t -> t.field("titleDeeds").value(normalised).boost(10f)))
                .should(s -> s.matchPhrase(p -> p.field("text.ident").query(normalised)))
                .should(s -> s.matchPhrase(p -> p.field("fileName.ident").query(normalised)))
                .minimumShouldMatch("1")));
    }

    /** Null for {@link Scope#all()}: no restriction. */
    static Query scopeFilter(Scope scope) {
        return switch (scope.kind()) {
            case ALL -> null;
            case NONE -> Query.of(q -> q.matchNone(m -> m));
            case ARCHITECT -> Query.of(q -> q.term(t -> t.field("architect").value(scope.values().iterator().next())));
            case COMMUNES -> Query.of(q -> q.terms(t -> t.field("communeCode").terms(v -> v.value(
                    scope.values().stream().sorted().map(FieldValue::of).toList()))));
            case ORGANISATION -> Query.of(q -> q.term(t -> t.field("organisations").value(scope.values().iterator().next())));
            case ANY_OF -> Query.of(q -> q.bool(b -> {
                scope.parts().forEach(p -> b.should(scopeFilter(p)));
                return b.minimumShouldMatch("1");
            }));
            case SUBMITTED -> Query.of(q -> q.bool(b -> {
                Query inner = scopeFilter(scope.parts().get(0));
                if (inner != null) {
                    b.filter(inner);
                }
                return b.mustNot(m -> m.term(t -> t.field("status").value("DRAFT")));
            }));
        };
    }

    private static void termFilter(List<Query> filter, String field, String value) {
        if (value != null && !value.isBlank()) {
            filter.add(Query.of(q -> q.term(t -> t.field(field).value(value))));
        }
    }

    static SearchPage read(SearchResponse<HitSource> response) {
        long total = response.hits().total() == null ? response.hits().hits().size() : response.hits().total().value();
        List<SearchPage.Hit> hits = response.hits().hits().stream().map(h -> {
            HitSource src = h.source();
            return new SearchPage.Hit(
                    src == null ? h.id() : src.documentId(),
                    src == null ? null : src.dossierId(),
                    src == null ? null : src.reference(),
                    src == null ? null : src.fileName(),
                    src == null ? null : src.kind(),
                    h.score() == null ? 0 : h.score(),
                    mergeHighlights(h.highlight()));
        }).toList();
        Map<String, Aggregate> aggs = response.aggregations();
        SearchPage.Facets facets = new SearchPage.Facets(
                buckets(aggs.get("type"), false), buckets(aggs.get("status"), false),
                buckets(aggs.get("commune"), true), buckets(aggs.get("kind"), false));
        return new SearchPage(total, hits, facets, response.took());
    }

    private static List<SearchPage.Bucket> buckets(Aggregate agg, boolean labelled) {
        if (agg == null || !agg.isSterms()) {
            return List.of();
        }
        return agg.sterms().buckets().array().stream().map((StringTermsBucket b) -> {
            String key = b.key().stringValue();
            String label = key;
            if (labelled) {
                Aggregate name = b.aggregations().get("name");
                if (name != null && name.isSterms() && !name.sterms().buckets().array().isEmpty()) {
                    label = name.sterms().buckets().array().get(0).key().stringValue();
                }
            }
            return new SearchPage.Bucket(key, label, b.docCount());
        }).toList();
    }

    /**
     * The same passage comes back once per analysed sub-field (folded, Arabic, French, whole
     * identifiers), each marking what its analyzer matched, sometimes cut differently. Fragments
     * whose text contains another's are merged: the longest text, with the marked words of all.
     * Best (most marks) first, at most {@value #FRAGMENTS}.
     */
    static List<String> mergeHighlights(Map<String, List<String>> byField) {
        if (byField == null || byField.isEmpty()) {
            return List.of();
        }
        record Fragment(String plain, Set<String> marked) {
        }
        List<Fragment> fragments = new ArrayList<>();
        for (String field : HIGHLIGHT_FIELDS) {
            for (String html : byField.getOrDefault(field, List.of())) {
                Set<String> marked = new LinkedHashSet<>();
                Matcher m = MARK.matcher(html);
                while (m.find()) {
                    marked.add(m.group(1));
                }
                fragments.add(new Fragment(html.replace("<mark>", "").replace("</mark>", "").strip(), marked));
            }
        }
        fragments.sort(Comparator.comparingInt((Fragment f) -> f.plain().length()).reversed());
        List<Fragment> groups = new ArrayList<>();
        for (Fragment f : fragments) {
            Fragment home = groups.stream().filter(g -> g.plain().contains(f.plain())).findFirst().orElse(null);
            if (home == null) {
                groups.add(new Fragment(f.plain(), new LinkedHashSet<>(f.marked())));
            } else {
                home.marked().addAll(f.marked());
            }
        }
        return groups.stream()
                .map(g -> mark(g.plain(), g.marked()))
                .sorted(Comparator.comparingInt(SearchRequests::marks).reversed())
                .limit(FRAGMENTS)
                .toList();
    }

    private static final Pattern MARK = Pattern.compile("<mark>(.*?)</mark>");

    /** Wraps whole-word occurrences of {@code words} in {@code <mark>}, longest first, never nested, never inside an HTML entity. */
    static String mark(String plain, Set<String> words) {
        boolean[] covered = new boolean[plain.length()];
        List<int[]> spans = new ArrayList<>();
        words.stream().filter(w -> !w.isEmpty()).sorted(Comparator.comparingInt(String::length).reversed()).forEach(w -> {
            Matcher m = Pattern.compile("(?<![\\p{L}\\p{N}\\p{M}&#])" + Pattern.quote(w) + "(?![\\p{L}\\p{N}\\p{M}])").matcher(plain);
            while (m.find()) {
                boolean free = true;
                for (int i = m.start(); i < m.end() && free; i++) {
                    free = !covered[i];
                }
                if (free) {
                    for (int i = m.start(); i < m.end(); i++) {
                        covered[i] = true;
                    }
                    spans.add(new int[] {m.start(), m.end()});
                }
            }
        });
        spans.sort(Comparator.comparingInt(s -> s[0]));
        StringBuilder out = new StringBuilder(plain.length() + spans.size() * 13);
        int at = 0;
        for (int[] s : spans) {
            out.append(plain, at, s[0]).append("<mark>").append(plain, s[0], s[1]).append("</mark>");
            at = s[1];
        }
        return out.append(plain.substring(at)).toString();
    }

    private static int marks(String fragment) {
        int count = 0;
        for (int i = fragment.indexOf("<mark>"); i >= 0; i = fragment.indexOf("<mark>", i + 6)) {
            count++;
        }
        return count;
    }
}
