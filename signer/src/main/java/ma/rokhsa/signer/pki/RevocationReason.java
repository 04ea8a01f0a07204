package ma.rokhsa.signer.pki;

/** Reasons for revoking a certificate (RFC 5280 CRLReason codes). */
public enum RevocationReason {
    UNSPECIFIED(0), KEY_COMPROMISE(1), AFFILIATION_CHANGED(3), SUPERSEDED(4), CESSATION_OF_OPERATION(5);

    private final int code;

    RevocationReason(int code) {
        this.code = code;
    }

    /** The RFC 5280 reason code. */
    public int code() {
        return code;
    }

    static RevocationReason ofCode(int code) {
        for (RevocationReason r : values()) {
            if (r.code == code) {
                return r;
            }
        }
        return UNSPECIFIED;
    }
}
