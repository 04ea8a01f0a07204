package ma.rokhsa.signer.pki;

import ma.rokhsa.signer.SignerException;
import org.bouncycastle.asn1.cmp.PKIStatus;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * RFC 3161 client for an external timestamp authority (production: the trust-service provider's
 * TSA URL). Sends a SHA-256 imprint with a random nonce and {@code certReq}, and accepts the token
 * only if the response is granted and matches the request (imprint, nonce, policy if asked).
 *
 * <p>Thread-safe; {@link #timestampToken(byte[])} blocks on HTTP up to the timeout: call it from a
 * bounded scheduler (the signer does).
 */
public final class TspClient implements TimestampSource {

    private final URI url;
    private final Duration timeout;
    private final Map<String, String> headers;
    private final HttpClient http;
    private final SecureRandom random = new SecureRandom();

    /**
     * @param headers extra request headers (e.g. {@code Authorization} for a TSA that requires it)
     */
    public TspClient(URI url, Duration timeout, Map<String, String> headers) {
        this.url = Objects.requireNonNull(url);
        this.timeout = Objects.requireNonNull(timeout);
        this.headers = Map.copyOf(headers);
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public TspClient(URI url) {
        this(url, Duration.ofSeconds(10), Map.of());
    }

    @Override
    public byte[] timestampToken(byte[] sha256Imprint) {
        TimeStampRequestGenerator gen = new TimeStampRequestGenerator();
        gen.setCertReq(true);
        TimeStampRequest request = gen.generate(TSPAlgorithms.SHA256, sha256Imprint, new BigInteger(64, random));
        try {
            HttpRequest.Builder rb = HttpRequest.newBuilder(url)
                    .timeout(timeout)
                    .header("Content-Type", "application/timestamp-query")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(request.getEncoded()));
            headers.forEach(rb::header);
            HttpResponse<byte[]> resp = http.send(rb.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (resp.statusCode() != 200) {
                throw new SignerException(SignerException.Code.TIMESTAMP_FAILED,
                        "The timestamp authority at " + url + " answered HTTP " + resp.statusCode());
            }
            TimeStampResponse response = new TimeStampResponse(resp.body());
            if (response.getStatus() != PKIStatus.GRANTED && response.getStatus() != PKIStatus.GRANTED_WITH_MODS) {
                throw new SignerException(SignerException.Code.TIMESTAMP_FAILED,
                        "The timestamp authority at " + url + " refused the request: " + response.getStatusString());
            }
            response.validate(request);
            return response.getTimeStampToken().getEncoded();
        } catch (IOException | TSPException e) {
            throw new SignerException(SignerException.Code.TIMESTAMP_FAILED,
                    "No valid timestamp from " + url + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SignerException(SignerException.Code.TIMESTAMP_FAILED, "interrupted while asking " + url, e);
        }
    }

    @Override
    public String toString() {
        return "TspClient[" + url + "]";
    }
}
