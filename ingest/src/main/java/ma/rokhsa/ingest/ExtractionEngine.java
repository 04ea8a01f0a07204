package ma.rokhsa.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.tika.config.TikaTaskTimeout;
import org.apache.tika.detect.Detector;
import org.apache.tika.exception.EncryptedDocumentException;
import org.apache.tika.exception.WriteLimitReachedException;
import org.apache.tika.extractor.EmbeddedDocumentExtractor;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.DublinCore;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.PDF;
import org.apache.tika.metadata.PagedText;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.metadata.XMP;
import org.apache.tika.mime.MediaType;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.sax.BodyContentHandler;

/**
 * Extracts one document in the calling thread: detect the real type, refuse by type, inspect the PDF
 * structure, refuse on structure, then parse text with Tika (with OCR where the kind allows it and the
 * document has images), normalise it and measure it. Work that cannot change the verdict is skipped:
 * an archive is never parsed, a 5,000-page PDF for a 500-page kind is never read page by page.
 *
 * <p>Thread-safe (one shared Tika parser; a parse context per call); blocking. Used in this JVM by
 * {@link TikaExtractor} in {@code IN_PROCESS} mode and inside each {@link ExtractionWorker} in
 * {@code FORKED} mode.
 */
final class ExtractionEngine {

    /** Thrown when the per-document deadline passes outside a Tika parse. */
    static final class DeadlineReached extends RuntimeException {
        DeadlineReached() {
            super("per-document time limit reached", null, false, false);
        }
    }

    private static final MediaType PDF_TYPE = MediaType.application("pdf");
    /** A page with at most this many characters counts as having no text layer (Tika's own OCR threshold). */
    private static final int NO_TEXT_CHARS = 10;
    /** Pages are rendered for OCR at no more than this many pixels (40 MB in gray): a huge sheet must not
     *  exhaust the heap. */
    private static final double MAX_OCR_PIXELS = 40e6;

    private final ExtractorConfig config;
    private final TesseractProbe.OcrSupport ocr;
    private final AutoDetectParser parser;
    private final Detector detector;

    ExtractionEngine(ExtractorConfig config, TesseractProbe.OcrSupport ocr) {
        this.config = config;
        this.ocr = ocr;
        this.parser = TikaParsers.create(ocr);
        this.detector = parser.getDetector();
    }

    TesseractProbe.OcrSupport ocr() {
        return ocr;
    }

