package ma.rokhsa.signer.dss;

import eu.europa.esig.dss.cms.CMS;
import eu.europa.esig.dss.cms.object.CMSObjectUtils;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1InputStream;
import org.bouncycastle.asn1.ASN1Primitive;

import java.io.IOException;

/**
 * Test-only adapter for EU DSS 6.4 running on BouncyCastle 1.87 (the project's pinned version):
 * BC 1.87 rejects bytes after the CMS object ("Extra data detected in stream"), while a PDF
 * signature's {@code /Contents} is, by design, the CMS followed by zero padding. DSS built against
 * BC 1.83 tolerated it. This parses only the first DER object and hands it to DSS unchanged; all
 * validation logic stays DSS's own. Registered through META-INF/services, ahead of the jar's.
 */
public class PaddingTolerantCmsUtils extends CMSObjectUtils {

    @Override
    public CMS parseToCMS(byte[] binaries) {
        return super.parseToCMS(firstObject(binaries));
    }

    private static byte[] firstObject(byte[] bytes) {
        try (ASN1InputStream in = new ASN1InputStream(bytes)) {
            ASN1Primitive p = in.readObject();
            if (p == null) {
                return bytes;
            }
            byte[] der = p.getEncoded(ASN1Encoding.DER);
            // Only strip when the rest is zero padding: anything else is DSS's business.
            for (int i = der.length; i < bytes.length; i++) {
                if (bytes[i] != 0) {
                    return bytes;
                }
            }
            return java.util.Arrays.copyOf(bytes, p.getEncoded().length);
        } catch (IOException | RuntimeException e) {
            return bytes;
        }
    }
}
