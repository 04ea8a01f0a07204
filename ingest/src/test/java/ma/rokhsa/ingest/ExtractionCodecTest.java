package ma.rokhsa.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

/** What a worker process learns reaches its parent whole. */
class ExtractionCodecTest {

    @Test
    void anExtractionCrossesTheWireUnchanged() throws IOException {
        DocumentMetadata m = new DocumentMetadata(2, List.of(PageSize.of(1, 210, 297), PageSize.of(2, 297, 420)),
                "1.7", "Skia/PDF", "Chromium", Instant.parse("2026-03-01T10:15:30Z"), "Demande", true, false, false,
                false, List.of(), List.of(2), List.of());
        for (boolean ocrUnavailable : new boolean[]{true, false}) {
            Extraction e = new Extraction("demande-ar-scan.pdf", 12345, "application/pdf", "application/pdf",
                    Extraction.Status.COMPLETE, null, "طلب رخصة البناء", false, false, 0, ocrUnavailable,
                    List.of("ar", "fr"), 0.01, m, Duration.ofMillis(420));
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ExtractionCodec.writeExtraction(new DataOutputStream(bytes), e);
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
            assertThat(in.readInt()).isEqualTo(ExtractionCodec.RESULT);
            assertThat(ExtractionCodec.readExtraction(in)).isEqualTo(e);
            assertThat(in.available()).isZero();
        }
    }
}
