package ma.rokhsa.signer.pki;

import ma.rokhsa.signer.SignerException;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CertificatePolicies;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.PolicyInformation;
import org.bouncycastle.asn1.x509.PolicyQualifierInfo;
import org.bouncycastle.asn1.x509.UserNotice;
import org.bouncycastle.asn1.x509.DisplayText;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/**
 * The embedded demo PKI: a root CA, an issuing CA, CRLs for both, and an RFC 3161 timestamp
 * authority, all labelled DEMO in their subject names. Generated with BouncyCastle at first start
 * into a directory, reloaded on later starts; CA keys are kept in PKCS#12 files under the store
 * password given by the caller. It issues end-entity signing certificates for named people
 * (nonRepudiation + digitalSignature) and revokes them: every revocation regenerates and persists
 * the issuing CA's CRL at once.
 *
 * <p>Published objects ({@link #published(String)}) are meant to be served over HTTP by the
 * application at {@code {baseUrl}/pki/{name}}: {@code root.crt}, {@code issuing.crt},
 * {@code tsa.crt}, {@code root.crl}, {@code issuing.crl}. Certificates name those URLs in their
 * CRL distribution point and authority-information-access extensions.
 *
 * <p>Thread-safe. Opening (first start: key generation, about a second) and revocation do file I/O
 * and are blocking: use the {@code Mono} variants from reactive code. A CRL is reissued when older
 * than the refresh interval, when a certificate is revoked, or on request.
 */
public final class DemoPki implements CrlSource, CertificateIssuer {

    /** The demo certificate policy (under the ITU-T/ISO "example" arc 2.999: not a real policy). */
    public static final ASN1ObjectIdentifier DEMO_POLICY = new ASN1ObjectIdentifier("2.999.7.1");

    private static final Logger log = LoggerFactory.getLogger(DemoPki.class);
    private static final String ROOT = "root";
    private static final String ISSUING = "issuing";
    private static final String TSA = "tsa";
    private static final Duration CRL_VALIDITY = Duration.ofDays(7);
    /**
     * The CA and TSA certificates are valid from two years before the PKI is generated: a clock moved back
     * (the demo history, filed and signed over the past months; tests that replay past dates) signs with
     * certificates that chain to them at that time. A demo PKI only: it has no legal value anyway.
     */
    private static final Duration BACKDATED = Duration.ofDays(2 * 365);

    private final Path dir;
    private final URI baseUrl;
    private final Clock clock;
    private final Duration crlRefresh;
    private final SecureRandom random = new SecureRandom();
    private final Ca root;
    private final Ca issuing;
    private final TimestampAuthority tsa;
    private final X509Certificate tsaCertificate;
    private final Map<BigInteger, Revocation> revoked = new LinkedHashMap<>();
    private final Properties state = new Properties();

    private record Revocation(BigInteger serial, Instant date, RevocationReason reason) {
    }

    /** A CA: its key, certificate, and latest CRL (volatile: read without the lock). */
    private static final class Ca {
        final String name;
        final PrivateKey key;
        final X509Certificate cert;
        volatile X509CRL crl;

        Ca(String name, PrivateKey key, X509Certificate cert) {
            this.name = name;
            this.key = key;
            this.cert = cert;
        }
    }

    private DemoPki(Path dir, URI baseUrl, Clock clock, Duration crlRefresh, Ca root, Ca issuing,
                    PrivateKey tsaKey, X509Certificate tsaCert) {
        this.dir = dir;
        this.baseUrl = baseUrl;
        this.clock = clock;
        this.crlRefresh = crlRefresh;
        this.root = root;
        this.issuing = issuing;
        this.tsaCertificate = tsaCert;
        this.tsa = new TimestampAuthority(tsaKey, List.of(tsaCert, issuing.cert, root.cert), clock);
    }

