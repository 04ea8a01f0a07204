package ma.rokhsa.signer.pki;

/**
 * An RFC 3161 timestamp authority: the in-process demo one ({@link TimestampAuthority}) or an
 * external TSA reached over HTTP ({@link TspClient}). Thread-safe; calls may block.
 */
public interface TimestampSource {

    /**
     * A timestamp token over a SHA-256 message imprint: the DER of the token's CMS ContentInfo, as
     * put in a signature-timestamp attribute. The token is already checked against the request.
     */
    byte[] timestampToken(byte[] sha256Imprint);
}
