package ma.rokhsa.ingest;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;

/**
 * A worker that completes the handshake and then never answers: a parser stuck in a loop that makes no
 * output, which only killing the process can stop.
 */
final class HangingWorker {

    private HangingWorker() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        DataInputStream in = new DataInputStream(System.in);
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out)));
        ExtractionCodec.readHello(in);
        out.writeInt(ExtractionCodec.READY);
        out.flush();
        in.readInt();
        while (true) {
            Thread.sleep(60_000);
        }
    }
}
