package ma.rokhsa.signer.pades;

/** PAdES baseline levels (ETSI EN 319 142-1) this module produces. */
public enum PadesLevel {
    /** Basic: CMS signature with signed ESS signing-certificate-v2, signing time in the PDF only. */
    B_B,
    /** B-B plus an RFC 3161 signature timestamp: proves the signature existed at that time. */
    B_T,
    /** B-T plus the certificates and CRLs needed to validate it later, in the document's DSS. */
    B_LT
}
