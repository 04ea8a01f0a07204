package ma.rokhsa.ingest;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Entry point of a forked extraction process ({@link ExtractorConfig.Isolation#FORKED}); not for direct
 * use. {@link TikaExtractor} starts it as {@code java [options] -cp <class path> ma.rokhsa.ingest.ExtractionWorker},
 * sends its configuration on standard input, then one request at a time; each answer is written to
 * standard output. Anything else printing to standard output is redirected to standard error, which the
 * parent keeps a tail of for its failure reports. The process ends at end of input, and is killed by its
 * parent at the time limit or when it is replaced.
 */
public final class ExtractionWorker {

    private ExtractionWorker() {
    }

    public static void main(String[] args) throws IOException {
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out)));
        System.setOut(System.err); // the protocol owns the real standard output
        DataInputStream in = new DataInputStream(new BufferedInputStream(System.in));
        Object[] hello = ExtractionCodec.readHello(in);
        ExtractionEngine engine = new ExtractionEngine((ExtractorConfig) hello[0],
                (TesseractProbe.OcrSupport) hello[1]);
        out.writeInt(ExtractionCodec.READY);
        out.flush();
        while (true) {
            int tag;
            try {
                tag = in.readInt();
            } catch (EOFException e) {
                return;
            }
            if (tag != ExtractionCodec.EXTRACT) {
                throw new IOException("unknown request " + tag);
            }
            Object[] request = ExtractionCodec.readRequest(in);
            long deadline = System.nanoTime() + (Long) request[3] * 1_000_000L;
            try {
                Extraction result = engine.extract(Path.of((String) request[0]), (String) request[1],
                        (KindRule) request[2], deadline);
                ExtractionCodec.writeExtraction(out, result);
            } catch (IngestException e) {
                ExtractionCodec.writeFailure(out, e.code(), e.getMessage());
            }
            out.flush();
        }
    }
}
