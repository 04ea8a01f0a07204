package ma.rokhsa.api.upload;

import java.text.Normalizer;

/** Makes an uploaded file name safe to store and show: no path, no control or reserved characters, bounded length. */
public final class FileNames {

    private FileNames() {
    }

    public static String sanitize(String raw) {
        if (raw == null) {
            return "document";
        }
        String name = raw;
        int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        if (slash >= 0) {
            name = name.substring(slash + 1);
        }
        name = Normalizer.normalize(name, Normalizer.Form.NFC);
        StringBuilder sb = new StringBuilder(name.length());
        name.codePoints().forEach(cp -> {
            if (Character.isISOControl(cp) || "<>:\"|?*".indexOf(cp) >= 0
                    || Character.getType(cp) == Character.FORMAT && cp != 0x200C && cp != 0x200D) {
                sb.append('_');
            } else {
                sb.appendCodePoint(cp);
            }
        });
        String s = sb.toString().strip();
        while (s.startsWith(".")) {
            s = s.substring(1);
        }
        if (s.isBlank()) {
            return "document";
        }
        if (s.length() > 200) {
            int dot = s.lastIndexOf('.');
            String ext = dot > 0 && s.length() - dot <= 10 ? s.substring(dot) : "";
            s = s.substring(0, 200 - ext.length()) + ext;
        }
        return s;
    }
}
