package ma.rokhsa.ingest;

/**
 * Measures how much of a text layer is unreadable. A PDF whose fonts lost their character maps (a
 * truncated file, a broken export) does not fail to parse: it yields glyph codes, which show up as
 * replacement characters, controls, private-use code points, and "words" mixing Arabic and Latin letters
 * that no language writes. Stateless and thread-safe.
 */
final class TextQuality {

    private TextQuality() {
    }

    /** Share (0..1) of non-space characters that are unreadable. */
    static double garbledRatio(String text) {
        long nonSpace = 0;
        long bad = 0;
        int wordStart = -1;
        long wordLen = 0;
        boolean wordArabic = false;
        boolean wordLatin = false;
        for (int i = 0; i <= text.length(); ) {
            int cp = i < text.length() ? text.codePointAt(i) : ' ';
            int next = i + (i < text.length() ? Character.charCount(cp) : 1);
            if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                if (wordStart >= 0 && wordArabic && wordLatin) {
                    bad += wordLen; // a word in two scripts: glyph codes, not a language
                }
                wordStart = -1;
                wordLen = 0;
                wordArabic = false;
                wordLatin = false;
            } else {
                nonSpace++;
                if (wordStart < 0) {
                    wordStart = i;
                }
                wordLen++;
                if (unreadable(cp)) {
                    bad++;
                    wordLen--; // counted once
                } else {
                    byte script = Scripts.letterScript(cp);
                    wordArabic |= script == Scripts.ARABIC;
                    wordLatin |= script == Scripts.LATIN;
                }
            }
            i = next;
        }
        return nonSpace == 0 ? 0 : Math.min(1.0, (double) bad / nonSpace);
    }

    /** Letters in the text, not counting those in garbled words. */
    static long readableLetters(String text) {
        return readableLetters(text, Long.MAX_VALUE);
    }

    /**
     * Letters in the text, not counting those in garbled words, counted until {@code enough} (a validator
     * that needs a few dozen letters does not read a 500-page note to the end). Words are separated by
     * ASCII whitespace.
     */
    static long readableLetters(String text, long enough) {
        long letters = 0;
        long n = 0;
        boolean arabic = false;
        boolean latin = false;
        boolean broken = false;
        for (int i = 0; i <= text.length() && letters < enough; ) {
            int cp = i < text.length() ? text.codePointAt(i) : ' ';
            i += i < text.length() ? Character.charCount(cp) : 1;
            if (cp == ' ' || (cp >= '\t' && cp <= '\r')) {
                if (!broken && !(arabic && latin)) {
                    letters += n;
                }
                n = 0;
                arabic = false;
                latin = false;
                broken = false;
            } else if (unreadable(cp)) {
                broken = true;
            } else if (Character.isLetter(cp)) {
                byte s = Scripts.letterScript(cp);
                arabic |= s == Scripts.ARABIC;
                latin |= s == Scripts.LATIN;
                n++;
            }
        }
        return letters;
    }

    private static boolean unreadable(int cp) {
        int type = Character.getType(cp);
        return cp == 0xFFFD || type == Character.CONTROL || type == Character.PRIVATE_USE
                || type == Character.UNASSIGNED || type == Character.SURROGATE;
    }
}
