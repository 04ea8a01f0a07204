package ma.rokhsa.ingest;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds out whether OCR can run: tesseract on the PATH (or at the configured path) and every configured
 * language pack installed. Missing packs turn OCR off rather than down to the packs present: an Arabic
 * scan read with Latin-only models yields confident garbage.
 *
 * <p>It also prepares a wrapper that runs tesseract with {@code OMP_THREAD_LIMIT=1}. Tesseract 5 uses
 * OpenMP threads by default; with one document per core they fight each other (measured here: one page
 * 2.0 s alone, 2.7 s for two at once; with the limit 0.9 s either way). Tika starts tesseract with this
 * JVM's environment and cannot set a variable, hence the wrapper script.
 *
 * <p>Runs two short processes: call it once at start-up, off any event loop.
 */
final class TesseractProbe {

    private static final Logger LOG = LoggerFactory.getLogger(TesseractProbe.class);
    private static final Pattern TESSDATA = Pattern.compile("\"([^\"]+)\"");

    /** Outcome of the probe; {@code tesseractDir} ends with a separator, as Tika expects. */
    record OcrSupport(boolean available, String reason, String languages, String tesseractDir, String tessdataDir) {

        static OcrSupport off(String reason, String languages) {
            return new OcrSupport(false, reason, languages, "", "");
        }
    }

    private TesseractProbe() {
    }

    static OcrSupport probe(ExtractorConfig config) {
        String langs = config.ocrLanguages();
        if (!config.ocrEnabled()) {
            return OcrSupport.off("OCR is disabled by configuration", langs);
        }
        Path exe = resolve(config.tesseractCommand());
        if (exe == null) {
            return OcrSupport.off("OCR is off: '" + config.tesseractCommand() + "' was not found on the PATH"
                    + " (install the Debian packages tesseract-ocr tesseract-ocr-ara tesseract-ocr-fra)", langs);
        }
        List<String> lines;
        try {
            lines = run(List.of(exe.toString(), "--list-langs"));
        } catch (IOException e) {
            return OcrSupport.off("OCR is off: " + exe + " --list-langs failed: " + e.getMessage(), langs);
        }
        String tessdata = "";
        Set<String> installed = new LinkedHashSet<>();
        for (String line : lines) {
            Matcher m = TESSDATA.matcher(line);
            if (line.startsWith("List of available languages") && m.find()) {
                tessdata = m.group(1);
            } else if (!line.isBlank()) {
                installed.add(line.trim());
            }
        }
        List<String> missing = new ArrayList<>();
        for (String lang : langs.split("\\+")) {
            if (!installed.contains(lang)) {
                missing.add(lang);
            }
        }
        if (!missing.isEmpty()) {
            return OcrSupport.off("OCR is off: tesseract language packs missing: " + String.join(", ", missing)
                    + " (Debian packages " + String.join(" ", missing.stream().map(l -> "tesseract-ocr-" + l
                    .toLowerCase(java.util.Locale.ROOT).replace('_', '-')).toList()) + ")", langs);
        }
        Path dir = wrapper(exe);
        String reason = "OCR is on: " + exe + " with " + langs + (dir.equals(exe.getParent())
                ? " (OpenMP threads not limited: the wrapper could not be written)" : "");
        return new OcrSupport(true, reason, langs, dir + File.separator, tessdata);
    }

    private static Path resolve(String command) {
        if (command.contains(File.separator)) {
            Path p = Path.of(command);
            return Files.isExecutable(p) ? p.toAbsolutePath() : null;
        }
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir, command);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p.toAbsolutePath();
            }
        }
        return null;
    }

    /** A directory holding an executable named {@code tesseract} that limits OpenMP to one thread. */
    private static Path wrapper(Path exe) {
        if (!"tesseract".equals(exe.getFileName().toString()) || File.separatorChar != '/') {
            return exe.getParent();
        }
        try {
            Path dir = Files.createTempDirectory("rokhsa-tesseract-");
            Path script = dir.resolve("tesseract");
            String quoted = "'" + exe.toString().replace("'", "'\\''") + "'";
            Files.writeString(script, "#!/bin/sh\nOMP_THREAD_LIMIT=1 exec " + quoted + " \"$@\"\n",
                    StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
            script.toFile().deleteOnExit();
            dir.toFile().deleteOnExit();
            run(List.of(script.toString(), "--version"));
            return dir;
        } catch (IOException | UnsupportedOperationException e) {
            LOG.warn("tesseract wrapper not usable ({}); OCR runs with OpenMP defaults", e.toString());
            return exe.getParent();
        }
    }

    private static List<String> run(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (InputStream in = p.getInputStream()) {
            p.getOutputStream().close();
            byte[] out = in.readNBytes(1 << 20);
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                throw new IOException("no answer within 20 s");
            }
            if (p.exitValue() != 0) {
                throw new IOException("exit code " + p.exitValue());
            }
            return new String(out, StandardCharsets.UTF_8).lines().toList();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            p.destroyForcibly();
        }
    }
}
