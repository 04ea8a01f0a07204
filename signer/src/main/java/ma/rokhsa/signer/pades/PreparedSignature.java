package ma.rokhsa.signer.pades;

import java.util.Objects;

/**
 * Step one of the three-step contract: the PDF with its new signature field and a zero-filled
 * {@code /Contents} placeholder (an incremental update of the input), the byte range that the
 * signature covers, and the {@link DataToSign} for the token. Immutable; may be kept between
 * requests (e.g. while a remote signer works): {@code apply} re-checks that it is consistent.
 */
public record PreparedSignature(byte[] preparedPdf, long[] byteRange, DataToSign dataToSign,
                                SignatureParameters parameters) {

    public PreparedSignature {
        preparedPdf = preparedPdf.clone();
        byteRange = byteRange.clone();
        Objects.requireNonNull(dataToSign);
        Objects.requireNonNull(parameters);
        if (byteRange.length != 4) {
            throw new IllegalArgumentException("a byte range has 4 numbers");
        }
    }

    @Override
    public byte[] preparedPdf() {
        return preparedPdf.clone();
    }

    @Override
    public long[] byteRange() {
        return byteRange.clone();
    }

    byte[] pdfNoCopy() {
        return preparedPdf;
    }
}
