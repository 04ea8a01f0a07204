package ma.rokhsa.indexer;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Turns an {@link IndexedDocument} into the JSON source stored in the index (the field names of
 * {@code index-templates/documents-v2.json}): dossier fields denormalised, title-deed numbers pulled
 * out of the text, text cleaned of characters JSON or Lucene choke on and cut to the configured
 * length. Serialising once up front lets the batcher count bytes exactly. Thread-safe.
 */
final class DocumentJson {

    private final ObjectMapper mapper = new ObjectMapper();
    private final int maxTextChars;

    DocumentJson(int maxTextChars) {
        this.maxTextChars = maxTextChars;
    }

    byte[] toJson(IndexedDocument doc, Instant now) {
        String text = clean(doc.text());
        boolean truncated = text.length() > maxTextChars;
        if (truncated) {
            int cut = maxTextChars;
            if (Character.isHighSurrogate(text.charAt(cut - 1))) {
                cut--;
            }
            text = text.substring(0, cut);
        }
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("documentId", doc.documentId());
        source.putAll(dossierSource(doc.dossier()));
        source.put("kind", doc.kind());
        source.put("fileName", clean(doc.fileName()));
        source.put("contentType", doc.contentType());
        source.put("language", doc.language());
        source.put("title", clean(doc.title()));
        source.put("text", text);
        source.put("textTruncated", truncated);
        Set<String> deeds = new TreeSet<>(TitleDeeds.find(text));
        deeds.addAll(TitleDeeds.find(doc.fileName()));
        deeds.addAll(TitleDeeds.find(doc.title()));
        source.put("titleDeeds", deeds);
        Map<String, String> metadata = new LinkedHashMap<>();
        doc.metadata().forEach((k, v) -> metadata.put(clean(k), clean(v)));
        source.put("metadata", metadata);
        source.put("pageCount", doc.pageCount());
        source.put("uploadedAt", iso(doc.uploadedAt()));
        source.put("indexedAt", iso(now));
        source.values().removeIf(v -> v == null);
        try {
            return mapper.writeValueAsBytes(source);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("document " + doc.documentId() + " cannot be serialised: " + e.getMessage(), e);
        }
    }

    /** The denormalised dossier fields, as stored and as set by {@link ElasticsearchDossierIndex#updateDossier}. */
    static Map<String, Object> dossierSource(DossierFields d) {
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("dossierId", d.dossierId());
        source.put("reference", d.reference());
        source.put("type", d.type());
        source.put("status", d.status());
        source.put("communeCode", d.communeCode());
        source.put("communeName", d.communeName());
        source.put("province", d.province());
        source.put("applicant", d.applicant());
        source.put("architect", d.architect());
        source.put("organisations", new TreeSet<>(d.organisations()));
        source.put("filedAt", iso(d.filedAt()));
        source.put("updatedAt", iso(d.updatedAt()));
        return source;
    }

    private static String iso(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    /** Bidi embedding/override/isolate marks, LRM/RLM/ALM and zero-width space. */
    static boolean separatesWords(char c) {
        return c == '\u200B' || c == '\u200E' || c == '\u200F' || c == '\u061C'
                || (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069');
    }

    /** Replaces control characters (but tab and line breaks) and unpaired surrogates, which make bad JSON, by spaces; bidi marks too; drops other format characters. */
    static String clean(String value) {
        if (value == null) {
            return null;
        }
        StringBuilder out = null;
        int n = value.length();
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            boolean bad;
            if (Character.isHighSurrogate(c)) {
                bad = i + 1 >= n || !Character.isLowSurrogate(value.charAt(i + 1));
                if (!bad) {
                    if (out != null) {
                        out.append(c).append(value.charAt(i + 1));
                    }
                    i++;
                    continue;
                }
            } else {
                bad = Character.isLowSurrogate(c) || (c < 0x20 && c != '\n' && c != '\r' && c != '\t')
                        || c == 0x7f || c == 0xfffe || c == 0xffff;
            }
            // Invisible format characters would stick to words and stop them matching. Bidi marks
            // from PDF extraction sit where the writing direction changes, between words (pdftotext
            // writes "7731/42<PDF>والواقعة"): they become spaces, like a zero-width space; soft
            // hyphens and the like are dropped.
            boolean format = !bad && Character.getType(c) == Character.FORMAT && c != '\u200C' && c != '\u200D';
            if ((bad || format) && out == null) {
                out = new StringBuilder(n);
                out.append(value, 0, i);
            }
            if (out != null) {
                if (bad || (format && separatesWords(c))) {
                    out.append(' ');
                } else if (!format) {
                    out.append(c);
                }
            }
        }
        return out == null ? value : out.toString();
    }
}
