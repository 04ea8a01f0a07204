package ma.rokhsa.signer.pades;

import java.io.OutputStream;
import java.util.Arrays;

/**
 * A byte buffer without the per-byte lock of {@link java.io.ByteArrayOutputStream}: PDFBox writes
 * the signature placeholder one hex digit at a time, tens of thousands of calls per signature.
 * Confined to one thread.
 */
final class UnsyncByteArrayOutputStream extends OutputStream {

    private byte[] buf;
    private int count;

    UnsyncByteArrayOutputStream(int capacity) {
        buf = new byte[Math.max(capacity, 256)];
    }

    @Override
    public void write(int b) {
        if (count == buf.length) {
            buf = Arrays.copyOf(buf, buf.length * 2);
        }
        buf[count++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        if (count + len > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, count + len));
        }
        System.arraycopy(b, off, buf, count, len);
        count += len;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, count);
    }
}
