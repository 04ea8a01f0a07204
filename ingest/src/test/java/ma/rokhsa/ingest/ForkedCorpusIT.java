package ma.rokhsa.ingest;

/** The fixture corpus with parsers in worker processes: the same outcomes as in process. */
class ForkedCorpusIT extends CorpusContract {

    @Override
    ExtractorConfig config() {
        return ExtractorConfig.defaults().withThreads(2).withIsolation(ExtractorConfig.Isolation.FORKED);
    }
}
