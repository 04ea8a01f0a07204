package ma.rokhsa.signer.keys;

/** Key pair types for personal signing keys. RSA-3072 is the default (long-term strength). */
public enum KeyAlgorithm {
    RSA_2048, RSA_3072, EC_P256
}