    Extraction extract(Path file, String fileName, KindRule rule, long deadlineNanos) {
        long start = System.nanoTime();
        long size;
        MediaType type;
        try {
            size = Files.size(file);
            type = size == 0 ? MediaType.OCTET_STREAM : detect(file, fileName);
        } catch (IOException e) {
            throw new IngestException(IngestException.FILE_UNREADABLE,
                    "The stored file " + file + " cannot be read: " + e.getMessage(), e);
        }
        String declared = TypeScreen.declaredType(fileName).toString();
        Extraction base = new Extraction(fileName, size, type.toString(), declared, Extraction.Status.NOT_PARSED,
                "refused before parsing", "", false, false, 0, !ocr.available(), List.of(), 0, DocumentMetadata.NONE,
                null);
        if (DocumentValidator.rejectsOnFacts(base, rule)) {
            return base.withElapsed(since(start));
        }

        boolean pdf = TypeScreen.REGISTRY.isInstanceOf(type, PDF_TYPE);
        boolean image = "image".equals(type.getType());
        DocumentMetadata metadata = DocumentMetadata.NONE;
        boolean[] pageImages = new boolean[0];
        int scanDpi = 0;
        double largestImagePage = 0;
        PdfBoxInspector.PdfFacts facts = null;
        if (pdf) {
            try {
                facts = PdfBoxInspector.inspect(file, size, deadlineNanos, rule.maxPages());
                metadata = facts.metadata();
                pageImages = facts.pageHasImages();
                scanDpi = facts.scanDpi();
                largestImagePage = facts.largestImagePageSqIn();
            } catch (DeadlineReached e) {
                return base.withStatus(Extraction.Status.TIMED_OUT, "time limit reached while reading the PDF structure")
                        .withElapsed(since(start));
            } catch (IOException e) {
                if (Thread.currentThread().isInterrupted()) {
                    return base.withStatus(Extraction.Status.TIMED_OUT, "interrupted").withElapsed(since(start));
                }
                throw new IngestException(IngestException.FILE_UNREADABLE,
                        "The stored file " + file + " cannot be read: " + e.getMessage(), e);
            }
            Extraction inspected = with(base, metadata, Extraction.Status.NOT_PARSED, "refused on its structure");
            if (metadata.passwordRequired() || DocumentValidator.rejectsOnFacts(inspected, rule)) {
                facts.release();
                return inspected.withElapsed(since(start));
            }
        }
        boolean hasImages = false;
        for (boolean b : pageImages) {
            hasImages |= b;
        }
        boolean ocrWanted = rule.ocrAllowed() && ocr.available() && (pdf ? hasImages : image);
        int dpi = config.ocrDpi() > 0 ? config.ocrDpi() : Math.max(100, Math.min(300, scanDpi == 0 ? 150 : scanDpi));
        if (largestImagePage > 0) {
            dpi = Math.max(10, Math.min(dpi, (int) Math.sqrt(MAX_OCR_PIXELS / largestImagePage)));
        }
        try {
            return parse(file, fileName, base, metadata, facts == null ? null : facts.document(), pageImages,
                    ocrWanted, dpi, pdf, image, deadlineNanos, start);
        } finally {
            if (facts != null) {
                facts.release();
            }
        }
    }

    private Extraction parse(Path file, String fileName, Extraction base, DocumentMetadata inspected,
                             PDDocument loaded, boolean[] pageImages, boolean ocrWanted, int dpi, boolean pdf,
                             boolean image, long deadlineNanos, long start) {
        long remainingMs = (deadlineNanos - System.nanoTime()) / 1_000_000;
        if (remainingMs <= 0) {
            return with(base, inspected, Extraction.Status.TIMED_OUT, "time limit reached before parsing")
                    .withElapsed(since(start));
        }
        ParseContext context = TikaParsers.context(parser, ocr, ocrWanted, dpi);
        context.set(EmbeddedDocumentExtractor.class, TikaParsers.NO_EMBEDDED);
        context.set(TikaTaskTimeout.class, new TikaTaskTimeout(remainingMs));
        if (loaded != null) {
            context.set(PreloadedPdfParser.Preloaded.class, new PreloadedPdfParser.Preloaded(loaded));
        }
        BoundedTextHandler sink = new BoundedTextHandler(config.maxTextChars(), deadlineNanos);
        Metadata md = new Metadata();
        md.set(TikaCoreProperties.RESOURCE_NAME_KEY, fileName);
        md.set(PresetTypeDetector.KEY, base.mediaType());
        Extraction.Status status = Extraction.Status.COMPLETE;
        String detail = null;
        DocumentMetadata metadata = inspected;
        try (TikaInputStream in = TikaInputStream.get(file)) {
            parser.parse(in, new BodyContentHandler(sink), md, context);
        } catch (Throwable t) {
            rethrowFatal(t);
            if (sink.timedOut() || Thread.currentThread().isInterrupted()) {
                status = Extraction.Status.TIMED_OUT;
                detail = "time limit reached while parsing";
            } else if (WriteLimitReachedException.isWriteLimitReached(t)) {
                detail = null; // the text was cut at the output-size limit: kept, flagged below
            } else if (hasCause(t, EncryptedDocumentException.class)) {
                metadata = metadata.withPasswordRequired();
                status = Extraction.Status.NOT_PARSED;
                detail = "password required";
            } else {
                status = Extraction.Status.FAILED;
                detail = describe(t);
            }
        }
        if (status == Extraction.Status.COMPLETE && (sink.timedOut() || System.nanoTime() - deadlineNanos > 0)) {
            status = Extraction.Status.TIMED_OUT;
            detail = "time limit reached while parsing";
        }

        String raw = sink.text();
        double garbled = Math.max(TextQuality.garbledRatio(raw), unmappedShare(md));
        String text = TextNormalizer.normalize(raw);
        int ocrPages = pdf ? intValue(md.get(PDF.OCR_PAGE_COUNT)) : (image && ocrWanted ? 1 : 0);
        if (pdf) {
            metadata = metadata.withImageOnlyPages(imageOnlyPages(md.getValues(PDF.CHARACTERS_PER_PAGE), pageImages));
        } else {
            int pages = image ? 1 : intValue(md.get(PagedText.N_PAGES));
            metadata = metadata.withPageCount(pages).withInfo(md.get(TikaCoreProperties.TITLE),
                    first(md.get(XMP.CREATOR_TOOL), md.get(DublinCore.CREATOR)), md.get(PDF.PRODUCER),
                    instant(md.get(TikaCoreProperties.CREATED)));
            if (image && text.isBlank()) {
                metadata = metadata.withImageOnlyPages(List.of(1));
            }
        }
        return new Extraction(fileName, base.size(), base.mediaType(), base.declaredType(), status, detail, text,
                sink.truncated(), sink.ocrChars() > 0, ocrPages, base.ocrUnavailable(), ScriptLanguageGuesser.guess(text),
                garbled, metadata, since(start));
    }

