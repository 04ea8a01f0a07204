package ma.rokhsa.ingest;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The wire format between {@link TikaExtractor} and its {@link ExtractionWorker} processes: plain
 * {@link DataOutput} fields, no Java serialization (a worker parsing a hostile file must not be able to
 * make its parent deserialize objects). Every length read is bounded.
 */
final class ExtractionCodec {

    static final int HELLO = 0x524B4831;     // "RKH1": parent to worker, configuration follows
    static final int READY = 0x524B5259;     // worker is ready
    static final int EXTRACT = 1;
    static final int RESULT = 2;
    static final int FAILURE = 3;

    private static final int MAX_STRING_BYTES = 512 << 20;
    private static final int MAX_LIST = 1_000_000;

    private ExtractionCodec() {
    }

    static void writeHello(DataOutput out, ExtractorConfig config, TesseractProbe.OcrSupport ocr) throws IOException {
        out.writeInt(HELLO);
        out.writeInt(config.maxTextChars());
        out.writeInt(config.ocrDpi());
        out.writeBoolean(ocr.available());
        writeString(out, ocr.reason());
        writeString(out, ocr.languages());
        writeString(out, ocr.tesseractDir());
        writeString(out, ocr.tessdataDir());
    }

    /** Reads the hello; returns the worker's configuration and OCR support. */
    static Object[] readHello(DataInput in) throws IOException {
        if (in.readInt() != HELLO) {
            throw new IOException("not a Rokhsa extraction request");
        }
        int maxText = in.readInt();
        int dpi = in.readInt();
        boolean available = in.readBoolean();
        TesseractProbe.OcrSupport ocr = new TesseractProbe.OcrSupport(available, readString(in), readString(in),
                readString(in), readString(in));
        ExtractorConfig config = ExtractorConfig.defaults().withThreads(1).withMaxTextChars(maxText).withOcrDpi(dpi)
                .withOcr(available, ocr.languages(), "tesseract");
        return new Object[]{config, ocr};
    }

    static void writeRequest(DataOutput out, String path, String fileName, KindRule rule, long timeoutMillis)
            throws IOException {
        out.writeInt(EXTRACT);
        writeString(out, path);
        writeString(out, fileName);
        writeString(out, rule.name());
        writeStrings(out, List.copyOf(rule.acceptedTypes()));
        out.writeInt(rule.minPages());
        out.writeInt(rule.maxPages());
        writeStrings(out, rule.sheetFormats().stream().map(Enum::name).toList());
        out.writeDouble(rule.maxSheetMm());
        out.writeBoolean(rule.textRequired());
        out.writeBoolean(rule.ocrAllowed());
        out.writeLong(rule.maxBytes());
        out.writeLong(timeoutMillis);
    }

    /** Reads a request after its tag: path, file name, rule, timeout in milliseconds. */
    static Object[] readRequest(DataInput in) throws IOException {
        String path = readString(in);
        String fileName = readString(in);
        String name = readString(in);
        Set<String> types = new HashSet<>(readStrings(in));
        int min = in.readInt();
        int max = in.readInt();
        Set<SheetFormat> formats = EnumSet.noneOf(SheetFormat.class);
        for (String f : readStrings(in)) {
            formats.add(SheetFormat.valueOf(f));
        }
        KindRule rule = new KindRule(name, types, min, max, formats, in.readDouble(), in.readBoolean(),
                in.readBoolean(), in.readLong());
        long timeout = in.readLong();
        return new Object[]{path, fileName, rule, timeout};
    }

    static void writeExtraction(DataOutput out, Extraction e) throws IOException {
        out.writeInt(RESULT);
        writeString(out, e.fileName());
        out.writeLong(e.size());
        writeString(out, e.mediaType());
        writeString(out, e.declaredType());
        out.writeInt(e.status().ordinal());
        writeString(out, e.detail());
        writeString(out, e.text());
        out.writeBoolean(e.textTruncated());
        out.writeBoolean(e.ocrUsed());
        out.writeInt(e.ocrPages());
        out.writeBoolean(e.ocrUnavailable());
        writeStrings(out, e.languages());
        out.writeDouble(e.garbledRatio());
        writeMetadata(out, e.metadata());
        out.writeLong(e.elapsed().toNanos());
    }

