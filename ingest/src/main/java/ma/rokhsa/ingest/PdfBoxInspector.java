package ma.rokhsa.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSObject;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.cos.COSString;
import org.apache.pdfbox.io.MemoryUsageSetting;
import org.apache.pdfbox.io.RandomAccessRead;
import org.apache.pdfbox.io.RandomAccessReadBufferedFile;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;

/**
 * Reads the structure of a PDF with PDFBox, without extracting text: tail (truncation), encryption,
 * version and document information, page count and sizes, images per page, JavaScript (document open
 * and additional actions, the JavaScript name tree, page, annotation and form-field actions with their
 * {@code /Next} chains, XFA scripts) and embedded files (EmbeddedFiles name tree, file attachment
 * annotations, portfolios). Streams are not decoded, except an XFA packet searched for scripts.
 * Stateless and thread-safe; blocking file I/O.
 */
final class PdfBoxInspector {

    private static final int TAIL_BYTES = 64 * 1024;
    private static final long MAIN_MEMORY = 64L << 20;
    private static final int MAX_NAMES = 20;
    private static final COSName FILE_ATTACHMENT = COSName.getPDFName("FileAttachment");

    /**
     * Facts read from the PDF, plus what the engine needs to plan OCR, plus the open document (null when it
     * could not be opened) so that Tika can parse it without loading the file again. The caller must call
     * {@link #release()} when done, whoever closed the document.
     */
    record PdfFacts(DocumentMetadata metadata, boolean[] pageHasImages, int scanDpi, double largestImagePageSqIn,
                    PDDocument document, RandomAccessRead source) {

        PdfFacts withDocument(PDDocument doc, RandomAccessRead src) {
            return new PdfFacts(metadata, pageHasImages, scanDpi, largestImagePageSqIn, doc, src);
        }

        void release() {
            try {
                if (document != null) {
                    document.close(); // a no-op when Tika already closed it
                }
            } catch (IOException ignored) {
                // nothing more to free
            } finally {
                closeQuietly(source);
            }
        }
    }

    private PdfBoxInspector() {
    }

