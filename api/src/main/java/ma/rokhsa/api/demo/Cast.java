package ma.rokhsa.api.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

/**
 * The people, places and words of the demo story ({@code demo/cast.json}): names in French and Arabic,
 * the quarters and streets of each commune, project titles per dossier type, and what officials write
 * when they return, refuse or set conditions. Immutable.
 */
record Cast(String comment, List<FirstName> firstNames, List<Text> lastNames, Map<String, Places> places,
            Map<String, List<String>> titles, List<Return> returns, List<Text> refusals, List<String> conditions,
            List<Text> prescriptions) {

    /** A text in French and Arabic. */
    record Text(String fr, String ar) {
    }

    record FirstName(String fr, String ar, boolean female) {
    }

    /** A commune's name, quarters and streets, and the land registry office that keeps its titles. */
    record Places(Text name, List<Text> quarters, List<Text> streets, String conservation) {
    }

    /** Why a one-stop shop returns a dossier, and the kind of document that answers it. */
    record Return(String kind, String reason) {
    }

    static Cast load(JsonMapper json) {
        try (InputStream in = Cast.class.getResourceAsStream("/demo/cast.json")) {
            if (in == null) {
                throw new IllegalStateException("demo/cast.json is missing from the classpath");
            }
            return json.readValue(in, Cast.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Places places(String commune) {
        Places p = places.get(commune);
        if (p == null) {
            throw new IllegalArgumentException("demo/cast.json has no places for commune " + commune);
        }
        return p;
    }
}
