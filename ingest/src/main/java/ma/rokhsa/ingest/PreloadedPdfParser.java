package ma.rokhsa.ingest;

import java.io.IOException;
import java.io.InputStream;

import org.apache.pdfbox.io.RandomAccessStreamCache;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.tika.exception.EncryptedDocumentException;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.pdf.PDFParser;

/**
 * Tika's PDF parser, taking the document the engine already loaded with PDFBox (to inspect its
 * structure) instead of loading the file a second time. Without a preloaded document in the parse
 * context it is exactly Tika's {@link PDFParser}, which is what {@link TikaBaseline} measures.
 */
final class PreloadedPdfParser extends PDFParser {

    private static final long serialVersionUID = 1L;

    /** The document for one parse; taken once, then closed by Tika at the end of the parse. */
    static final class Preloaded {
        private PDDocument document;

        Preloaded(PDDocument document) {
            this.document = document;
        }

        synchronized PDDocument take() {
            PDDocument d = document;
            document = null;
            return d;
        }
    }

    @Override
    protected PDDocument getPDDocument(InputStream stream, TikaInputStream tstream, String password,
                                       RandomAccessStreamCache.StreamCacheCreateFunction streamCache,
                                       Metadata metadata, ParseContext context)
            throws IOException, EncryptedDocumentException {
        Preloaded preloaded = context.get(Preloaded.class);
        PDDocument document = preloaded == null ? null : preloaded.take();
        if (document == null) {
            return super.getPDDocument(stream, tstream, password, streamCache, metadata, context);
        }
        if (tstream != null) {
            tstream.setOpenContainer(document); // the page renderer (OCR) reuses it too
        }
        return document;
    }
}
