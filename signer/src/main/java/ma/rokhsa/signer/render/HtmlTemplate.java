package ma.rokhsa.signer.render;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.Map;

/**
 * A minimal logic-less template over an XHTML resource, mustache-like: {@code {{name}}} (escaped),
 * {@code {{{name}}}} (raw, for markup we produce ourselves), {@code {{#name}}...{{/name}}} (repeated
 * for each map of a collection, once for {@code true}, skipped for false/empty/absent) and
 * {@code {{^name}}...{{/name}}} (rendered when absent/false/empty). Immutable and thread-safe.
 */
final class HtmlTemplate {

    private final String source;

    private HtmlTemplate(String source) {
        this.source = source;
    }

    static HtmlTemplate resource(String name) {
        try (InputStream in = HtmlTemplate.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("template resource missing: " + name);
            }
            return new HtmlTemplate(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String render(Map<String, ?> context) {
        Deque<Map<String, ?>> scopes = new ArrayDeque<>();
        scopes.push(context);
        StringBuilder out = new StringBuilder(source.length() * 2);
        render(source, scopes, out);
        return out.toString();
    }

    private static void render(String tpl, Deque<Map<String, ?>> scopes, StringBuilder out) {
        int pos = 0;
        while (true) {
            int open = tpl.indexOf("{{", pos);
            if (open < 0) {
                out.append(tpl, pos, tpl.length());
                return;
            }
            out.append(tpl, pos, open);
            boolean raw = tpl.startsWith("{{{", open);
            int close = tpl.indexOf(raw ? "}}}" : "}}", open);
            if (close < 0) {
                throw new IllegalStateException("unclosed tag at " + open);
            }
            String tag = tpl.substring(open + (raw ? 3 : 2), close).strip();
            pos = close + (raw ? 3 : 2);
            char kind = tag.isEmpty() ? ' ' : tag.charAt(0);
            if (!raw && (kind == '#' || kind == '^')) {
                String name = tag.substring(1).strip();
                int end = matchingEnd(tpl, pos, name);
                String inner = tpl.substring(pos, end);
                pos = end + ("{{/" + name + "}}").length();
                Object value = lookup(scopes, name);
                if (kind == '^') {
                    if (isEmpty(value)) {
                        render(inner, scopes, out);
                    }
                } else if (value instanceof Collection<?> items) {
                    for (Object item : items) {
                        scopes.push(asScope(item));
                        render(inner, scopes, out);
                        scopes.pop();
                    }
                } else if (value instanceof Map<?, ?> map) {
                    scopes.push(asScope(map));
                    render(inner, scopes, out);
                    scopes.pop();
                } else if (!isEmpty(value)) {
                    render(inner, scopes, out);
                }
            } else {
                Object value = lookup(scopes, tag);
                String text = value == null ? "" : value.toString();
                out.append(raw ? text : escape(text));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> asScope(Object item) {
        if (item instanceof Map<?, ?> map) {
            return (Map<String, ?>) map;
        }
        return Map.of(".", item);
    }

    private static int matchingEnd(String tpl, int from, String name) {
        int depth = 1;
        int pos = from;
        String openA = "{{#" + name + "}}";
        String openB = "{{^" + name + "}}";
        String end = "{{/" + name + "}}";
        while (true) {
            int e = tpl.indexOf(end, pos);
            if (e < 0) {
                throw new IllegalStateException("section not closed: " + name);
            }
            int a = tpl.indexOf(openA, pos);
            int b = tpl.indexOf(openB, pos);
            int o = a < 0 ? b : b < 0 ? a : Math.min(a, b);
            if (o >= 0 && o < e) {
                depth++;
                pos = o + openA.length();
            } else if (--depth == 0) {
                return e;
            } else {
                pos = e + end.length();
            }
        }
    }

    private static Object lookup(Deque<Map<String, ?>> scopes, String name) {
        for (Map<String, ?> scope : scopes) {
            if (scope.containsKey(name)) {
                return scope.get(name);
            }
        }
        return null;
    }

    private static boolean isEmpty(Object value) {
        return value == null
                || Boolean.FALSE.equals(value)
                || (value instanceof Collection<?> c && c.isEmpty())
                || (value instanceof CharSequence s && s.isEmpty());
    }

    /** XML escaping for text and attribute values (the renderer parses XHTML). */
    static String escape(String text) {
        StringBuilder sb = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> {
                    // Control characters are not allowed in XML 1.0.
                    if (c >= 0x20 || c == '\n' || c == '\t' || c == '\r') {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }
}
