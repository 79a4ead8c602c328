package dev.sslkit.core.verify;

/**
 * OpenSSL's certificate verification result codes ({@code X509_V_OK}, {@code X509_V_ERR_*}) and
 * their texts as {@code X509_verify_cert_error_string} prints them (OpenSSL 3.0 spelling).
 * Only the codes sslkit's {@link CoreVerifier} produces are listed.
 */
public final class X509Error {
    /** {@code X509_V_OK} */
    public static final int OK = 0;
    /** {@code X509_V_ERR_UNSPECIFIED}: verification failed without a recorded reason (e.g. a callback said no at a good depth). */
    public static final int UNSPECIFIED = 1;
    /** {@code X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT} */
    public static final int UNABLE_TO_GET_ISSUER_CERT = 2;
    /** {@code X509_V_ERR_CERT_SIGNATURE_FAILURE} */
    public static final int CERT_SIGNATURE_FAILURE = 7;
    /** {@code X509_V_ERR_CERT_NOT_YET_VALID} */
    public static final int CERT_NOT_YET_VALID = 9;
    /** {@code X509_V_ERR_CERT_HAS_EXPIRED} */
    public static final int CERT_HAS_EXPIRED = 10;
    /** {@code X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT} */
    public static final int DEPTH_ZERO_SELF_SIGNED_CERT = 18;
    /** {@code X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN} */
    public static final int SELF_SIGNED_CERT_IN_CHAIN = 19;
    /** {@code X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY} */
    public static final int UNABLE_TO_GET_ISSUER_CERT_LOCALLY = 20;
    /** {@code X509_V_ERR_CERT_CHAIN_TOO_LONG} */
    public static final int CERT_CHAIN_TOO_LONG = 22;
    /** {@code X509_V_ERR_INVALID_CA} */
    public static final int INVALID_CA = 24;
    /** {@code X509_V_ERR_PATH_LENGTH_EXCEEDED} */
    public static final int PATH_LENGTH_EXCEEDED = 25;
    /** {@code X509_V_ERR_INVALID_PURPOSE} */
    public static final int INVALID_PURPOSE = 26;
    /** {@code X509_V_ERR_UNHANDLED_CRITICAL_EXTENSION} */
    public static final int UNHANDLED_CRITICAL_EXTENSION = 34;
    /** {@code X509_V_ERR_PERMITTED_VIOLATION} (name constraints) */
    public static final int PERMITTED_VIOLATION = 47;
    /** {@code X509_V_ERR_HOSTNAME_MISMATCH} */
    public static final int HOSTNAME_MISMATCH = 62;
    /** {@code X509_V_ERR_EMAIL_MISMATCH} */
    public static final int EMAIL_MISMATCH = 63;
    /** {@code X509_V_ERR_IP_ADDRESS_MISMATCH} */
    public static final int IP_ADDRESS_MISMATCH = 64;
    /** {@code X509_V_ERR_DANE_NO_MATCH} */
    public static final int DANE_NO_MATCH = 65;
    /** {@code X509_V_ERR_EE_KEY_TOO_SMALL} */
    public static final int EE_KEY_TOO_SMALL = 66;
    /** {@code X509_V_ERR_CA_KEY_TOO_SMALL} */
    public static final int CA_KEY_TOO_SMALL = 67;
    /** {@code X509_V_ERR_CA_MD_TOO_WEAK} */
    public static final int CA_MD_TOO_WEAK = 68;

    private X509Error() {
    }

    /**
     * {@code X509_verify_cert_error_string}.
     *
     * @param code a verification result code
     * @return its text; {@code "error number <code>"} for codes not listed here
     */
    public static String text(int code) {
        switch (code) {
            case OK: return "ok";
            case UNSPECIFIED: return "unspecified certificate verification error";
            case UNABLE_TO_GET_ISSUER_CERT: return "unable to get issuer certificate";
            case CERT_SIGNATURE_FAILURE: return "certificate signature failure";
            case CERT_NOT_YET_VALID: return "certificate is not yet valid";
            case CERT_HAS_EXPIRED: return "certificate has expired";
            case DEPTH_ZERO_SELF_SIGNED_CERT: return "self-signed certificate";
            case SELF_SIGNED_CERT_IN_CHAIN: return "self-signed certificate in certificate chain";
            case UNABLE_TO_GET_ISSUER_CERT_LOCALLY: return "unable to get local issuer certificate";
            case CERT_CHAIN_TOO_LONG: return "certificate chain too long";
            case INVALID_CA: return "invalid CA certificate";
            case PATH_LENGTH_EXCEEDED: return "path length constraint exceeded";
            case INVALID_PURPOSE: return "unsupported certificate purpose";
            case UNHANDLED_CRITICAL_EXTENSION: return "unhandled critical extension";
            case PERMITTED_VIOLATION: return "permitted subtree violation";
            case HOSTNAME_MISMATCH: return "hostname mismatch";
            case EMAIL_MISMATCH: return "email address mismatch";
            case IP_ADDRESS_MISMATCH: return "IP address mismatch";
            case DANE_NO_MATCH: return "no matching DANE TLSA records";
            case EE_KEY_TOO_SMALL: return "EE certificate key too weak";
            case CA_KEY_TOO_SMALL: return "CA certificate key too weak";
            case CA_MD_TOO_WEAK: return "CA signature digest algorithm too weak";
            default: return "error number " + code;
        }
    }
}
