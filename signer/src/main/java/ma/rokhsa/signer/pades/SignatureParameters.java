package ma.rokhsa.signer.pades;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What to sign with and how: the level, the signer's certificate chain (signing certificate first;
 * usually taken from the {@link SignatureToken}), and the PDF signature dictionary's informative
 * entries. Immutable; build with {@link #builder(PadesLevel, List)}.
 *
 * @param signingTime the claimed signing time written in the PDF ({@code /M}); null means "now".
 *                    The trusted time of a B-T signature is its timestamp, not this.
 * @param reservedBytes space reserved for the CMS container; 0 means "estimate from the chain".
 */
public record SignatureParameters(PadesLevel level, List<X509Certificate> certificateChain, String signerName,
                                  String reason, String location, String contactInfo, Instant signingTime,
                                  int reservedBytes) {

    public SignatureParameters {
        Objects.requireNonNull(level, "level");
        certificateChain = List.copyOf(certificateChain);
        if (certificateChain.isEmpty()) {
            throw new IllegalArgumentException("the signing certificate is required");
        }
        if (reservedBytes < 0 || reservedBytes > 1 << 20) {
            throw new IllegalArgumentException("reservedBytes out of range");
        }
    }

    public static Builder builder(PadesLevel level, List<X509Certificate> certificateChain) {
        return new Builder(level, certificateChain);
    }

    /** The signing certificate. */
    public X509Certificate signingCertificate() {
        return certificateChain.get(0);
    }

    /** Builder for {@link SignatureParameters}. */
    public static final class Builder {
        private final PadesLevel level;
        private final List<X509Certificate> chain;
        private String signerName;
        private String reason;
        private String location;
        private String contactInfo;
        private Instant signingTime;
        private int reservedBytes;

        private Builder(PadesLevel level, List<X509Certificate> chain) {
            this.level = level;
            this.chain = chain;
        }

        public Builder signerName(String v) {
            this.signerName = v;
            return this;
        }

        public Builder reason(String v) {
            this.reason = v;
            return this;
        }

        public Builder location(String v) {
            this.location = v;
            return this;
        }

        public Builder contactInfo(String v) {
            this.contactInfo = v;
            return this;
        }

        public Builder signingTime(Instant v) {
            this.signingTime = v;
            return this;
        }

        public Builder reservedBytes(int v) {
            this.reservedBytes = v;
            return this;
        }

        public SignatureParameters build() {
            return new SignatureParameters(level, chain, signerName, reason, location, contactInfo, signingTime, reservedBytes);
        }
    }
}
