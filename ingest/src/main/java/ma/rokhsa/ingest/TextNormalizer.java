package ma.rokhsa.ingest;

import java.text.Normalizer;

/**
 * Normalises extracted text for storage and search. NFKC turns Arabic presentation forms (U+FB50-U+FDFF,
 * U+FE70-U+FEFF, what a PDF's glyphs often map to) into logical letters and composes French accents;
 * then invisible formatting is dropped (bidi marks and embeddings, zero-width spaces, the BOM, soft
 * hyphens, the Arabic tatweel used only to stretch words), every space becomes a plain space, runs of
 * spaces collapse, lines are trimmed and blank lines collapse to one. Letter order is not touched:
 * PDFBox and Tesseract already emit Arabic in logical order. Stateless and thread-safe.
 */
final class TextNormalizer {

    private TextNormalizer() {
    }

    static String normalize(CharSequence raw) {
        if (raw == null || raw.length() == 0) {
            return "";
        }
        // Most text is already in NFKC (checked in one quick pass); only text with presentation forms,
        // ligatures or decomposed accents pays for the full normalisation.
        String s = Normalizer.isNormalized(raw, Normalizer.Form.NFKC) ? raw.toString()
                : Normalizer.normalize(raw, Normalizer.Form.NFKC);
        StringBuilder out = new StringBuilder(s.length());
        boolean pendingSpace = false;
        int newlines = 0;
        for (int i = 0; i < s.length(); ) {
            char c = s.charAt(i);
            if (c > ' ' && c < 0x7F) { // printable ASCII, nearly all of a French text: kept as is
                appendSeparator(out, newlines, pendingSpace);
                newlines = 0;
                pendingSpace = false;
                out.append(c);
                i++;
                continue;
            }
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == '\n' || cp == '\r' || cp == 0x2028 || cp == 0x2029 || cp == 0x0B || cp == 0x0C || cp == 0x85) {
                if (cp == '\r' && i < s.length() && s.charAt(i) == '\n') {
                    i++;
                }
                newlines++;
                pendingSpace = false;
                continue;
            }
            if (cp == '\t' || Character.isSpaceChar(cp)) {
                pendingSpace = true;
                continue;
            }
            if (dropped(cp)) {
                continue;
            }
            if (presentationForm(cp)) {
                // The few presentation-block code points NFKC leaves alone: expand the one ligature with
                // letters behind it, keep the brackets as brackets, drop the rest (Qur'anic annotation
                // symbols, the tail fragment, unassigned slots). None survives.
                String replacement = cp == 0xFDFD ? "بسم الله الرحمن الرحيم" : cp == 0xFD3E ? "(" : cp == 0xFD3F ? ")" : "";
                if (replacement.isEmpty()) {
                    continue;
                }
                appendSeparator(out, newlines, pendingSpace);
                newlines = 0;
                pendingSpace = false;
                out.append(replacement);
                continue;
            }
            appendSeparator(out, newlines, pendingSpace);
            newlines = 0;
            pendingSpace = false;
            out.appendCodePoint(cp);
        }
        return out.toString();
    }

    private static void appendSeparator(StringBuilder out, int newlines, boolean pendingSpace) {
        if (out.length() > 0) {
            if (newlines > 0) {
                out.append(newlines > 1 ? "\n\n" : "\n");
            } else if (pendingSpace) {
                out.append(' ');
            }
        }
    }

    private static boolean presentationForm(int cp) {
        return (cp >= 0xFB50 && cp <= 0xFDFF) || (cp >= 0xFE70 && cp <= 0xFEFF);
    }

    private static boolean dropped(int cp) {
        if (cp == 0x0640) {
            return true; // tatweel (kashida): stretches a word, carries no letter
        }
        if (cp == 0x200C) {
            return false; // zero-width non-joiner changes letter shapes in Persian: keep it
        }
        int type = Character.getType(cp);
        // Cf: bidi marks and embeddings, ZWSP, ZWJ, BOM, soft hyphen, Arabic letter mark; Cc: other controls.
        return type == Character.FORMAT || type == Character.CONTROL;
    }
}