    /** Reads an extraction after its tag. */
    static Extraction readExtraction(DataInput in) throws IOException {
        String fileName = readString(in);
        long size = in.readLong();
        String mediaType = readString(in);
        String declared = readString(in);
        int status = in.readInt();
        if (status < 0 || status >= Extraction.Status.values().length) {
            throw new IOException("bad status " + status);
        }
        return new Extraction(fileName, size, mediaType, declared, Extraction.Status.values()[status],
                readString(in), readString(in), in.readBoolean(), in.readBoolean(), in.readInt(), in.readBoolean(),
                readStrings(in), in.readDouble(), readMetadata(in), Duration.ofNanos(in.readLong()));
    }

    static void writeFailure(DataOutput out, String code, String message) throws IOException {
        out.writeInt(FAILURE);
        writeString(out, code);
        writeString(out, message);
    }

    private static void writeMetadata(DataOutput out, DocumentMetadata m) throws IOException {
        out.writeInt(m.pageCount());
        out.writeInt(m.pages().size());
        for (PageSize p : m.pages()) {
            out.writeInt(p.page());
            out.writeDouble(p.widthMm());
            out.writeDouble(p.heightMm());
        }
        writeString(out, m.pdfVersion());
        writeString(out, m.producer());
        writeString(out, m.creator());
        out.writeBoolean(m.created() != null);
        if (m.created() != null) {
            out.writeLong(m.created().getEpochSecond());
            out.writeInt(m.created().getNano());
        }
        writeString(out, m.title());
        out.writeBoolean(m.encrypted());
        out.writeBoolean(m.passwordRequired());
        out.writeBoolean(m.hasJavaScript());
        out.writeBoolean(m.hasEmbeddedFiles());
        writeStrings(out, m.embeddedFileNames());
        out.writeInt(m.imageOnlyPages().size());
        for (int p : m.imageOnlyPages()) {
            out.writeInt(p);
        }
        writeStrings(out, m.defects());
    }

    private static DocumentMetadata readMetadata(DataInput in) throws IOException {
        int pageCount = in.readInt();
        int n = boundedCount(in.readInt());
        List<PageSize> pages = new ArrayList<>(Math.min(n, 10_000));
        for (int i = 0; i < n; i++) {
            pages.add(PageSize.of(in.readInt(), in.readDouble(), in.readDouble()));
        }
        String version = readString(in);
        String producer = readString(in);
        String creator = readString(in);
        Instant created = in.readBoolean() ? Instant.ofEpochSecond(in.readLong(), in.readInt()) : null;
        String title = readString(in);
        boolean encrypted = in.readBoolean();
        boolean password = in.readBoolean();
        boolean js = in.readBoolean();
        boolean embedded = in.readBoolean();
        List<String> names = readStrings(in);
        int m = boundedCount(in.readInt());
        List<Integer> imageOnly = new ArrayList<>(Math.min(m, 10_000));
        for (int i = 0; i < m; i++) {
            imageOnly.add(in.readInt());
        }
        return new DocumentMetadata(pageCount, pages, version, producer, creator, created, title, encrypted, password,
                js, embedded, names, imageOnly, readStrings(in));
    }

    static void writeString(DataOutput out, String s) throws IOException {
        if (s == null) {
            out.writeInt(-1);
            return;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    static String readString(DataInput in) throws IOException {
        int n = in.readInt();
        if (n == -1) {
            return null;
        }
        if (n < 0 || n > MAX_STRING_BYTES) {
            throw new IOException("string of " + n + " bytes refused");
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    private static void writeStrings(DataOutput out, List<String> list) throws IOException {
        out.writeInt(list.size());
        for (String s : list) {
            writeString(out, s);
        }
    }

    private static List<String> readStrings(DataInput in) throws IOException {
        int n = boundedCount(in.readInt());
        List<String> list = new ArrayList<>(Math.min(n, 1000));
        for (int i = 0; i < n; i++) {
            list.add(readString(in));
        }
        return list;
    }

    private static int boundedCount(int n) throws IOException {
        if (n < 0 || n > MAX_LIST) {
            throw new IOException("list of " + n + " items refused");
        }
        return n;
    }
}