    /**
     * Opens the demo PKI stored in {@code dir}, generating it on first start. {@code baseUrl} is the
     * public URL of the application (CRLs and CA certificates are served under {@code /pki/});
     * it is fixed at generation: a different value later is ignored with a warning, since issued
     * certificates already name the first one. Blocking.
     *
     * @param storePassword protects the CA and TSA keys on disk (PKCS#12)
     * @param crlRefresh    a CRL older than this is reissued when asked for (e.g. one hour)
     */
    public static DemoPki openOrCreate(Path dir, URI baseUrl, char[] storePassword, Clock clock, Duration crlRefresh) {
        Objects.requireNonNull(dir);
        Objects.requireNonNull(baseUrl);
        Objects.requireNonNull(storePassword);
        try {
            Files.createDirectories(dir);
            Path stateFile = dir.resolve("state.properties");
            if (Files.exists(stateFile)) {
                return load(dir, baseUrl, storePassword, clock, crlRefresh);
            }
            return generate(dir, baseUrl, storePassword, clock, crlRefresh);
        } catch (IOException | GeneralSecurityException e) {
            throw new SignerException(SignerException.Code.PKI_STORAGE,
                    "The demo PKI in " + dir + " cannot be opened: " + e.getMessage()
                            + " (check the directory's permissions and the store password)", e);
        }
    }

    /** {@link #openOrCreate} with the system clock and a one-hour CRL refresh. */
    public static DemoPki openOrCreate(Path dir, URI baseUrl, char[] storePassword) {
        return openOrCreate(dir, baseUrl, storePassword, Clock.systemUTC(), Duration.ofHours(1));
    }

    /** {@link #openOrCreate(Path, URI, char[])} on the given scheduler. */
    public static Mono<DemoPki> open(Path dir, URI baseUrl, char[] storePassword, Scheduler scheduler) {
        return Mono.fromCallable(() -> openOrCreate(dir, baseUrl, storePassword)).subscribeOn(scheduler);
    }

    // ---------------------------------------------------------------- public API

    public X509Certificate rootCertificate() {
        return root.cert;
    }

    public X509Certificate issuingCertificate() {
        return issuing.cert;
    }

    public X509Certificate tsaCertificate() {
        return tsaCertificate;
    }

    /** The trust anchors a verifier of demo signatures needs: the demo root. */
    public List<X509Certificate> trustAnchors() {
        return List.of(root.cert);
    }

    /** The in-process RFC 3161 timestamp authority. */
    public TimestampAuthority timestampAuthority() {
        return tsa;
    }

    /** The base URL the PKI was generated with (certificates name it). */
    public URI baseUrl() {
        return baseUrl;
    }

    /** The URL under which the application must serve {@link #published(String)}{@code (name)}. */
    public URI publicationUrl(String name) {
        return URI.create(stripSlash(baseUrl.toString()) + "/pki/" + name);
    }

    /**
     * A published object by file name: {@code root.crt}, {@code issuing.crt}, {@code tsa.crt}
     * (DER, {@code application/pkix-cert}), {@code root.crl}, {@code issuing.crl} (DER, current,
     * {@code application/pkix-crl}). Empty for any other name. May block (CRL reissue): from reactive
     * code use {@link #publishedAsync(String, Scheduler)}.
     */
    public Optional<Published> published(String name) {
        try {
            return switch (name) {
                case "root.crt" -> Optional.of(new Published(root.cert.getEncoded(), "application/pkix-cert"));
                case "issuing.crt" -> Optional.of(new Published(issuing.cert.getEncoded(), "application/pkix-cert"));
                case "tsa.crt" -> Optional.of(new Published(tsaCertificate.getEncoded(), "application/pkix-cert"));
                case "root.crl" -> Optional.of(new Published(currentCrl(root).getEncoded(), "application/pkix-crl"));
                case "issuing.crl" -> Optional.of(new Published(currentCrl(issuing).getEncoded(), "application/pkix-crl"));
                default -> Optional.empty();
            };
        } catch (GeneralSecurityException e) {
            throw new SignerException(SignerException.Code.CRYPTO_FAILURE, "cannot encode " + name, e);
        }
    }

    /** {@link #published(String)} on the given scheduler (it may reissue a CRL: a signature and a file write). */
    public Mono<Published> publishedAsync(String name, Scheduler scheduler) {
        return Mono.fromCallable(() -> published(name).orElse(null)).subscribeOn(scheduler);
    }

    /** A published object's bytes and media type. */
    public record Published(byte[] content, String mediaType) {
    }

    /** The issuing CA's current CRL (DER), reissued first if older than the refresh interval. */
    public byte[] issuingCrl() {
        return published("issuing.crl").orElseThrow().content();
    }

