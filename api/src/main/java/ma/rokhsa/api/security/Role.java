package ma.rokhsa.api.security;

/** The roles of the platform, as in the circular: who files, who checks, who advises, who signs. */
public enum Role {
    ARCHITECT, REVIEWER, COMMISSION_MEMBER, SIGNATORY, PROVINCE_CONTACT, ADMIN
}
