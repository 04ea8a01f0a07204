package ma.rokhsa.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.sax.BodyContentHandler;
import org.junit.jupiter.api.Test;

/** The PDF is loaded once: Tika parses the document PDFBox already opened for the structure checks. */
class PreloadedPdfParserTest {

    @Test
    void tikaParsesTheDocumentAlreadyLoaded() throws Exception {
        AutoDetectParser parser = TikaParsers.create(TesseractProbe.OcrSupport.off("test", "ara+fra"));
        PDDocument doc = Loader.loadPDF(Fixtures.path("certificat-fr.pdf").toFile());
        PreloadedPdfParser.Preloaded preloaded = new PreloadedPdfParser.Preloaded(doc);
        ParseContext context = TikaParsers.context(parser, TesseractProbe.OcrSupport.off("test", "ara+fra"), false, 0);
        context.set(PreloadedPdfParser.Preloaded.class, preloaded);
        Metadata md = new Metadata();
        md.set(PresetTypeDetector.KEY, "application/pdf");
        BodyContentHandler text = new BodyContentHandler(-1);
        // a stream that is no PDF at all: the text can only come from the preloaded document
        try (TikaInputStream in = TikaInputStream.get("%PDF-1.4 nothing else".getBytes())) {
            parser.parse(in, text, md, context);
        }
        assertThat(text.toString()).contains("Certificat de propriété");
        assertThat(preloaded.take()).as("taken by the parser").isNull();
        assertThat(doc.getDocument().isClosed()).as("and closed by it").isTrue();
    }

    @Test
    void withoutAPreloadedDocumentItParsesLikeTika() throws Exception {
        AutoDetectParser parser = TikaParsers.create(TesseractProbe.OcrSupport.off("test", "ara+fra"));
        BodyContentHandler text = new BodyContentHandler(-1);
        Metadata md = new Metadata();
        try (TikaInputStream in = TikaInputStream.get(Fixtures.path("certificat-fr.pdf"))) {
            parser.parse(in, text, md, new ParseContext());
        }
        assertThat(md.get(Metadata.CONTENT_TYPE)).isEqualTo("application/pdf");
        assertThat(text.toString()).contains("Certificat de propriété");
    }
}
