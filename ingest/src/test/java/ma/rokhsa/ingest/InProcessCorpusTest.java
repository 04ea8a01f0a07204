package ma.rokhsa.ingest;

/** The fixture corpus with parsers in this JVM. */
class InProcessCorpusTest extends CorpusContract {

    @Override
    ExtractorConfig config() {
        return ExtractorConfig.defaults().withThreads(2);
    }
}
