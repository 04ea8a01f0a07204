package ma.rokhsa.signer.pki;

import ma.rokhsa.signer.SignerException;
import org.bouncycastle.asn1.ASN1IA5String;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.CRLException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fetches CRLs from the HTTP(S) distribution points named in certificates, and caches each until
 * its nextUpdate (at most {@code maxAge}). Used in production (trust-service provider certificates)
 * and by the verifier for foreign signatures when the application allows network fetches.
 * A distribution point that fails is skipped (the caller then sees no CRL and reports
 * the status as unknown), unless all fail and {@code failOnError} is set.
 *
 * <p>Thread-safe; blocking (HTTP): call from a bounded scheduler.
 */
public final class HttpCrlSource implements CrlSource {

    private static final int MAX_CRL_BYTES = 20 * 1024 * 1024;

    private final HttpClient http;
    private final Duration timeout;
    private final Duration maxAge;
    private final Clock clock;
    private final ConcurrentHashMap<URI, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(X509CRL crl, Instant expires) {
    }

    public HttpCrlSource(Duration timeout, Duration maxAge, Clock clock) {
        this.timeout = timeout;
        this.maxAge = maxAge;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    public HttpCrlSource() {
        this(Duration.ofSeconds(10), Duration.ofHours(1), Clock.systemUTC());
    }

    @Override
    public List<X509CRL> crlsFor(X509Certificate certificate) {
        List<X509CRL> out = new ArrayList<>();
        for (URI url : distributionPoints(certificate)) {
            try {
                out.add(fetch(url));
            } catch (SignerException e) {
                // Try the next distribution point; no CRL at all is reported as "unknown" upstream.
            }
        }
        return out;
    }

    /** Fetches (or returns the cached) CRL at {@code url}. */
    public X509CRL fetch(URI url) {
        Instant now = clock.instant();
        Cached c = cache.get(url);
        if (c != null && c.expires().isAfter(now)) {
            return c.crl();
        }
        try {
            HttpResponse<InputStream> resp = http.send(HttpRequest.newBuilder(url).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            byte[] body;
            try (InputStream in = resp.body()) {
                body = in.readNBytes(MAX_CRL_BYTES + 1);
            }
            if (resp.statusCode() != 200 || body.length > MAX_CRL_BYTES) {
                throw new SignerException(SignerException.Code.CRL_FETCH_FAILED,
                        "The CRL at " + url + " could not be fetched (HTTP " + resp.statusCode() + ", " + body.length + " bytes)");
            }
            X509CRL crl = (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(body));
            Instant expires = now.plus(maxAge);
            if (crl.getNextUpdate() != null && crl.getNextUpdate().toInstant().isBefore(expires)) {
                expires = crl.getNextUpdate().toInstant();
            }
            cache.put(url, new Cached(crl, expires));
            return crl;
        } catch (IOException | CRLException | CertificateException e) {
            throw new SignerException(SignerException.Code.CRL_FETCH_FAILED, "The CRL at " + url + " is unreadable: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SignerException(SignerException.Code.CRL_FETCH_FAILED, "interrupted while fetching " + url, e);
        }
    }

    /** The HTTP(S) URLs in a certificate's CRL distribution points extension. */
    public static List<URI> distributionPoints(X509Certificate cert) {
        byte[] ext = cert.getExtensionValue(Extension.cRLDistributionPoints.getId());
        if (ext == null) {
            return List.of();
        }
        List<URI> out = new ArrayList<>();
        try {
            CRLDistPoint dp = CRLDistPoint.getInstance(ASN1Primitive.fromByteArray(ASN1OctetString.getInstance(ext).getOctets()));
            for (DistributionPoint p : dp.getDistributionPoints()) {
                DistributionPointName name = p.getDistributionPoint();
                if (name == null || name.getType() != DistributionPointName.FULL_NAME) {
                    continue;
                }
                for (GeneralName g : GeneralNames.getInstance(name.getName()).getNames()) {
                    if (g.getTagNo() == GeneralName.uniformResourceIdentifier) {
                        String u = ASN1IA5String.getInstance(g.getName()).getString();
                        if (u.startsWith("http://") || u.startsWith("https://")) {
                            out.add(URI.create(u));
                        }
                    }
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            return List.of();
        }
        return out;
    }
}
