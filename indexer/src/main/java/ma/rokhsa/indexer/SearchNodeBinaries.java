package ma.rokhsa.indexer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.jar.JarEntry;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Unpacks the search node's jars, shipped as one zip resource inside the {@code rokhsa-search-node}
 * jar (built by the {@code indexer/search-node} Maven module), into {@code <dir>/lib}. The resource is
 * read the same way from that module's {@code target/classes}, from its jar and from the api's
 * repackaged fat jar.
 * Extraction happens only when the zip's checksum (see {@link #fingerprint()}) differs from the one
 * recorded by the last extraction; a file lock keeps two processes sharing a data directory from extracting at once.
 * Blocking: call on a bounded elastic scheduler.
 */
final class SearchNodeBinaries {

    static final String RESOURCE = "/ma/rokhsa/indexer/node/rokhsa-search-node-node.zip";
    private static final Logger log = LoggerFactory.getLogger(SearchNodeBinaries.class);
    private static final String MARKER = ".checksum";

    private SearchNodeBinaries() {
    }

    /** Makes {@code <dir>/lib} hold exactly the jars of the embedded zip; returns the lib directory. */
    static Path ensureExtracted(Path dir) {
        try {
            Files.createDirectories(dir);
            Path lib = dir.resolve("lib");
            String checksum = fingerprint();
            Path marker = lib.resolve(MARKER);
            if (Files.isRegularFile(marker) && Files.readString(marker).trim().equals(checksum)) {
                return lib;
            }
            try (FileChannel channel = FileChannel.open(dir.resolve(".extract.lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = channel.lock()) {
                if (Files.isRegularFile(marker) && Files.readString(marker).trim().equals(checksum)) {
                    return lib; // another process did it while we waited
                }
                long started = System.nanoTime();
                Path staging = dir.resolve("lib.tmp-" + UUID.randomUUID());
                int jars = extract(staging);
                Files.writeString(staging.resolve(MARKER), checksum, StandardCharsets.US_ASCII);
                deleteTree(lib);
                Files.move(staging, lib, StandardCopyOption.ATOMIC_MOVE);
                log.info("Unpacked {} search node jars into {} in {} ms", jars, lib,
                        (System.nanoTime() - started) / 1_000_000);
            }
            return lib;
        } catch (IOException e) {
            throw new IndexerException(IndexerException.Code.NODE_FAILED,
                    "Cannot unpack the search node into " + dir + ": " + e.getMessage()
                            + " (check that the data directory is writable and has ~60 MB free)",
                    Map.of("dir", dir.toString()), e);
        }
    }

    private static InputStream open() {
        InputStream in = SearchNodeBinaries.class.getResourceAsStream(RESOURCE);
        if (in == null) {
            throw new IndexerException(IndexerException.Code.NODE_FAILED,
                    "The embedded search node is missing from the classpath (" + RESOURCE + "): put "
                            + "ma.rokhsa:rokhsa-search-node on it, e.g. build with ./mvnw -pl indexer -am compile");
        }
        return in;
    }

    /**
     * Cheap identity of the zip: when it sits in a jar (the indexer's, or nested in the api's fat
     * jar), the CRC-32 and size the jar records for it, read without inflating 50 MB at every start;
     * otherwise (a classes directory) its SHA-256.
     */
    static String fingerprint() throws IOException {
        URL url = SearchNodeBinaries.class.getResource(RESOURCE);
        if (url == null) {
            open(); // throws the explanatory exception
        }
        URLConnection connection = url.openConnection();
        if (connection instanceof JarURLConnection jar) {
            jar.setUseCaches(false);
            JarEntry entry = jar.getJarEntry();
            if (entry != null && entry.getCrc() != -1 && entry.getSize() > 0) {
                return "crc32:" + Long.toHexString(entry.getCrc()) + ":" + entry.getSize();
            }
        }
        return "sha256:" + checksumOfResource();
    }

    private static String checksumOfResource() throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = new DigestInputStream(open(), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static int extract(Path target) throws IOException {
        Files.createDirectories(target);
        int count = 0;
        try (ZipInputStream zip = new ZipInputStream(open())) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                String name = entry.getName();
                // Flat list of jars only: anything else (or a path escaping the directory) is refused.
                if (entry.isDirectory() || name.contains("/") || name.contains("\\") || !name.endsWith(".jar")) {
                    continue;
                }
                Files.copy(zip, target.resolve(name));
                count++;
            }
        }
        if (count == 0) {
            throw new IOException("the search node zip holds no jar");
        }
        return count;
    }

    static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (Files.isDirectory(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            try (DirectoryStream<Path> children = Files.newDirectoryStream(path)) {
                for (Path child : children) {
                    deleteTree(child);
                }
            }
        }
        Files.delete(path);
    }
}