    private MediaType detect(Path file, String fileName) throws IOException {
        Metadata md = new Metadata();
        md.set(TikaCoreProperties.RESOURCE_NAME_KEY, fileName);
        try (TikaInputStream in = TikaInputStream.get(file)) {
            return detector.detect(in, md);
        }
    }

    private static Extraction with(Extraction base, DocumentMetadata metadata, Extraction.Status status, String detail) {
        return new Extraction(base.fileName(), base.size(), base.mediaType(), base.declaredType(), status, detail,
                "", false, false, 0, base.ocrUnavailable(), List.of(), 0, metadata, null);
    }

    private static List<Integer> imageOnlyPages(String[] charsPerPage, boolean[] pageImages) {
        List<Integer> pages = new ArrayList<>();
        for (int i = 0; i < charsPerPage.length && i < pageImages.length; i++) {
            if (pageImages[i] && intValue(charsPerPage[i]) <= NO_TEXT_CHARS) {
                pages.add(i + 1);
            }
        }
        return pages;
    }

    private static double unmappedShare(Metadata md) {
        String v = md.get(PDF.OVERALL_PERCENTAGE_UNMAPPED_UNICODE_CHARS);
        try {
            return v == null ? 0 : Math.max(0, Math.min(1, Double.parseDouble(v)));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static int intValue(String s) {
        try {
            return s == null ? 0 : Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String first(String a, String b) {
        return a != null && !a.isBlank() ? a : b;
    }

    private static Instant instant(String iso) {
        try {
            return iso == null ? null : Instant.parse(iso);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    /** Errors that leave the JVM in doubt are not the document's fault: let them through. */
    private static void rethrowFatal(Throwable t) {
        if (t instanceof IngestException e) {
            throw e;
        }
        if (t instanceof VirtualMachineError && !(t instanceof OutOfMemoryError) && !(t instanceof StackOverflowError)) {
            throw (VirtualMachineError) t;
        }
    }

    static String describe(Throwable t) {
        if (t instanceof OutOfMemoryError) {
            return "the parser ran out of memory";
        }
        if (t instanceof StackOverflowError) {
            return "the document's structure is nested too deeply for the parser";
        }
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String msg = t.getClass().getSimpleName() + ": " + t.getMessage();
        if (root != t) {
            msg += " (cause: " + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
        }
        return msg.length() > 1000 ? msg.substring(0, 1000) : msg;
    }
}
