package ma.rokhsa.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MediaTypeRegistry;
import org.apache.tika.mime.MimeTypes;

/**
 * Decisions by media type, shared by the upload gate and the extractor: executables and archives are
 * refused whatever their name, the real type must be accepted by the kind, and a name that lies about
 * the content is reported. Pure and thread-safe.
 */
final class TypeScreen {

    static final MimeTypes MIME_TYPES = MimeTypes.getDefaultMimeTypes();
    static final MediaTypeRegistry REGISTRY = MIME_TYPES.getMediaTypeRegistry();
    static final MediaType OCTET_STREAM = MediaType.OCTET_STREAM;

    /** Roots of program types; their Tika subtypes (PE32, Mach-O dylib...) are programs too. */
    private static final Set<MediaType> EXECUTABLE_ROOTS = types(
            "application/x-executable", "application/x-sharedlib", "application/x-object", "application/x-coredump",
            "application/x-elf", "application/x-msdownload", "application/x-dosexec", "application/x-ms-installer",
            "application/x-mach-o", "application/x-mach-o-universal", "application/java-vm", "application/x-sh",
            "application/x-bat", "application/x-shar", "application/x-msdos-program",
            "application/vnd.microsoft.portable-executable");

    /** Archive and compression formats refused by type, before any parsing (zip bombs are never expanded). */
    private static final Set<MediaType> ARCHIVES = types(
            "application/zip", "application/x-zip-compressed", "application/gzip", "application/x-gzip",
            "application/x-tar", "application/x-gtar", "application/x-bzip", "application/x-bzip2",
            "application/x-xz", "application/x-lzma", "application/x-lzip", "application/x-lz4", "application/zstd",
            "application/x-compress", "application/x-7z-compressed", "application/x-rar-compressed",
            "application/vnd.rar", "application/x-rar", "application/x-archive", "application/x-cpio",
            "application/x-arj", "application/x-lha", "application/x-lzh", "application/x-iso9660-image",
            "application/x-apple-diskimage", "application/vnd.ms-cab-compressed", "application/java-archive",
            "application/vnd.android.package-archive", "application/x-debian-package", "application/x-rpm",
            "application/x-xar", "application/x-stuffit", "application/x-ace-compressed", "application/x-snappy-framed",
            "application/x-brotli", "application/x-lzop");

    /** Zip-based document formats: judged by their own type, not refused as archives. */
    private static final Set<MediaType> ZIP_DOCUMENT_ROOTS = types(
            "application/x-tika-ooxml", "application/epub+zip", "application/x-tika-iworks",
            "application/vnd.apple.keynote", "application/vnd.apple.pages", "application/vnd.apple.numbers");

