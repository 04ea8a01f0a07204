/**
 * Indexer stage: full-text search of Rokhsa's documents and dossiers in Arabic and French.
 *
 * <p>Entry points: {@link ma.rokhsa.indexer.EmbeddedSearchNode} (the default engine, an OpenSearch
 * node in a child JVM), {@link ma.rokhsa.indexer.ElasticsearchClients} (the official Elasticsearch
 * Java client from {@link ma.rokhsa.indexer.ElasticsearchSettings}) and
 * {@link ma.rokhsa.indexer.ElasticsearchDossierIndex} (index, update, delete, reindex, search within a
 * {@link ma.rokhsa.indexer.Scope}). Every failure leaving the package is an
 * {@link ma.rokhsa.indexer.IndexerException} with a stable code. No Spring here: the api module wires it.
 */
package ma.rokhsa.indexer;
