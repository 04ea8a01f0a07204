package ma.rokhsa.ingest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.mime.MediaType;

/**
 * Early type gate, called while an upload streams in: with the first bytes it tells the real type
 * (Tika's magic detector; the file name is only a hint) and refuses at once what no later step could
 * accept: programs, archives (a zip bomb is refused from its first bytes and never expanded), content
 * that is not what its name says, types the kind does not accept. {@link #checkLength} refuses empty
 * and oversized uploads.
 *
 * <p>Pure CPU on the bytes given (no I/O, no inflation, microseconds): safe to call on an event loop.
 * Stateless and thread-safe.
 */
public final class UploadGate {

    /** Bytes the magic detector may look at; pass at least this many (or the whole file if smaller). */
    public static final int HEAD_BYTES = TypeScreen.MIME_TYPES.getMinLength();

    private static final MediaType ZIP = MediaType.application("zip");
    private static final MediaType OOXML = MediaType.application("x-tika-ooxml");

    private UploadGate() {
    }

    /**
     * Inspects the first bytes of an upload.
     *
     * @param head       buffer holding the first bytes of the upload
     * @param headLength number of valid bytes in {@code head}: {@link #HEAD_BYTES}, or fewer when the upload is
     *                   that short; 0 tells nothing (empty files are refused by {@link #checkLength})
     * @param fileName   the name the client gave (a hint, never trusted)
     * @param rule       the rule of the document kind being uploaded
     */
    public static GateVerdict inspect(byte[] head, int headLength, String fileName, KindRule rule) {
        if (headLength < 0 || headLength > head.length) {
            throw new IllegalArgumentException("headLength " + headLength + " outside the buffer");
        }
        if (headLength == 0) {
            return new GateVerdict(MediaType.OCTET_STREAM.toString(), List.of());
        }
        MediaType type = detect(head, headLength, fileName);
        return new GateVerdict(type.toString(), TypeScreen.screen(type.toString(), fileName, rule));
    }

    /**
     * Checks the upload's length: call it as bytes arrive (to stop an oversized upload early) and once at
     * the end with {@code complete = true} (to refuse an empty file).
     */
    public static List<Problem> checkLength(long bytesReceived, boolean complete, String fileName, KindRule rule) {
        List<Problem> problems = new ArrayList<>(1);
        String name = TypeScreen.displayName(fileName);
        if (complete && bytesReceived == 0) {
            problems.add(Problem.error(ProblemCode.EMPTY_FILE, name
                    + " is empty (0 bytes): upload the document again, and check that it opens on your computer."));
        } else if (rule.maxBytes() > 0 && bytesReceived > rule.maxBytes()) {
            problems.add(Problem.error(ProblemCode.FILE_TOO_LARGE, name + " is larger than the "
                    + megabytes(rule.maxBytes()) + " accepted for " + rule.name()
                    + ": reduce its size (lower image resolution, or split it) and upload it again."));
        }
        return problems;
    }

    static MediaType detect(byte[] head, int length, String fileName) {
        Metadata metadata = new Metadata();
        if (fileName != null) {
            metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, fileName);
        }
        MediaType type;
        try {
            type = TypeScreen.MIME_TYPES.detect(new ByteArrayInputStream(head, 0, length), metadata);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen on a byte array
        }
        if (TypeScreen.REGISTRY.isInstanceOf(type, ZIP) && startsWith(head, length, 'P', 'K', 3, 4)) {
            return sniffZip(head, length, type);
        }
        return type;
    }

    static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%d MB", Math.max(1, bytes / (1024 * 1024)));
    }

    /**
     * Tells a zip-based document (OOXML, OpenDocument) from a plain archive by the names in the local
     * headers of the first bytes only. Entries are skipped by their declared size and never inflated;
     * Tika's own container detector would inflate entries to skip them, and a bomb fits in 3 KB.
     */
    private static MediaType sniffZip(byte[] b, int len, MediaType byMagicAndName) {
        int off = 0;
        List<String> names = new ArrayList<>();
        while (off + 30 <= len && u32(b, off) == 0x04034b50 && names.size() < 32) {
            int flags = u16(b, off + 6);
            int method = u16(b, off + 8);
            long csize = u32(b, off + 18);
            int nlen = u16(b, off + 26);
            int xlen = u16(b, off + 28);
            if (off + 30 + nlen > len) {
                break;
            }
            String name = new String(b, off + 30, nlen, StandardCharsets.UTF_8);
            names.add(name);
            long data = (long) off + 30 + nlen + xlen;
            if (names.size() == 1 && name.equals("mimetype") && method == 0 && csize < 128 && data + csize <= len) {
                MediaType odf = MediaType.parse(new String(b, (int) data, (int) csize, StandardCharsets.US_ASCII).trim());
                if (odf != null && TypeScreen.REGISTRY.isSpecializationOf(odf, ZIP)) {
                    return odf;
                }
            }
            if ((flags & 8) != 0 || data + csize > len) {
                // Size unknown until the data is inflated (streamed zip): look for the next header's signature
                // instead. A false match inside compressed data only adds a wrong name to a hint.
                off = nextHeader(b, (int) Math.min(data, len), len);
                if (off < 0) {
                    break;
                }
            } else {
                off = (int) (data + csize);
            }
        }
        boolean ooxml = names.stream().anyMatch(n -> n.equals("[Content_Types].xml") || n.startsWith("_rels/")
                || n.startsWith("word/") || n.startsWith("xl/") || n.startsWith("ppt/") || n.startsWith("docProps/"));
        if (ooxml) {
            if (TypeScreen.REGISTRY.isSpecializationOf(byMagicAndName, OOXML)) {
                return byMagicAndName;
            }
            for (String n : names) {
                if (n.startsWith("word/")) {
                    return MediaType.parse("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
                }
                if (n.startsWith("xl/")) {
                    return MediaType.parse("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
                }
                if (n.startsWith("ppt/")) {
                    return MediaType.parse("application/vnd.openxmlformats-officedocument.presentationml.presentation");
                }
            }
            return OOXML;
        }
        if (names.contains("META-INF/MANIFEST.MF")) {
            return MediaType.application("java-archive");
        }
        // A name hint (photo.docx) must not turn a plain zip into a document.
        return ZIP;
    }

    private static int nextHeader(byte[] b, int from, int len) {
        for (int i = from; i + 4 <= len; i++) {
            if (b[i] == 'P' && b[i + 1] == 'K' && b[i + 2] == 3 && b[i + 3] == 4) {
                return i;
            }
        }
        return -1;
    }

    private static boolean startsWith(byte[] b, int len, int... prefix) {
        if (len < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((b[i] & 0xff) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static int u16(byte[] b, int off) {
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8;
    }

    private static long u32(byte[] b, int off) {
        return (u16(b, off) | (long) u16(b, off + 2) << 16) & 0xffffffffL;
    }
}
