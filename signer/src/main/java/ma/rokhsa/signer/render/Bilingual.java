package ma.rokhsa.signer.render;

import java.util.Objects;

/**
 * A text in French and in Arabic. Either side may be empty when the source exists in one language
 * only (a reason typed by an official); both may not.
 */
public record Bilingual(String fr, String ar) {

    public Bilingual {
        fr = fr == null ? "" : fr.strip();
        ar = ar == null ? "" : ar.strip();
        if (fr.isEmpty() && ar.isEmpty()) {
            throw new IllegalArgumentException("a bilingual text needs a French or an Arabic side");
        }
    }

    public static Bilingual of(String fr, String ar) {
        return new Bilingual(fr, ar);
    }

    /** A text that exists in French only. */
    public static Bilingual fr(String fr) {
        return new Bilingual(Objects.requireNonNull(fr), "");
    }

    /** A text that exists in Arabic only. */
    public static Bilingual ar(String ar) {
        return new Bilingual("", Objects.requireNonNull(ar));
    }
}
