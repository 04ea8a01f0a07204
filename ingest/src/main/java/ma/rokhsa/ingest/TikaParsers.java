package ma.rokhsa.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.tika.config.ServiceLoader;
import org.apache.tika.config.TikaConfig;
import org.apache.tika.exception.TikaConfigException;
import org.apache.tika.extractor.EmbeddedDocumentExtractor;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.mime.MediaTypeRegistry;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.CompositeParser;
import org.apache.tika.parser.DefaultParser;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.Parser;
import org.apache.tika.parser.external.CompositeExternalParser;
import org.apache.tika.parser.ocr.TesseractOCRConfig;
import org.apache.tika.parser.ocr.TesseractOCRParser;
import org.apache.tika.parser.pdf.PDFParser;
import org.apache.tika.parser.pdf.PDFParserConfig;
import org.xml.sax.ContentHandler;

/**
 * Builds the one Tika parser used by the pipeline and by {@link TikaBaseline}, so that both measure the
 * same parsers: Tika's default parsers, with Tesseract configured from the probe (left out when OCR is
 * off), the PDF parser able to reuse a document already loaded, and a detector that trusts a type
 * already detected. Without those two hints (the baseline) it parses exactly as Tika's defaults.
 */
final class TikaParsers {

    private TikaParsers() {
    }

    static AutoDetectParser create(TesseractProbe.OcrSupport ocr) {
        try {
            TikaConfig base = TikaConfig.getDefaultConfig();
            MediaTypeRegistry registry = base.getMediaTypeRegistry();
            List<Class<? extends Parser>> excluded = List.of(TesseractOCRParser.class, PDFParser.class,
                    // ffmpeg, exiftool and sox wrappers: never needed here, and probing for them logs stack traces
                    CompositeExternalParser.class);
            List<Parser> parsers = new ArrayList<>();
            parsers.add(new DefaultParser(registry, new ServiceLoader(TikaParsers.class.getClassLoader()), excluded));
            parsers.add(new PreloadedPdfParser());
            if (ocr.available()) {
                TesseractOCRParser tesseract = new TesseractOCRParser();
                tesseract.setTesseractPath(ocr.tesseractDir());
                if (!ocr.tessdataDir().isEmpty()) {
                    tesseract.setTessdataPath(ocr.tessdataDir());
                }
                tesseract.setLanguage(ocr.languages());
                tesseract.initialize(Map.of());
                parsers.add(tesseract);
            }
            // later parsers win for the types they share: our PDF parser, then Tesseract for OCR images
            return new AutoDetectParser(new PresetTypeDetector(base.getDetector()),
                    new CompositeParser(registry, parsers));
        } catch (TikaConfigException e) {
            throw new IngestException(IngestException.INVALID_CONFIG, "Tika could not be configured: " + e, e);
        }
    }

    /** Parse context shared by pipeline and baseline: OCR through the parser itself, in the configured languages. */
    static ParseContext context(Parser parser, TesseractProbe.OcrSupport ocr, boolean ocrWanted, int ocrDpi) {
        ParseContext context = new ParseContext();
        context.set(Parser.class, parser); // PDF page OCR and image OCR find Tesseract through it
        boolean ocrOn = ocr.available() && ocrWanted;
        PDFParserConfig pdf = new PDFParserConfig();
        pdf.setOcrStrategy(ocrOn ? PDFParserConfig.OCR_STRATEGY.AUTO : PDFParserConfig.OCR_STRATEGY.NO_OCR);
        if (ocrDpi > 0) {
            pdf.setOcrDPI(ocrDpi);
        }
        pdf.setExtractInlineImages(false);
        context.set(PDFParserConfig.class, pdf);
        TesseractOCRConfig tesseract = new TesseractOCRConfig();
        tesseract.setSkipOcr(!ocrOn);
        if (ocrOn) {
            tesseract.setLanguage(ocr.languages());
        }
        context.set(TesseractOCRConfig.class, tesseract);
        return context;
    }

    /** Embedded documents (PDF attachments, files inside office documents) are reported, never parsed. */
    static final EmbeddedDocumentExtractor NO_EMBEDDED = new EmbeddedDocumentExtractor() {
        @Override
        public boolean shouldParseEmbedded(Metadata metadata) {
            return false;
        }

        @Override
        public void parseEmbedded(java.io.InputStream stream, ContentHandler handler, Metadata metadata,
                                  boolean outputHtml) {
            // never called: shouldParseEmbedded is false
        }
    };
}
