package ma.rokhsa.indexer;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import co.elastic.clients.elasticsearch.ElasticsearchAsyncClient;
import co.elastic.clients.elasticsearch._types.Conflicts;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.indices.GetIndexTemplateResponse;
import co.elastic.clients.elasticsearch.indices.update_aliases.Action;
import co.elastic.clients.transport.TransportException;
import co.elastic.clients.transport.rest5_client.Rest5ClientTransport;
import co.elastic.clients.transport.rest5_client.low_level.Cancellable;
import co.elastic.clients.transport.rest5_client.low_level.Request;
import co.elastic.clients.transport.rest5_client.low_level.Response;
import co.elastic.clients.transport.rest5_client.low_level.ResponseListener;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The module's main API: keeps one search document per uploaded document (with its dossier's
 * fields) in Elasticsearch or the embedded OpenSearch node, and searches them within a caller's
 * {@link Scope}.
 *
 * <p>Index layout: reads and writes go through an alias ({@link IndexerSettings#alias()}) that points
 * at one index {@code <alias>-v<N>-<timestamp>} created from the versioned index template kept as the
 * resource {@code index-templates/documents-v2.json}. {@link #ensureIndex()} installs the template and
 * creates the first index. A reindex with zero downtime is: {@link #createNextIndex()}, stream every
 * document from the database into it with {@link #ingestInto}, then {@link #switchAlias}. While a next
 * index exists, {@link #index}, {@link #ingest}, {@link #updateDossier}, {@link #delete} and
 * {@link #deleteDossier} write to both, so changes made during the reindex are not lost.
 *
 * <p>Threading: every method returns a cold {@link Mono}/{@link Flux}; nothing blocks (the client is
 * the async one); results arrive on the client's I/O threads or Reactor timers, so do not block in
 * downstream operators either. Instances are thread-safe; create one per alias and share it.
 */
public final class ElasticsearchDossierIndex {

    private static final Logger log = LoggerFactory.getLogger(ElasticsearchDossierIndex.class);
    static final String TEMPLATE_RESOURCE = "index-templates/documents-v2.json";
    /** {@code IMMEDIATE} mode: at most one explicit refresh per this interval, shared by all batches. */
    static final Duration REFRESH_SPACING = Duration.ofMillis(200);
    private static final DateTimeFormatter INDEX_TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmssSSS").withZone(ZoneOffset.UTC);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ElasticsearchAsyncClient client;
    private final IndexerSettings settings;
    private final DocumentJson json;
    private final BulkRetryPolicy retryPolicy;
    private final ObjectNode template;
    private final long templateVersion;
    private final AtomicReference<String> nextIndex = new AtomicReference<>();
    private final CoalescedRefresh refresher;

    private ElasticsearchDossierIndex(ElasticsearchAsyncClient client, IndexerSettings settings) {
        this.client = Objects.requireNonNull(client, "client");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.json = new DocumentJson(settings.maxTextChars());
        this.retryPolicy = new BulkRetryPolicy(settings.maxAttempts(), settings.initialBackoff(), settings.maxBackoff());
        this.refresher = new CoalescedRefresh(
                indices -> Mono.fromFuture(() -> client.indices().refresh(r -> r.index(indices))), REFRESH_SPACING);
        this.template = loadTemplate();
        this.templateVersion = template.get("version").asLong();
        ArrayNode patterns = template.putArray("index_patterns");
        patterns.add(settings.alias() + "-v" + templateVersion + "-*");
    }

    /** Reads the template resource once (a few KB, at construction time). */
    public static ElasticsearchDossierIndex create(ElasticsearchAsyncClient client, IndexerSettings settings) {
        return new ElasticsearchDossierIndex(client, settings);
    }

    public String alias() {
        return settings.alias();
    }

    /** Version of the index template this code writes with. */
    public long templateVersion() {
        return templateVersion;
    }

    // ---------------------------------------------------------------- index lifecycle

    /**
     * Installs the index template when missing or of another version, and creates the first index
     * behind the alias when there is none. Emits the concrete index the alias points to. Idempotent.
     */
    public Mono<String> ensureIndex() {
        return ensureTemplate()
                .then(Mono.defer(() -> Mono.fromFuture(client.indices().existsAlias(a -> a.name(alias())))))
                .flatMap(exists -> exists.value()
                        ? aliasIndices().map(indices -> {
                            String current = indices.get(0);
                            if (!current.startsWith(alias() + "-v" + templateVersion + "-")) {
                                log.warn("Index {} behind {} was made from an older template than v{}: run a reindex",
                                        current, alias(), templateVersion);
                            }
                            return current;
                        })
                        : createIndex(true))
                .onErrorMap(e -> translate(e, "prepare the index " + alias()));
    }

    /**
     * Creates a new empty index from the current template, not yet behind the alias, for a reindex
     * (refreshes are off while it loads). From now until {@link #switchAlias} or
     * {@link #abandonNextIndex}, live writes also go to it.
     */
    public Mono<String> createNextIndex() {
        return Mono.defer(() -> {
            String pending = nextIndex.get();
            if (pending != null) {
                return Mono.error(new IndexerException(IndexerException.Code.INDEX_STATE,
                        "A reindex into " + pending + " is already in progress: switch to it or abandon it first",
                        Map.of("index", pending), null));
            }
            return ensureTemplate().then(createIndex(false)).doOnNext(name -> {
                if (!nextIndex.compareAndSet(null, name)) {
                    throw new IndexerException(IndexerException.Code.INDEX_STATE,
                            "Another reindex started at the same time", Map.of("index", name), null);
                }
            });
        }).onErrorMap(e -> translate(e, "create the next index"));
    }

    /**
     * Points the alias at {@code newIndex} in one atomic step (searches never see an empty index),
     * then deletes the indices it pointed at before. Refreshes are switched back on and the new
     * index refreshed first, so everything loaded is searchable at the switch.
     */
    public Mono<Void> switchAlias(String newIndex) {
        Objects.requireNonNull(newIndex, "newIndex");
        return Mono.fromFuture(() -> client.indices().putSettings(p -> p.index(newIndex)
                        .settings(s -> s.refreshInterval(t -> t.time("1s")))))
                .then(Mono.defer(() -> Mono.fromFuture(client.indices().refresh(r -> r.index(newIndex)))))
                .then(Mono.defer(() -> Mono.fromFuture(client.indices().existsAlias(a -> a.name(alias())))))
                .flatMap(exists -> exists.value() ? aliasIndices() : Mono.just(List.<String>of()))
                .flatMap(old -> {
                    List<Action> actions = new ArrayList<>();
                    for (String index : old) {
                        if (!index.equals(newIndex)) {
                            actions.add(Action.of(a -> a.remove(r -> r.index(index).alias(alias()))));
                        }
                    }
                    actions.add(Action.of(a -> a.add(ad -> ad.index(newIndex).alias(alias()).isWriteIndex(true))));
                    List<String> toDelete = old.stream().filter(i -> !i.equals(newIndex)).toList();
                    return Mono.fromFuture(() -> client.indices().updateAliases(u -> u.actions(actions)))
                            .doOnSuccess(r -> {
                                nextIndex.compareAndSet(newIndex, null);
                                log.info("Alias {} now points at {} (was {})", alias(), newIndex, old);
                            })
                            .then(toDelete.isEmpty() ? Mono.empty()
                                    : Mono.fromFuture(() -> client.indices().delete(d -> d.index(toDelete))).then());
                })
                .onErrorMap(e -> translate(e, "switch " + alias() + " to " + newIndex));
    }

    /** Gives up a reindex: deletes the next index and stops the double writes. */
    public Mono<Void> abandonNextIndex() {
        return Mono.defer(() -> {
            String pending = nextIndex.getAndSet(null);
            return pending == null ? Mono.<Void>empty()
                    : Mono.fromFuture(() -> client.indices().delete(d -> d.index(pending))).then();
        }).onErrorMap(e -> translate(e, "delete the abandoned next index"));
    }

    /** The index being loaded by a reindex, if any. */
    public Optional<String> pendingNextIndex() {
        return Optional.ofNullable(nextIndex.get());
    }

    private Mono<Void> ensureTemplate() {
        String name = alias();
        return Mono.fromFuture(() -> client.indices().existsIndexTemplate(e -> e.name(name)))
                .flatMap(exists -> exists.value()
                        ? Mono.fromFuture(() -> client.indices().getIndexTemplate(g -> g.name(name)))
                        .map(ElasticsearchDossierIndex::installedVersion)
                        : Mono.just(-1L))
                .flatMap(installed -> {
                    if (installed == templateVersion) {
                        return Mono.empty();
                    }
                    log.info("Installing index template {} v{} (found v{})", name, templateVersion, installed);
                    byte[] body = templateBytes();
                    return Mono.fromFuture(() -> client.indices().putIndexTemplate(p -> p.name(name)
                            .withJson(new ByteArrayInputStream(body)))).then();
                });
    }

    private static long installedVersion(GetIndexTemplateResponse response) {
        return response.indexTemplates().stream()
                .map(t -> t.indexTemplate().version())
                .filter(Objects::nonNull)
                .findFirst().orElse(-1L);
    }

    private Mono<String> createIndex(boolean behindAlias) {
        String name = alias() + "-v" + templateVersion + "-" + INDEX_TIMESTAMP.format(Instant.now());
        return Mono.fromFuture(() -> client.indices().create(c -> {
            c.index(name);
            if (behindAlias) {
                c.aliases(alias(), a -> a.isWriteIndex(true));
            } else {
                c.settings(s -> s.refreshInterval(t -> t.time("-1")));
            }
            return c;
        })).map(r -> {
            log.info("Created index {}{}", name, behindAlias ? " behind alias " + alias() : " (next index)");
            return name;
        });
    }

    private Mono<List<String>> aliasIndices() {
        return Mono.fromFuture(() -> client.indices().getAlias(g -> g.name(alias())))
                .map(r -> r.aliases().keySet().stream().sorted().toList());
    }

    // ---------------------------------------------------------------- writes

    /**
     * Indexes a batch of documents (split into bulk requests as configured) and emits one result
     * per document, in input order. With the default refresh mode an {@code INDEXED} result means
     * the document is searchable. Never errors for a document's sake: see {@link IndexResult}.
     */
    public Mono<List<IndexResult>> index(List<IndexedDocument> documents) {
        List<IndexedDocument> docs = List.copyOf(documents);
        return ingest(Flux.fromIterable(docs)).collectList().map(results -> inInputOrder(docs, results));
    }

    /**
     * Long-running form of {@link #index}: consumes documents as they come (with back-pressure: at
     * most {@code maxConcurrentRequests} bulk requests in flight, upstream waits) and emits one
     * result per document as soon as its bulk request is done. Results are not in input order.
     */
    public Flux<IndexResult> ingest(Flux<IndexedDocument> documents) {
        return Flux.defer(() -> {
            BulkIngest bulk = new BulkIngest(client, settings, retryPolicy, refresher);
            return bulk.ingest(documents.map(doc -> BulkIngest.prepare(doc, json, writeTargets(), Instant.now())));
        });
    }

    /**
     * Reindex loading: writes documents into {@code index} only (normally the one from
     * {@link #createNextIndex()}), without waiting for refreshes.
     */
    public Flux<IndexResult> ingestInto(String index, Flux<IndexedDocument> documents) {
        Objects.requireNonNull(index, "index");
        return Flux.defer(() -> {
            BulkIngest bulk = new BulkIngest(client, settings.withRefresh(IndexerSettings.RefreshMode.NONE), retryPolicy, refresher);
            List<String> targets = List.of(index);
            return bulk.ingest(documents.map(doc -> BulkIngest.prepare(doc, json, targets, Instant.now())));
        });
    }

    /**
     * Copies the dossier's current fields into all of its documents: their ids are listed by a
     * search, then partial-document updates go in bulk (retried on conflicts with concurrent writes;
     * no script, so it also runs on clusters with scripting disabled). Emits the number of documents
     * updated behind the alias; they are searchable with the new values when it completes.
     * Documents indexed while this runs carry whatever dossier fields they were indexed with.
     */
    public Mono<Long> updateDossier(DossierFields dossier) {
        Objects.requireNonNull(dossier, "dossier");
        Map<String, Object> fields = new HashMap<>(DocumentJson.dossierSource(dossier));
        fields.put("organisations", new ArrayList<>(dossier.organisations()));
        return Flux.fromIterable(writeTargets())
                .concatMap(index -> documentIds(index, dossier.dossierId())
                        .buffer(settings.maxBatchDocuments())
                        .concatMap(ids -> partialUpdate(index, ids, fields))
                        .reduce(0L, Long::sum))
                .collectList()
                .map(counts -> counts.get(0)) // the count behind the alias; a next index gets the same update
                .onErrorMap(e -> translate(e, "update the documents of dossier " + dossier.dossierId()));
    }

    /** Every document id of a dossier, paged with search_after (a dossier may have thousands of files). */
    private Flux<String> documentIds(String index, String dossierId) {
        int page = 1000;
        return Flux.defer(() -> idPage(index, dossierId, null, page))
                .expand(ids -> ids.size() < page ? Mono.empty() : idPage(index, dossierId, ids.get(ids.size() - 1), page))
                .concatMapIterable(ids -> ids);
    }

    private Mono<List<String>> idPage(String index, String dossierId, String after, int page) {
        return Mono.fromFuture(() -> client.search(s -> {
            s.index(index)
                    .size(page)
                    .source(src -> src.fetch(false))
                    .query(q -> q.term(t -> t.field("dossierId").value(dossierId)))
                    .sort(o -> o.field(f -> f.field("documentId").order(SortOrder.Asc)));
            if (after != null) {
                s.searchAfter(FieldValue.of(after));
            }
            return s;
        }, Void.class)).map(r -> r.hits().hits().stream().map(h -> h.id()).toList());
    }

    private Mono<Long> partialUpdate(String index, List<String> ids, Map<String, Object> fields) {
        List<BulkOperation> ops = ids.stream()
                .map(id -> BulkOperation.of(b -> b.update(u -> u
                        .index(index).id(id).retryOnConflict(5)
                        .action(a -> a.doc(fields)))))
                .toList();
        return Mono.fromFuture(() -> client.bulk(b -> b.operations(ops).refresh(Refresh.WaitFor)))
                .map(r -> {
                    long failed = r.items().stream().filter(i -> i.error() != null && i.status() != 404).count();
                    if (failed > 0) {
                        var first = r.items().stream().filter(i -> i.error() != null && i.status() != 404).findFirst().get();
                        throw new IndexerException(retryPolicy.retryable(first.status(), first.error().type())
                                ? IndexerException.Code.ENGINE_UNAVAILABLE : IndexerException.Code.ENGINE_ERROR,
                                failed + " documents of the dossier could not be updated in " + index + ": "
                                        + first.error().reason(), Map.of("failed", failed), null);
                    }
                    return r.items().stream().filter(i -> i.error() == null).count();
                });
    }

    /** Removes one document; completes (searchable without it) whether or not it was there. */
    public Mono<Void> delete(String documentId) {
        Objects.requireNonNull(documentId, "documentId");
        return Flux.fromIterable(writeTargets())
                .concatMap(index -> Mono.fromFuture(() -> client.delete(d -> d.index(index).id(documentId)
                                .refresh(Refresh.WaitFor)))
                        .then()
                        .onErrorResume(e -> isNotFound(e) ? Mono.empty() : Mono.error(e)))
                .then()
                .onErrorMap(e -> translate(e, "delete document " + documentId));
    }

    /** Removes every document of a dossier; emits how many were removed. */
    public Mono<Long> deleteDossier(String dossierId) {
        Objects.requireNonNull(dossierId, "dossierId");
        return Flux.fromIterable(writeTargets())
                .concatMap(index -> Mono.fromFuture(() -> client.deleteByQuery(d -> d
                                .index(index)
                                .query(q -> q.term(t -> t.field("dossierId").value(dossierId)))
                                .conflicts(Conflicts.Proceed)
                                .refresh(true)))
                        .map(r -> r.deleted() == null ? 0L : r.deleted()))
                .collectList()
                .map(counts -> counts.get(0)) // the count behind the alias
                .onErrorMap(e -> translate(e, "delete the documents of dossier " + dossierId));
    }

    private List<String> writeTargets() {
        String next = nextIndex.get();
        return next == null ? List.of(alias()) : List.of(alias(), next);
    }

    // ---------------------------------------------------------------- reads

    /**
     * Searches within {@code scope}. Errors (as {@link IndexerException}): {@code QUERY_TOO_LONG},
     * {@code BAD_QUERY}, {@code BAD_FILTER} for what the person typed (HTTP 400);
     * {@code ENGINE_UNAVAILABLE} when the engine cannot answer (HTTP 503).
     */
    public Mono<SearchPage> search(SearchQuery query, Scope scope) {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(scope, "scope");
        return Mono.defer(() -> {
            SearchRequests.validate(query);
            QueryParser.ParsedQuery parsed = QueryParser.parse(query.text());
            if (scope.kind() == Scope.Kind.NONE) {
                return Mono.just(new SearchPage(0, List.of(),
                        new SearchPage.Facets(List.of(), List.of(), List.of(), List.of()), 0));
            }
            var request = SearchRequests.build(alias(), parsed, query, scope, settings.timeZone());
            return Mono.fromFuture(() -> client.search(request, SearchRequests.HitSource.class))
                    .map(SearchRequests::read)
                    .onErrorMap(e -> translate(e, "search"));
        });
    }

    /**
     * Cluster health and alias presence, for a readiness probe. Never errors: unreachable is a
     * status. Read as raw JSON through the client's HTTP layer (same connection pool, credentials
     * and TLS), because OpenSearch's answer lacks fields the typed 9.x response requires.
     */
    public Mono<EngineHealth> health() {
        return rawGet("/_cluster/health")
                .flatMap(h -> Mono.fromFuture(() -> client.indices().existsAlias(a -> a.name(alias())))
                        .map(exists -> {
                            String s = h.path("status").asText("");
                            EngineHealth.Status status = switch (s) {
                                case "green" -> EngineHealth.Status.GREEN;
                                case "yellow" -> EngineHealth.Status.YELLOW;
                                default -> EngineHealth.Status.RED;
                            };
                            String message = status == EngineHealth.Status.RED ? "cluster health is " + s
                                    : !exists.value() ? "alias " + alias() + " is missing: ensureIndex() has not run" : null;
                            return new EngineHealth(status, h.path("number_of_nodes").asInt(0), exists.value(), message);
                        }))
                .onErrorResume(e -> Mono.just(new EngineHealth(EngineHealth.Status.UNREACHABLE, 0, false,
                        String.valueOf(BulkRetryPolicy.unwrap(e).getMessage()))));
    }

    private Mono<JsonNode> rawGet(String path) {
        if (!(client._transport() instanceof Rest5ClientTransport transport)) {
            return Mono.fromFuture(() -> client.cluster().health())
                    .map(h -> (JsonNode) JSON.createObjectNode()
                            .put("status", h.status().jsonValue()).put("number_of_nodes", h.numberOfNodes()));
        }
        return Mono.create(sink -> {
            Cancellable call = transport.restClient().performRequestAsync(new Request("GET", path), new ResponseListener() {
                @Override
                public void onSuccess(Response response) {
                    try {
                        // the body is already buffered in memory by the client: no blocking read
                        sink.success(JSON.readTree(EntityUtils.toByteArray(response.getEntity())));
                    } catch (IOException e) {
                        sink.error(e);
                    }
                }

                @Override
                public void onFailure(Exception e) {
                    sink.error(e);
                }
            });
            sink.onCancel(call::cancel);
        });
    }

    // ---------------------------------------------------------------- helpers

    private static List<IndexResult> inInputOrder(List<IndexedDocument> docs, List<IndexResult> results) {
        Map<String, List<IndexResult>> byId = new HashMap<>();
        for (IndexResult r : results) {
            byId.computeIfAbsent(r.documentId(), k -> new ArrayList<>()).add(r);
        }
        List<IndexResult> ordered = new ArrayList<>(docs.size());
        Map<IndexedDocument, Boolean> seen = new IdentityHashMap<>();
        for (IndexedDocument doc : docs) {
            if (seen.put(doc, Boolean.TRUE) != null) {
                continue;
            }
            List<IndexResult> forId = byId.get(doc.documentId());
            if (forId != null && !forId.isEmpty()) {
                ordered.add(forId.remove(0));
            }
        }
        return ordered;
    }

    private static boolean isNotFound(Throwable e) {
        Throwable t = BulkRetryPolicy.unwrap(e);
        return (t instanceof ElasticsearchException ee && ee.status() == 404)
                || (t instanceof TransportException te && te.statusCode() == 404);
    }

    /** Wraps client failures into the module's exception, keeping our own as they are. */
    static Throwable translate(Throwable failure, String doing) {
        Throwable e = BulkRetryPolicy.unwrap(failure);
        if (e instanceof IndexerException) {
            return e;
        }
        if (e instanceof ElasticsearchException ee) {
            String type = ee.error() == null ? null : ee.error().type();
            Map<String, Object> context = new HashMap<>();
            context.put("status", ee.status());
            if (type != null) {
                context.put("type", type);
            }
            if ("index_not_found_exception".equals(type)) {
                return new IndexerException(IndexerException.Code.INDEX_STATE,
                        "The search index is missing (could not " + doing + "): run ensureIndex() or a reindex", context, e);
            }
            boolean unavailable = ee.status() == 429 || ee.status() >= 500;
            return new IndexerException(unavailable ? IndexerException.Code.ENGINE_UNAVAILABLE : IndexerException.Code.ENGINE_ERROR,
                    "The search engine could not " + doing + ": " + (ee.error() == null ? ee.getMessage() : ee.error().reason()),
                    context, e);
        }
        boolean unreachable = e instanceof IOException || e instanceof ConnectException
                || e instanceof TimeoutException;
        if (e instanceof TransportException te && te.statusCode() > 0 && te.statusCode() < 500 && te.statusCode() != 429) {
            unreachable = false;
        }
        return new IndexerException(unreachable ? IndexerException.Code.ENGINE_UNAVAILABLE : IndexerException.Code.ENGINE_ERROR,
                (unreachable ? "The search engine is unreachable" : "The search engine failed") + " (could not " + doing + "): "
                        + e.getMessage(), Map.of(), e);
    }

    private ObjectNode loadTemplate() {
        try (InputStream in = ElasticsearchDossierIndex.class.getResourceAsStream(TEMPLATE_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + TEMPLATE_RESOURCE);
            }
            return (ObjectNode) JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private byte[] templateBytes() {
        try {
            return JSON.writeValueAsBytes(template);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