    /**
     * @param pageLimit past this many pages the document is refused anyway: its pages are counted but not
     *                  walked one by one (PDFBox needs about 0.3 ms per page to load one)
     */
    static PdfFacts inspect(Path file, long size, long deadlineNanos, int pageLimit) throws IOException {
        String tailDefect = tailDefect(file, size);
        List<String> defects = new ArrayList<>();
        if (tailDefect != null) {
            defects.add(tailDefect);
        }
        RandomAccessRead input = new RandomAccessReadBufferedFile(file);
        PDDocument doc = null;
        try {
            doc = Loader.loadPDF(input, "", null, null, MemoryUsageSetting.setupMixed(MAIN_MEMORY).streamCache);
            return read(doc, defects, deadlineNanos, pageLimit).withDocument(doc, input);
        } catch (InvalidPasswordException e) {
            closeQuietly(input);
            return new PdfFacts(new DocumentMetadata(0, List.of(), null, null, null, null, null, true, true, false,
                    false, List.of(), List.of(), defects), new boolean[0], 0, 0, null, null);
        } catch (IOException e) {
            closeQuietly(input);
            if (e instanceof java.nio.channels.ClosedByInterruptException) {
                throw e;
            }
            defects.add("PDFBox cannot open it (" + e.getMessage() + ")");
            return new PdfFacts(new DocumentMetadata(0, List.of(), null, null, null, null, null, false, false, false,
                    false, List.of(), List.of(), defects), new boolean[0], 0, 0, null, null);
        } catch (RuntimeException | Error e) {
            if (doc != null) {
                closeQuietly(doc);
            }
            closeQuietly(input);
            throw e;
        }
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            if (c != null) {
                c.close();
            }
        } catch (IOException ignored) {
            // nothing more to free
        }
    }

    private static PdfFacts read(PDDocument doc, List<String> defects, long deadlineNanos, int pageLimit) {
        COSDictionary catalog = doc.getDocumentCatalog().getCOSObject();
        Set<COSBase> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        boolean js = isJavaScript(catalog.getDictionaryObject(COSName.OPEN_ACTION), seen, 0)
                || anyJavaScript(catalog.getCOSDictionary(COSName.AA), seen);
        List<String> embedded = new ArrayList<>();
        boolean hasEmbedded = catalog.containsKey(COSName.COLLECTION);
        COSDictionary names = catalog.getCOSDictionary(COSName.NAMES);
        if (names != null) {
            COSDictionary jsTree = names.getCOSDictionary(COSName.JAVA_SCRIPT);
            if (jsTree != null) {
                List<String> scripts = new ArrayList<>();
                collectNameTree(jsTree, scripts, 0, seen);
                js |= !scripts.isEmpty();
            }
            COSDictionary files = names.getCOSDictionary(COSName.EMBEDDED_FILES);
            if (files != null) {
                int before = embedded.size();
                collectNameTree(files, embedded, 0, seen);
                hasEmbedded |= embedded.size() > before;
            }
        }
        COSDictionary acroForm = catalog.getCOSDictionary(COSName.ACRO_FORM);
        if (acroForm != null) {
            js |= fieldsHaveJavaScript(acroForm.getCOSArray(COSName.FIELDS), seen, 0);
            js |= xfaHasScript(acroForm.getDictionaryObject(COSName.XFA));
        }

        List<PageSize> sizes = new ArrayList<>();
        List<Boolean> images = new ArrayList<>();
        int scanDpi = 0;
        double largestImagePage = 0;
        int pageCount = 0;
        try {
            int expected = doc.getNumberOfPages();
            Iterable<PDPage> walk = expected > pageLimit ? List.of() : () -> new LazyPageWalk(doc);
            for (PDPage page : walk) {
                pageCount++;
                if (pageCount > expected) {
                    break;
                }
                if ((pageCount & 31) == 0 && (System.nanoTime() - deadlineNanos > 0
                        || Thread.currentThread().isInterrupted())) {
                    throw new ExtractionEngine.DeadlineReached();
                }
                PDRectangle box = page.getCropBox();
                double unit = page.getUserUnit() * 25.4 / 72.0;
                double w = box.getWidth() * unit;
                double h = box.getHeight() * unit;
                if (page.getRotation() % 180 != 0) {
                    double t = w;
                    w = h;
                    h = t;
                }
                sizes.add(PageSize.of(pageCount, w, h));
                long[] image = largestImage(page.getResources(), 0,
                        Collections.newSetFromMap(new IdentityHashMap<>()));
                images.add(image != null);
                if (image != null && w > 0 && h > 0) {
                    double dpi = Math.max(image[0], image[1]) / (Math.max(w, h) / 25.4);
                    scanDpi = Math.max(scanDpi, (int) Math.round(dpi));
                    largestImagePage = Math.max(largestImagePage, (w / 25.4) * (h / 25.4));
                }
                COSDictionary pageDict = page.getCOSObject();
                js |= anyJavaScript(pageDict.getCOSDictionary(COSName.AA), seen);
                COSArray annots = pageDict.getCOSArray(COSName.ANNOTS);
                if (annots != null) {
                    for (int i = 0; i < annots.size(); i++) {
                        if (!(deref(annots.getObject(i)) instanceof COSDictionary annot)) {
                            continue;
                        }
                        js |= isJavaScript(annot.getDictionaryObject(COSName.A), seen, 0)
                                || anyJavaScript(annot.getCOSDictionary(COSName.AA), seen);
                        if (FILE_ATTACHMENT.equals(annot.getCOSName(COSName.SUBTYPE))) {
                            hasEmbedded = true;
                            addName(embedded, fileSpecName(annot.getDictionaryObject(COSName.FS)));
                        }
                    }
                }
            }
            pageCount = expected > pageLimit ? expected : Math.min(pageCount, expected);
        } catch (ExtractionEngine.DeadlineReached e) {
            throw e;
        } catch (RuntimeException e) {
            defects.add("its page tree is damaged (" + e.getMessage() + ")");
        }

        PDDocumentInformation info = doc.getDocumentInformation();
        boolean[] pageImages = new boolean[images.size()];
        for (int i = 0; i < pageImages.length; i++) {
            pageImages[i] = images.get(i);
        }
        DocumentMetadata metadata = new DocumentMetadata(pageCount, sizes,
                String.format(Locale.ROOT, "%.1f", doc.getVersion()), clean(info.getProducer()),
                clean(info.getCreator()), instant(info), clean(info.getTitle()), doc.isEncrypted(), false, js,
                hasEmbedded, embedded, List.of(), defects);
        return new PdfFacts(metadata, pageImages, scanDpi, largestImagePage, null, null);
    }

    /**
     * Walks the page tree one page at a time. PDFBox's own page iterator loads every page object before
     * returning the first (about 0.3 ms a page), where no time limit or interrupt can be checked; walking
     * lazily keeps the inspection stoppable, and leaves the pages loaded for Tika's parse of the same
     * document. Cycles and absurd depths in a hostile tree are skipped.
     */
    private static final class LazyPageWalk implements java.util.Iterator<PDPage> {
        private final java.util.Deque<COSArray> kids = new java.util.ArrayDeque<>();
        private final java.util.Deque<int[]> positions = new java.util.ArrayDeque<>();
        private final Set<COSBase> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        private PDPage next;

        LazyPageWalk(PDDocument doc) {
            COSDictionary root = doc.getDocumentCatalog().getCOSObject().getCOSDictionary(COSName.PAGES);
            if (root != null) {
                seen.add(root);
                push(root);
            }
        }

        private void push(COSDictionary node) {
            COSArray array = node.getCOSArray(COSName.KIDS);
            if (array != null && kids.size() < 64) {
                kids.push(array);
                positions.push(new int[]{0});
            }
        }

        @Override
        public boolean hasNext() {
            while (next == null && !kids.isEmpty()) {
                COSArray array = kids.peek();
                int[] at = positions.peek();
                if (at[0] >= array.size()) {
                    kids.pop();
                    positions.pop();
                    continue;
                }
                if (!(deref(array.getObject(at[0]++)) instanceof COSDictionary node) || !seen.add(node)) {
                    continue;
                }
                if (node.containsKey(COSName.KIDS)) {
                    push(node);
                } else {
                    next = new PDPage(node);
                }
            }
            return next != null;
        }

        @Override
        public PDPage next() {
            if (!hasNext()) {
                throw new java.util.NoSuchElementException();
            }
            PDPage p = next;
            next = null;
            return p;
        }
    }

    /** A defect when the end of the file is missing: the usual sign of an interrupted upload or copy. */
    static String tailDefect(Path file, long size) throws IOException {
        int n = (int) Math.min(size, TAIL_BYTES);
        ByteBuffer buffer = ByteBuffer.allocate(n);
        try (FileChannel channel = FileChannel.open(file)) {
            long pos = size - n;
            while (buffer.hasRemaining()) {
                int read = channel.read(buffer, pos + buffer.position());
                if (read < 0) {
                    break;
                }
            }
        }
        String tail = new String(buffer.array(), 0, buffer.position(), StandardCharsets.ISO_8859_1);
        int startxref = tail.lastIndexOf("startxref");
        if (startxref < 0) {
            return "the file is truncated: its end (the cross-reference section and end-of-file marker) is missing";
        }
        if (tail.indexOf("%%EOF", startxref) < 0) {
            return "the file is truncated: its end-of-file marker is missing";
        }
        int i = startxref + "startxref".length();
        while (i < tail.length() && Character.isWhitespace(tail.charAt(i))) {
            i++;
        }
        int digits = i;
        while (i < tail.length() && Character.isDigit(tail.charAt(i)) && i - digits < 19) {
            i++;
        }
        if (i == digits) {
            return "its cross-reference offset is missing";
        }
        long offset = Long.parseLong(tail.substring(digits, i));
        if (offset >= size) {
            return "its cross-reference offset points past the end of the file (the file is truncated)";
        }
        return null;
    }

    private static long[] largestImage(PDResources resources, int depth, Set<COSBase> seen) {
        if (resources == null) {
            return null;
        }
        return largestImage(resources.getCOSObject(), depth, seen);
    }

    private static long[] largestImage(COSDictionary resources, int depth, Set<COSBase> seen) {
        COSDictionary xobjects = resources.getCOSDictionary(COSName.XOBJECT);
        if (xobjects == null) {
            return null;
        }
        long[] best = null;
        for (COSName key : xobjects.keySet()) {
            if (!(xobjects.getDictionaryObject(key) instanceof COSStream stream)) {
                continue;
            }
            COSName subtype = stream.getCOSName(COSName.SUBTYPE);
            long[] found = null;
            if (COSName.IMAGE.equals(subtype)) {
                found = new long[]{Math.max(0, stream.getInt(COSName.WIDTH)), Math.max(0, stream.getInt(COSName.HEIGHT))};
            } else if (COSName.FORM.equals(subtype) && depth < 4 && seen.add(stream)) {
                COSDictionary inner = stream.getCOSDictionary(COSName.RESOURCES);
                found = inner == null ? null : largestImage(inner, depth + 1, seen);
            }
            if (found != null && (best == null || found[0] * found[1] > best[0] * best[1])) {
                best = found;
            }
        }
        return best;
    }

    private static boolean isJavaScript(COSBase action, Set<COSBase> seen, int depth) {
        COSBase b = deref(action);
        if (!(b instanceof COSDictionary d) || depth > 64 || !seen.add(d)) {
            return false;
        }
        if (COSName.JAVA_SCRIPT.equals(d.getCOSName(COSName.S)) || d.containsKey(COSName.JS)) {
            return true;
        }
        COSBase next = d.getDictionaryObject(COSName.NEXT);
        if (next instanceof COSArray array) {
            for (int i = 0; i < array.size(); i++) {
                if (isJavaScript(array.getObject(i), seen, depth + 1)) {
                    return true;
                }
            }
            return false;
        }
        return isJavaScript(next, seen, depth + 1);
    }

    private static boolean anyJavaScript(COSDictionary additionalActions, Set<COSBase> seen) {
        if (additionalActions == null) {
            return false;
        }
        for (COSName trigger : additionalActions.keySet()) {
            if (isJavaScript(additionalActions.getDictionaryObject(trigger), seen, 0)) {
                return true;
            }
        }
        return false;
    }

    private static boolean fieldsHaveJavaScript(COSArray fields, Set<COSBase> seen, int depth) {
        if (fields == null || depth > 32) {
            return false;
        }
        for (int i = 0; i < fields.size() && i < 20_000; i++) {
            if (!(deref(fields.getObject(i)) instanceof COSDictionary field) || !seen.add(field)) {
                continue;
            }
            // A field's own dictionary is often also its widget: its /A and /AA were checked with the page
            // annotations only if the widget is on a page; check them here as well.
            if (anyJavaScript(field.getCOSDictionary(COSName.AA), seen)
                    || isJavaScript(field.getDictionaryObject(COSName.A), seen, 0)
                    || fieldsHaveJavaScript(field.getCOSArray(COSName.KIDS), seen, depth + 1)) {
                return true;
            }
        }
        return false;
    }

    private static boolean xfaHasScript(COSBase xfa) {
        COSBase b = deref(xfa);
        if (b instanceof COSStream stream) {
            return streamContains(stream, "<script");
        }
        if (b instanceof COSArray array) {
            for (int i = 1; i < array.size(); i += 2) {
                if (deref(array.getObject(i)) instanceof COSStream s && streamContains(s, "<script")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean streamContains(COSStream stream, String needle) {
        try (InputStream in = stream.createInputStream()) {
            byte[] bytes = in.readNBytes(4 << 20);
            return new String(bytes, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT).contains(needle);
        } catch (IOException e) {
            return false;
        }
    }

    private static void collectNameTree(COSDictionary node, List<String> out, int depth, Set<COSBase> seen) {
        if (depth > 16 || !seen.add(node)) {
            return;
        }
        COSArray names = node.getCOSArray(COSName.NAMES);
        if (names != null) {
            for (int i = 0; i + 1 < names.size(); i += 2) {
                String spec = fileSpecName(names.getObject(i + 1));
                if (spec == null && names.getObject(i) instanceof COSString key) {
                    spec = key.getString();
                }
                addName(out, spec == null ? "(unnamed)" : spec);
            }
        }
        COSArray kids = node.getCOSArray(COSName.KIDS);
        if (kids != null) {
            for (int i = 0; i < kids.size(); i++) {
                if (deref(kids.getObject(i)) instanceof COSDictionary kid) {
                    collectNameTree(kid, out, depth + 1, seen);
                }
            }
        }
    }

    private static String fileSpecName(COSBase spec) {
        COSBase b = deref(spec);
        if (b instanceof COSString s) {
            return s.getString();
        }
        if (b instanceof COSDictionary d) {
            String uf = d.getString(COSName.UF);
            return uf != null ? uf : d.getString(COSName.F);
        }
        return null;
    }

    private static void addName(List<String> names, String name) {
        if (names.size() < MAX_NAMES) {
            names.add(name == null ? "(unnamed)" : clean(name));
        }
    }

    private static COSBase deref(COSBase b) {
        return b instanceof COSObject o ? o.getObject() : b;
    }

    private static Instant instant(PDDocumentInformation info) {
        try {
            Calendar c = info.getCreationDate();
            return c == null ? null : c.toInstant();
        } catch (RuntimeException e) {
            return null; // malformed date string
        }
    }

    private static String clean(String s) {
        if (s == null) {
            return null;
        }
        String t = TextNormalizer.normalize(s);
        return t.isEmpty() ? null : (t.length() > 500 ? t.substring(0, 500) : t);
    }
}
