package ma.rokhsa.ingest;

import java.io.IOException;
import java.io.InputStream;

import org.apache.tika.detect.Detector;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.mime.MediaType;

/**
 * Returns the type the engine already detected (set in the metadata) instead of detecting it a second
 * time inside the parse; detects as Tika does when none is set (embedded content, OCR images, baseline).
 */
final class PresetTypeDetector implements Detector {

    static final String KEY = "X-Rokhsa-Detected-Type";
    private static final long serialVersionUID = 1L;

    private final Detector delegate;

    PresetTypeDetector(Detector delegate) {
        this.delegate = delegate;
    }

    @Override
    public MediaType detect(InputStream input, Metadata metadata) throws IOException {
        String preset = metadata.get(KEY);
        MediaType type = preset == null ? null : MediaType.parse(preset);
        return type != null ? type : delegate.detect(input, metadata);
    }
}
