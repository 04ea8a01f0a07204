package ma.rokhsa.ingest;

/**
 * The script of a letter, for the text measures that ask it of every character of a document (a 60-page
 * note is 200,000 of them). {@link Character.UnicodeScript#of} is a binary search over some 2,000 ranges;
 * here the Basic Multilingual Plane is looked up in a table built once (64 KB), and only the rare letters
 * beyond it are searched.
 */
final class Scripts {

    static final byte OTHER = 0;
    static final byte LATIN = 1;
    static final byte ARABIC = 2;
    static final byte TIFINAGH = 3;

    private static final byte[] BMP = new byte[0x10000];

    static {
        for (int cp = 0; cp < BMP.length; cp++) {
            BMP[cp] = Character.isLetter(cp) ? of(Character.UnicodeScript.of(cp)) : OTHER;
        }
    }

    private Scripts() {
    }

    /** {@link #LATIN}, {@link #ARABIC} or {@link #TIFINAGH} for a letter of that script; {@link #OTHER} for anything else. */
    static byte letterScript(int cp) {
        if (cp >= 0 && cp < BMP.length) {
            return BMP[cp];
        }
        return Character.isLetter(cp) ? of(Character.UnicodeScript.of(cp)) : OTHER;
    }

    private static byte of(Character.UnicodeScript script) {
        return switch (script) {
            case LATIN -> LATIN;
            case ARABIC -> ARABIC;
            case TIFINAGH -> TIFINAGH;
            default -> OTHER;
        };
    }
}