    private static final Map<String, String> NAMES = Map.ofEntries(
            Map.entry("application/pdf", "a PDF"),
            Map.entry("image/jpeg", "a JPEG image"),
            Map.entry("image/png", "a PNG image"),
            Map.entry("image/tiff", "a TIFF image"),
            Map.entry("image/gif", "a GIF image"),
            Map.entry("image/webp", "a WebP image"),
            Map.entry("image/heic", "a HEIC image"),
            Map.entry("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "a Word document"),
            Map.entry("application/msword", "a Word document"),
            Map.entry("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "an Excel workbook"),
            Map.entry("application/vnd.ms-excel", "an Excel workbook"),
            Map.entry("application/vnd.openxmlformats-officedocument.presentationml.presentation", "a PowerPoint file"),
            Map.entry("application/vnd.oasis.opendocument.text", "an OpenDocument text"),
            Map.entry("application/vnd.oasis.opendocument.spreadsheet", "an OpenDocument spreadsheet"),
            Map.entry("application/zip", "a ZIP archive"),
            Map.entry("application/x-rar-compressed", "a RAR archive"),
            Map.entry("application/x-7z-compressed", "a 7-Zip archive"),
            Map.entry("application/gzip", "a gzip archive"),
            Map.entry("application/x-tar", "a tar archive"),
            Map.entry("application/x-msdownload", "a Windows program"),
            Map.entry("application/x-elf", "a Linux program"),
            Map.entry("application/x-executable", "a Linux program"),
            Map.entry("application/x-sharedlib", "a Linux program"),
            Map.entry("application/x-sh", "a shell script"),
            Map.entry("application/x-bat", "a Windows batch script"),
            Map.entry("text/plain", "a text file"),
            Map.entry("text/html", "a web page"),
            Map.entry("image/vnd.dwg", "a DWG drawing"),
            Map.entry("image/vnd.dxf", "a DXF drawing"));

    private TypeScreen() {
    }

    /** Problems knowable from the real type, the file name and the kind: at most one error. */
    static List<Problem> screen(String mediaType, String fileName, KindRule rule) {
        MediaType detected = parse(mediaType);
        MediaType declared = declaredType(fileName);
        List<Problem> problems = new ArrayList<>(1);
        String name = displayName(fileName);
        if (isExecutable(detected)) {
            problems.add(Problem.error(ProblemCode.EXECUTABLE_REFUSED, name + " is " + describe(detected)
                    + ", not a document: programs and scripts are never accepted. Upload the document itself ("
                    + describeAccepted(rule) + ")."));
        } else if (isArchive(detected)) {
            problems.add(Problem.error(ProblemCode.ARCHIVE_REFUSED, name + " is " + describe(detected)
                    + ": archives are not opened here. Upload each document as its own file ("
                    + describeAccepted(rule) + ")."));
        } else {
            boolean accepted = accepts(rule, detected);
            boolean mismatch = !OCTET_STREAM.equals(declared) && !related(detected, declared);
            if (!accepted && mismatch) {
                problems.add(Problem.error(ProblemCode.CONTENT_MISMATCH, name + " is named like "
                        + describe(declared) + " but its content is " + describe(detected) + ". " + capitalise(rule.name())
                        + " accept " + describeAccepted(rule) + ": export the document in that format and upload it again."));
            } else if (!accepted) {
                problems.add(Problem.error(ProblemCode.TYPE_NOT_ACCEPTED, name + " is " + describe(detected) + "; "
                        + rule.name() + " accept only " + describeAccepted(rule)
                        + ": export the document in that format and upload it again."));
            } else if (mismatch) {
                problems.add(Problem.warning(ProblemCode.CONTENT_MISMATCH, name + " is named like "
                        + describe(declared) + " but is " + describe(detected) + "; it was accepted as such."));
            }
        }
        return problems;
    }

    static MediaType parse(String mediaType) {
        MediaType t = mediaType == null ? null : MediaType.parse(mediaType);
        return t == null ? OCTET_STREAM : REGISTRY.normalize(t);
    }

    /** The type the file name's extension stands for; octet-stream when unknown. */
    static MediaType declaredType(String fileName) {
        if (fileName == null || fileName.isBlank()) {
            return OCTET_STREAM;
        }
        return MIME_TYPES.getMimeType(fileName).getType();
    }

    static boolean isExecutable(MediaType type) {
        for (MediaType t = type; t != null; t = REGISTRY.getSupertype(t)) {
            if (EXECUTABLE_ROOTS.contains(t) || EXECUTABLE_ROOTS.contains(t.getBaseType())
                    || t.getSubtype().startsWith("x-mach-o")) {
                return true;
            }
        }
        return false;
    }

    static boolean isArchive(MediaType type) {
        boolean zipBased = false;
        for (MediaType t = type; t != null; t = REGISTRY.getSupertype(t)) {
            MediaType base = t.getBaseType();
            if (ZIP_DOCUMENT_ROOTS.contains(base) || base.getSubtype().startsWith("vnd.oasis.opendocument")) {
                return false;
            }
            if (ARCHIVES.contains(base)) {
                zipBased = true;
            }
        }
        return zipBased;
    }

    static boolean accepts(KindRule rule, MediaType detected) {
        for (String accepted : rule.acceptedTypes()) {
            MediaType a = parse(accepted);
            if (a.equals(detected.getBaseType()) || REGISTRY.isSpecializationOf(detected, a)) {
                return true;
            }
        }
        return false;
    }

    private static boolean related(MediaType a, MediaType b) {
        MediaType x = a.getBaseType();
        MediaType y = b.getBaseType();
        return x.equals(y) || REGISTRY.isSpecializationOf(x, y) || REGISTRY.isSpecializationOf(y, x);
    }

    /** "a PDF", "a Word document", "a file of type application/x-foo". */
    static String describe(MediaType type) {
        for (MediaType t = type; t != null && !OCTET_STREAM.equals(t); t = REGISTRY.getSupertype(t)) {
            String n = NAMES.get(t.getBaseType().toString());
            if (n != null) {
                return n;
            }
            if (t.getSubtype().startsWith("x-mach-o")) {
                return "a macOS program";
            }
        }
        return OCTET_STREAM.equals(type) ? "a file of unknown type" : "a file of type " + type.getBaseType();
    }

    static String describeAccepted(KindRule rule) {
        List<String> names = rule.acceptedTypes().stream().sorted()
                .map(t -> describe(parse(t)).replaceFirst("^an? ", "")).distinct().collect(Collectors.toList());
        if (names.size() == 1) {
            return names.get(0);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
    }

    static String displayName(String fileName) {
        return fileName == null || fileName.isBlank() ? "The file" : fileName;
    }

    static String capitalise(String s) {
        return s.isEmpty() ? s : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
    }

    private static Set<MediaType> types(String... names) {
        return java.util.Arrays.stream(names).map(MediaType::parse).collect(Collectors.toUnmodifiableSet());
    }
}