    /**
     * Issues a signing certificate for {@code signatory}: 3 years (within the issuing CA's life),
     * keyUsage nonRepudiation + digitalSignature (critical), CRL distribution point and CA issuer URL,
     * subject marked DEMO. Returns the chain end-entity, issuing CA, root. Blocking, thread-safe.
     */
    @Override
    public List<X509Certificate> issueSigningCertificate(Signatory signatory, PublicKey publicKey) {
        try {
            X500NameBuilder nb = new X500NameBuilder(BCStyle.INSTANCE)
                    .addRDN(BCStyle.C, "MA")
                    .addRDN(BCStyle.O, signatory.organisation())
                    .addRDN(BCStyle.OU, "DEMO certificate - no legal value")
                    .addRDN(BCStyle.T, signatory.title())
                    .addRDN(BCStyle.CN, signatory.fullName());
            Instant now = clock.instant();
            Instant notAfter = min(now.plus(3 * 365, ChronoUnit.DAYS), issuing.cert.getNotAfter().toInstant());
            X509v3CertificateBuilder b = builder(issuing.cert, nb.build(), publicKey, now, notAfter);
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.nonRepudiation | KeyUsage.digitalSignature));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(publicKey));
            b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(issuing.cert));
            b.addExtension(Extension.cRLDistributionPoints, false, crlDp(ISSUING));
            b.addExtension(Extension.authorityInfoAccess, false, aia(ISSUING));
            b.addExtension(Extension.certificatePolicies, false, demoPolicy());
            if (signatory.email() != null && !signatory.email().isBlank()) {
                b.addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(new GeneralName(GeneralName.rfc822Name, signatory.email())));
            }
            X509Certificate cert = sign(b, issuing.key);
            log.info("demo PKI issued signing certificate serial={} for {}", cert.getSerialNumber().toString(16), signatory.fullName());
            return List.of(cert, issuing.cert, root.cert);
        } catch (IOException | GeneralSecurityException e) {
            throw new SignerException(SignerException.Code.CRYPTO_FAILURE, "Cannot issue a certificate: " + e.getMessage(), e);
        }
    }

    /**
     * Revokes a certificate issued by the issuing CA (by serial number), then reissues and persists
     * the CRL. Revoking twice keeps the first date. Blocking.
     */
    public void revoke(BigInteger serial, RevocationReason reason) {
        Objects.requireNonNull(serial);
        Objects.requireNonNull(reason);
        synchronized (this) {
            if (!revoked.containsKey(serial)) {
                revoked.put(serial, new Revocation(serial, clock.instant().truncatedTo(ChronoUnit.SECONDS), reason));
                try {
                    saveRevocations();
                    issueCrl(issuing);
                } catch (IOException | GeneralSecurityException e) {
                    throw new SignerException(SignerException.Code.PKI_STORAGE,
                            "The revocation could not be recorded in " + dir + ": " + e.getMessage(), e);
                }
            }
        }
        log.info("demo PKI revoked serial={} reason={}", serial.toString(16), reason);
    }

    /** {@link #revoke} on the given scheduler. */
    public Mono<Void> revokeAsync(BigInteger serial, RevocationReason reason, Scheduler scheduler) {
        return Mono.<Void>fromRunnable(() -> revoke(serial, reason)).subscribeOn(scheduler);
    }

    /** Reissues both CRLs now (e.g. right after a timestamp, for long-term validation data). */
    public void refreshCrls() {
        synchronized (this) {
            try {
                issueCrl(root);
                issueCrl(issuing);
            } catch (IOException | GeneralSecurityException e) {
                throw new SignerException(SignerException.Code.PKI_STORAGE, "CRLs could not be written to " + dir, e);
            }
        }
    }

    @Override
    public List<X509CRL> crlsFor(X509Certificate certificate) {
        if (certificate.getIssuerX500Principal().equals(issuing.cert.getSubjectX500Principal())) {
            return List.of(currentCrl(issuing));
        }
        if (certificate.getIssuerX500Principal().equals(root.cert.getSubjectX500Principal())
                && !certificate.equals(root.cert)) {
            return List.of(currentCrl(root));
        }
        return List.of();
    }

    // ---------------------------------------------------------------- generation and storage

    private static DemoPki generate(Path dir, URI baseUrl, char[] pw, Clock clock, Duration refresh)
            throws IOException, GeneralSecurityException {
        log.info("generating the DEMO PKI in {} (first start)", dir);
        Instant now = clock.instant();
        String base = stripSlash(baseUrl.toString());
        KeyPair rootKeys = rsa(3072);
        X500Name rootName = demoName("Rokhsa DEMO Root CA");
        X509v3CertificateBuilder rb = new JcaX509v3CertificateBuilder(rootName, serial(), Date.from(now.minus(BACKDATED)),
                Date.from(now.plus(20 * 365, ChronoUnit.DAYS)), rootName, rootKeys.getPublic());
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        rb.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        rb.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        rb.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(rootKeys.getPublic()));
        X509Certificate rootCert = signWith(rb, rootKeys.getPrivate());

        KeyPair issKeys = rsa(3072);
        X509v3CertificateBuilder ib = new JcaX509v3CertificateBuilder(rootCert, serial(), Date.from(now.minus(BACKDATED)),
                Date.from(now.plus(10 * 365, ChronoUnit.DAYS)), demoName("Rokhsa DEMO Issuing CA"), issKeys.getPublic());
        ib.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
        ib.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        ib.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(issKeys.getPublic()));
        ib.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(rootCert));
        ib.addExtension(Extension.cRLDistributionPoints, false, crlDp(base, ROOT));
        ib.addExtension(Extension.authorityInfoAccess, false, aia(base, ROOT));
        ib.addExtension(Extension.certificatePolicies, false, demoPolicy());
        X509Certificate issCert = signWith(ib, rootKeys.getPrivate());

        // EC P-256 for the TSA: one more signature per document and one more verification per check;
        // with BouncyCastle (see SignatureProviders) it costs about 0.5 ms to sign and 0.4 ms to verify.
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
        KeyPair tsaKeys = ec.generateKeyPair();
        X509v3CertificateBuilder tb = new JcaX509v3CertificateBuilder(issCert, serial(), Date.from(now.minus(BACKDATED)),
                Date.from(now.plus(5 * 365, ChronoUnit.DAYS)), demoName("Rokhsa DEMO Timestamp Authority"), tsaKeys.getPublic());
        tb.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        tb.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation));
        tb.addExtension(Extension.extendedKeyUsage, true, new ExtendedKeyUsage(KeyPurposeId.id_kp_timeStamping));
        tb.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(tsaKeys.getPublic()));
        tb.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(issCert));
        tb.addExtension(Extension.cRLDistributionPoints, false, crlDp(base, ISSUING));
        tb.addExtension(Extension.authorityInfoAccess, false, aia(base, ISSUING));
        tb.addExtension(Extension.certificatePolicies, false, demoPolicy());
        X509Certificate tsaCert = signWith(tb, issKeys.getPrivate());

        saveP12(dir.resolve("root-ca.p12"), pw, rootKeys.getPrivate(), rootCert);
        saveP12(dir.resolve("issuing-ca.p12"), pw, issKeys.getPrivate(), issCert, rootCert);
        saveP12(dir.resolve("tsa.p12"), pw, tsaKeys.getPrivate(), tsaCert, issCert, rootCert);
        writeAtomically(dir.resolve("README.txt"), ("DEMO PKI of the Rokhsa platform: test keys, NO LEGAL VALUE.\n"
                + "Generated " + now + " for " + base + ". Files: *.p12 (CA/TSA keys under the configured store password),\n"
                + "revoked.csv (serial hex, epoch second, reason code), *.crl (current CRLs), state.properties.\n")
                .getBytes(StandardCharsets.UTF_8));
        DemoPki pki = new DemoPki(dir, URI.create(base), clock, refresh,
                new Ca(ROOT, rootKeys.getPrivate(), rootCert), new Ca(ISSUING, issKeys.getPrivate(), issCert),
                tsaKeys.getPrivate(), tsaCert);
        pki.state.setProperty("baseUrl", base);
        pki.state.setProperty("crlNumber", "0");
        pki.saveRevocations();
        pki.refreshCrls();
        return pki;
    }

    private static DemoPki load(Path dir, URI baseUrl, char[] pw, Clock clock, Duration refresh)
            throws IOException, GeneralSecurityException {
        Properties st = new Properties();
        try (InputStream in = Files.newInputStream(dir.resolve("state.properties"))) {
            st.load(in);
        }
        String stored = st.getProperty("baseUrl");
        if (!stripSlash(baseUrl.toString()).equals(stored)) {
            log.warn("demo PKI in {} was generated for {}; keeping it (configured now: {})", dir, stored, baseUrl);
        }
        KeyStore.PrivateKeyEntry r = loadP12(dir.resolve("root-ca.p12"), pw);
        KeyStore.PrivateKeyEntry i = loadP12(dir.resolve("issuing-ca.p12"), pw);
        KeyStore.PrivateKeyEntry t = loadP12(dir.resolve("tsa.p12"), pw);
        DemoPki pki = new DemoPki(dir, URI.create(stored), clock, refresh,
                new Ca(ROOT, r.getPrivateKey(), (X509Certificate) r.getCertificate()),
                new Ca(ISSUING, i.getPrivateKey(), (X509Certificate) i.getCertificate()),
                t.getPrivateKey(), (X509Certificate) t.getCertificate());
        pki.state.putAll(st);
        Path rev = dir.resolve("revoked.csv");
        if (Files.exists(rev)) {
            for (String line : Files.readAllLines(rev, StandardCharsets.US_ASCII)) {
                String[] f = line.strip().split(",");
                if (f.length == 3) {
                    BigInteger serial = new BigInteger(f[0], 16);
                    pki.revoked.put(serial, new Revocation(serial, Instant.ofEpochSecond(Long.parseLong(f[1])),
                            RevocationReason.ofCode(Integer.parseInt(f[2]))));
                }
            }
        }
        pki.root.crl = readCrl(dir.resolve("root.crl"));
        pki.issuing.crl = readCrl(dir.resolve("issuing.crl"));
        log.info("demo PKI loaded from {} ({} revoked certificates)", dir, pki.revoked.size());
        return pki;
    }

    private X509CRL currentCrl(Ca ca) {
        X509CRL crl = ca.crl;
        Instant now = clock.instant();
        if (crl != null && crl.getThisUpdate().toInstant().plus(crlRefresh).isAfter(now)) {
            return crl;
        }
        synchronized (this) {
            crl = ca.crl;
            if (crl == null || !crl.getThisUpdate().toInstant().plus(crlRefresh).isAfter(now)) {
                try {
                    issueCrl(ca);
                } catch (IOException | GeneralSecurityException e) {
                    throw new SignerException(SignerException.Code.PKI_STORAGE, "The CRL could not be written to " + dir, e);
                }
            }
            return ca.crl;
        }
    }

    /** Called with the lock held. */
    private void issueCrl(Ca ca) throws IOException, GeneralSecurityException {
        Instant now = clock.instant();
        long number = Long.parseLong(state.getProperty("crlNumber", "0")) + 1;
        X509v2CRLBuilder b = new X509v2CRLBuilder(new X509CertificateHolder(ca.cert.getEncoded()).getSubject(), Date.from(now));
        b.setNextUpdate(Date.from(now.plus(CRL_VALIDITY)));
        b.addExtension(Extension.cRLNumber, false, new CRLNumber(BigInteger.valueOf(number)));
        b.addExtension(Extension.authorityKeyIdentifier, false, new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(ca.cert));
        if (ca == issuing) {
            for (Revocation r : revoked.values()) {
                b.addCRLEntry(r.serial(), Date.from(r.date()), r.reason().code());
            }
        }
        X509CRL crl = new JcaX509CRLConverter().getCRL(b.build(signer(ca.key)));
        writeAtomically(dir.resolve(ca.name + ".crl"), crl.getEncoded());
        state.setProperty("crlNumber", Long.toString(number));
        saveState();
        ca.crl = crl;
    }

    private void saveRevocations() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (Revocation r : revoked.values()) {
            sb.append(r.serial().toString(16)).append(',').append(r.date().getEpochSecond()).append(',')
                    .append(r.reason().code()).append('\n');
        }
        writeAtomically(dir.resolve("revoked.csv"), sb.toString().getBytes(StandardCharsets.US_ASCII));
    }

    private void saveState() throws IOException {
        Path tmp = dir.resolve("state.properties.tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            state.store(out, "Rokhsa DEMO PKI state");
        }
        Files.move(tmp, dir.resolve("state.properties"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void writeAtomically(Path file, byte[] content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, content);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static X509CRL readCrl(Path file) throws IOException, GeneralSecurityException {
        if (!Files.exists(file)) {
            return null;
        }
        try (InputStream in = Files.newInputStream(file)) {
            return (X509CRL) java.security.cert.CertificateFactory.getInstance("X.509").generateCRL(in);
        }
    }

    private static void saveP12(Path file, char[] pw, PrivateKey key, X509Certificate... chain)
            throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("key", key, pw, chain);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        ks.store(out, pw);
        writeAtomically(file, out.toByteArray());
    }

    private static KeyStore.PrivateKeyEntry loadP12(Path file, char[] pw) throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            ks.load(in, pw);
        }
        return (KeyStore.PrivateKeyEntry) ks.getEntry("key", new KeyStore.PasswordProtection(pw));
    }

    // ---------------------------------------------------------------- certificate building blocks

    private X509v3CertificateBuilder builder(X509Certificate issuer, X500Name subject, PublicKey key, Instant from, Instant to) {
        return new JcaX509v3CertificateBuilder(issuer, serial(), Date.from(from.minus(1, ChronoUnit.MINUTES)),
                Date.from(to), subject, key);
    }

    private X509Certificate sign(X509v3CertificateBuilder b, PrivateKey key) throws GeneralSecurityException {
        return signWith(b, key);
    }

    private static X509Certificate signWith(X509v3CertificateBuilder b, PrivateKey key) throws GeneralSecurityException {
        return new JcaX509CertificateConverter().getCertificate(b.build(signer(key)));
    }

    private static ContentSigner signer(PrivateKey key) {
        try {
            return new JcaContentSignerBuilder(key.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA").build(key);
        } catch (org.bouncycastle.operator.OperatorCreationException e) {
            throw new SignerException(SignerException.Code.CRYPTO_FAILURE, "no signer for " + key.getAlgorithm(), e);
        }
    }

    private static KeyPair rsa(int bits) throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(bits);
        return g.generateKeyPair();
    }

    private static BigInteger serial() {
        // 159 random bits: positive, at most 20 octets (RFC 5280), unpredictable.
        return new BigInteger(159, new SecureRandom()).setBit(150);
    }

    private static X500Name demoName(String cn) {
        return new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.C, "MA")
                .addRDN(BCStyle.O, "Rokhsa DEMO PKI - no legal value")
                .addRDN(BCStyle.CN, cn)
                .build();
    }

    private CRLDistPoint crlDp(String ca) {
        return crlDp(stripSlash(baseUrl.toString()), ca);
    }

    private AuthorityInformationAccess aia(String ca) {
        return aia(stripSlash(baseUrl.toString()), ca);
    }

    private static CRLDistPoint crlDp(String base, String ca) {
        GeneralName url = new GeneralName(GeneralName.uniformResourceIdentifier, new DERIA5String(base + "/pki/" + ca + ".crl"));
        return new CRLDistPoint(new DistributionPoint[]{
                new DistributionPoint(new DistributionPointName(new GeneralNames(url)), null, null)});
    }

    private static AuthorityInformationAccess aia(String base, String ca) {
        return new AuthorityInformationAccess(new AccessDescription(AccessDescription.id_ad_caIssuers,
                new GeneralName(GeneralName.uniformResourceIdentifier, new DERIA5String(base + "/pki/" + ca + ".crt"))));
    }

    private static CertificatePolicies demoPolicy() {
        PolicyQualifierInfo notice = new PolicyQualifierInfo(org.bouncycastle.asn1.x509.PolicyQualifierId.id_qt_unotice,
                new UserNotice(null, new DisplayText(DisplayText.CONTENT_TYPE_UTF8STRING,
                        "DEMO certificate of the Rokhsa platform: no legal value")));
        return new CertificatePolicies(new PolicyInformation(DEMO_POLICY, new DERSequence(notice)));
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    @Override
    public String toString() {
        return "DemoPki[" + dir + ", " + baseUrl + ", revoked=" + revoked.size() + "]";
    }
}
