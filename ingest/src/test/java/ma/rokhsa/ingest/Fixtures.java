package ma.rokhsa.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Access to the fixture corpus under {@code src/test/resources/fixtures}. */
final class Fixtures {

    private Fixtures() {
    }

    static Path path(String name) {
        URL url = Fixtures.class.getResource("/fixtures/" + name);
        if (url == null) {
            throw new IllegalArgumentException("no fixture " + name);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first {@link UploadGate#HEAD_BYTES} bytes of a fixture, as an upload would deliver them. */
    static byte[] head(String name) throws IOException {
        try (InputStream in = Files.newInputStream(path(name))) {
            return in.readNBytes(UploadGate.HEAD_BYTES);
        }
    }

    /**
     * The sentences of the HTML a sample PDF was printed from ({@code /work/shared/samples/*.html}, copied
     * next to the fixtures): the text of each h1/h2/p element, entities decoded, whitespace collapsed.
     */
    static List<String> sourceParagraphs(String htmlName) throws IOException {
        String html = Files.readString(path(htmlName), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("<(h1|h2|p)>(.*?)</\\1>", Pattern.DOTALL).matcher(html);
        List<String> out = new java.util.ArrayList<>();
        while (m.find()) {
            String text = m.group(2).replace("&deg;", "°").replace("&amp;", "&").replaceAll("\\s+", " ").trim();
            out.add(text);
        }
        return out;
    }
}
