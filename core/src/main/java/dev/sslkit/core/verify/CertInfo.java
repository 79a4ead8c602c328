package dev.sslkit.core.verify;

import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What verification reads from one certificate, decoded by sslkit itself from the DER of the
 * TBSCertificate, strictly, as OpenSSL's {@code ossl_x509v3_cache_extensions} does: basicConstraints,
 * keyUsage, extendedKeyUsage, nsCertType, subject and authority key identifiers, subjectAltName,
 * nameConstraints, crlDistributionPoints, the subject name and the SubjectPublicKeyInfo.
 *
 * <p><b>Fail closed</b>: an extension of that set that does not decode, a duplicate extension, a
 * pathLenConstraint on a non-CA or a negative one, or a TBSCertificate that does not parse marks the
 * certificate {@link #invalid}. OpenSSL 3.0 then never links it to an issuer or uses it as one (its
 * verification ends with {@code UNABLE_TO_GET_ISSUER_CERT_LOCALLY} at that depth, even for a trusted one); sslkit does the same,
 * and reports {@code INVALID_EXTENSION} (41) where no chain is built (a DANE-EE match). Nothing here
 * falls back to the JDK's lenient accessors (which return {@code null} for an extension they cannot
 * decode).
 *
 * <p>Immutable after construction; thread-safe.
 */
final class CertInfo {

    static final String OID_BC = "2.5.29.19";
    static final String OID_KU = "2.5.29.15";
    static final String OID_EKU = "2.5.29.37";
    static final String OID_SAN = "2.5.29.17";
    static final String OID_NC = "2.5.29.30";
    static final String OID_SKID = "2.5.29.14";
    static final String OID_AKID = "2.5.29.35";
    static final String OID_CRLDP = "2.5.29.31";
    static final String OID_NS_CERT_TYPE = "2.16.840.1.113730.1.1";
    static final String OID_PROXY_CERT_INFO = "1.3.6.1.5.5.7.1.14";
    static final String OID_EMAIL_ADDRESS = "1.2.840.113549.1.9.1";
    static final String OID_COMMON_NAME = "2.5.4.3";

    /**
     * The critical extensions OpenSSL 3.0 understands ({@code X509_supported_extension} in
     * {@code v3_purp.c}, 3.0.19), less the RFC 3779 resource extensions sslkit does not check
     * (critical ones are refused: stricter than OpenSSL).
     */
    static final Set<String> SUPPORTED_CRITICAL = Set.of(
            OID_NS_CERT_TYPE,        // nsCertType (71)
            OID_KU,                  // keyUsage (83)
            OID_SAN,                 // subjectAltName (85)
            OID_BC,                  // basicConstraints (87)
            "2.5.29.32",             // certificatePolicies (89)
            OID_CRLDP,               // crlDistributionPoints (103)
            OID_EKU,                 // extendedKeyUsage (126)
            "1.3.6.1.5.5.7.48.1.5",  // id-pkix-ocsp-nocheck (369)
            "2.5.29.36",             // policyConstraints (401)
            OID_PROXY_CERT_INFO,     // proxyCertInfo (663): refused by its own check, PROXY_CERTIFICATES_NOT_ALLOWED
            OID_NC,                  // nameConstraints (666)
            "2.5.29.33",             // policyMappings (747)
            "2.5.29.54");            // inhibitAnyPolicy (748)

    // keyUsage bits as OpenSSL numbers them (KU_*): the first byte of the BIT STRING, then bit 8
    static final int KU_DIGITAL_SIGNATURE = 0x80;
    static final int KU_NON_REPUDIATION = 0x40;
    static final int KU_KEY_ENCIPHERMENT = 0x20;
    static final int KU_DATA_ENCIPHERMENT = 0x10;
    static final int KU_KEY_AGREEMENT = 0x08;
    static final int KU_KEY_CERT_SIGN = 0x04;
    static final int KU_CRL_SIGN = 0x02;

    // nsCertType bits (NS_*)
    static final int NS_SSL_CLIENT = 0x80;
    static final int NS_SSL_SERVER = 0x40;
    static final int NS_SSL_CA = 0x04;
    static final int NS_ANY_CA = 0x07;

    /** One GeneralName: its CHOICE tag number and content. */
    static final class GeneralName {
        static final int OTHER = 0;
        static final int EMAIL = 1;
        static final int DNS = 2;
        static final int X400 = 3;
        static final int DIRNAME = 4;
        static final int EDIPARTY = 5;
        static final int URI = 6;
        static final int IP = 7;
        static final int RID = 8;

        final int type;
        /** IA5 text / IP octets / the Name's DER (dirName) / the whole otherName or other content */
        final byte[] value;
        /** the otherName type-id, else {@code null} */
        final String otherNameOid;

        GeneralName(int type, byte[] value, String otherNameOid) {
            this.type = type;
            this.value = value;
            this.otherNameOid = otherNameOid;
        }

        String text() {
            return new String(value, java.nio.charset.StandardCharsets.ISO_8859_1);
        }
    }

    /** One GeneralSubtree of a nameConstraints extension. */
    static final class Subtree {
        final GeneralName base;
        /** whether minimum is absent or 0 and maximum absent (OpenSSL supports nothing else: 49) */
        final boolean minMaxOk;

        Subtree(GeneralName base, boolean minMaxOk) {
            this.base = base;
            this.minMaxOk = minMaxOk;
        }
    }

    /** A decoded nameConstraints extension. */
    static final class NameConstraints {
        final List<Subtree> permitted;
        final List<Subtree> excluded;

        NameConstraints(List<Subtree> permitted, List<Subtree> excluded) {
            this.permitted = permitted;
            this.excluded = excluded;
        }
    }

    /** One attribute of a subject name: type and value (text as UTF-8, or the raw TLV for non-strings). */
    static final class Ava {
        final String oid;
        final int tag;
        final byte[] value;

        Ava(String oid, int tag, byte[] value) {
            this.oid = oid;
            this.tag = tag;
            this.value = value;
        }
    }

    final X509Certificate cert;
    final boolean invalid;
    final String invalidReason;
    final int version;
    final byte[] spki;
    final byte[] subjectDer;
    final byte[] issuerDer;
    final byte[] serial;
    /** RDNs of the subject, each a list of AVAs */
    final List<List<Ava>> subjectRdns;
    final Set<String> criticalOids;
    final Set<String> allOids;
    // basicConstraints
    final boolean hasBc;
    final boolean bcCa;
    /** -1 = no limit */
    final int pathLen;
    // keyUsage: -1 = absent
    final int keyUsage;
    // nsCertType: -1 = absent
    final int nsCertType;
    /** extendedKeyUsage OIDs, or {@code null} if absent */
    final List<String> eku;
    final byte[] skid;
    final byte[] akidKeyId;
    /** authorityCertIssuer directory names of the AKID (DER), possibly empty */
    final List<byte[]> akidIssuers;
    final byte[] akidSerial;
    /** subjectAltName entries, or {@code null} if there is none */
    final List<GeneralName> san;
    final NameConstraints nc;
    final boolean selfIssued;
    /** the key's type by its SubjectPublicKeyInfo algorithm ({@code EC}, {@code RSA}, ...), {@code null} if unknown */
    final String keyType;
    /** the key type the certificate's signature algorithm needs, {@code null} if unknown */
    final String sigKeyType;

    private CertInfo(Builder b) {
        this.cert = b.cert;
        this.invalid = b.invalidReason != null;
        this.invalidReason = b.invalidReason;
        this.version = b.version;
        this.spki = b.spki;
        this.subjectDer = b.subjectDer;
        this.issuerDer = b.issuerDer;
        this.serial = b.serial;
        this.subjectRdns = b.subjectRdns;
        this.criticalOids = Collections.unmodifiableSet(b.critical);
        this.allOids = Collections.unmodifiableSet(b.all);
        this.hasBc = b.hasBc;
        this.bcCa = b.bcCa;
        this.pathLen = b.pathLen;
        this.keyUsage = b.keyUsage;
        this.nsCertType = b.nsCertType;
        this.eku = b.eku;
        this.skid = b.skid;
        this.akidKeyId = b.akidKeyId;
        this.akidIssuers = b.akidIssuers;
        this.akidSerial = b.akidSerial;
        this.san = b.san;
        this.nc = b.nc;
        this.selfIssued = b.subjectDer != null && Arrays.equals(b.subjectDer, b.issuerDer);
        this.keyType = b.keyType;
        this.sigKeyType = b.sigKeyType;
    }

    private static final class Builder {
        X509Certificate cert;
        String invalidReason;
        int version = 1;
        byte[] spki;
        byte[] subjectDer;
        byte[] issuerDer;
        byte[] serial;
        List<List<Ava>> subjectRdns = List.of();
        final Set<String> critical = new HashSet<>();
        final Set<String> all = new HashSet<>();
        boolean hasBc;
        boolean bcCa;
        int pathLen = -1;
        int keyUsage = -1;
        int nsCertType = -1;
        List<String> eku;
        byte[] skid;
        byte[] akidKeyId;
        List<byte[]> akidIssuers = List.of();
        byte[] akidSerial;
        List<GeneralName> san;
        NameConstraints nc;
        String keyType;
        String sigKeyType;
    }

    /**
     * Decodes a certificate; never throws.
     *
     * @param cert a certificate from any {@code CertificateFactory}
     * @return what verification needs, {@link #invalid} if something does not decode
     */
    static CertInfo of(X509Certificate cert) {
        Builder b = new Builder();
        b.cert = cert;
        try {
            parse(cert, b);
        } catch (RuntimeException | CertificateEncodingException e) {
            b.invalidReason = "undecodable certificate: " + e.getMessage();
        }
        return new CertInfo(b);
    }

    private static void parse(X509Certificate cert, Builder b) throws CertificateEncodingException {
        byte[] tbs = cert.getTBSCertificate();
        Der.Tlv t = Der.read(tbs);
        require(t.tag == Der.SEQUENCE && t.end == tbs.length, "TBSCertificate");
        List<Der.Tlv> f = t.children();
        int i = 0;
        if (f.get(i).tag == 0xA0) {
            Der.Tlv v = Der.read(f.get(i).buf, f.get(i).start, f.get(i).end);
            require(v.tag == Der.INTEGER && v.end - v.start == 1, "version");
            b.version = v.buf[v.start] + 1;
            i++;
        }
        Der.Tlv serial = f.get(i++);
        require(serial.tag == Der.INTEGER, "serialNumber");
        b.serial = serial.value();
        Der.Tlv sigAlg = f.get(i++);
        require(sigAlg.tag == Der.SEQUENCE, "signature");
        b.sigKeyType = sigKeyType(Der.oid(sigAlg.children().get(0)));
        Der.Tlv issuer = f.get(i++);
        require(issuer.tag == Der.SEQUENCE, "issuer");
        b.issuerDer = tlvBytes(issuer);
        i++; // validity
        Der.Tlv subject = f.get(i++);
        require(subject.tag == Der.SEQUENCE, "subject");
        b.subjectDer = tlvBytes(subject);
        b.subjectRdns = rdns(subject);
        Der.Tlv spki = f.get(i++);
        require(spki.tag == Der.SEQUENCE, "subjectPublicKeyInfo");
        b.spki = tlvBytes(spki);
        Der.Tlv keyAlg = spki.children().get(0);
        require(keyAlg.tag == Der.SEQUENCE, "AlgorithmIdentifier");
        b.keyType = keyType(Der.oid(keyAlg.children().get(0)));
        for (; i < f.size(); i++) {
            Der.Tlv x = f.get(i);
            if (x.tag == 0xA3) {
                Der.Tlv exts = Der.read(x.buf, x.start, x.end);
                require(exts.tag == Der.SEQUENCE && exts.end == x.end, "extensions");
                for (Der.Tlv ext : exts.children()) {
                    extension(ext, b);
                }
            }
        }
    }

    private static void extension(Der.Tlv ext, Builder b) {
        require(ext.tag == Der.SEQUENCE, "Extension");
        List<Der.Tlv> p = ext.children();
        require(p.size() == 2 || p.size() == 3, "Extension");
        String oid = Der.oid(p.get(0));
        boolean critical = false;
        if (p.size() == 3) {
            require(p.get(1).tag == 0x01 && p.get(1).end - p.get(1).start == 1, "critical");
            critical = p.get(1).buf[p.get(1).start] != 0;
        }
        Der.Tlv octets = p.get(p.size() - 1);
        require(octets.tag == Der.OCTET_STRING, "extnValue");
        if (!b.all.add(oid)) {
            invalid(b, "duplicate extension " + oid);
            return;
        }
        if (critical) {
            b.critical.add(oid);
        }
        try {
            decodeExtension(oid, octets, b);
        } catch (RuntimeException e) {
            invalid(b, "undecodable extension " + oid + ": " + e.getMessage());
        }
    }

    private static void invalid(Builder b, String why) {
        if (b.invalidReason == null) {
            b.invalidReason = why;
        }
    }

    private static Der.Tlv whole(Der.Tlv octets) {
        Der.Tlv v = Der.read(octets.buf, octets.start, octets.end);
        require(v.end == octets.end, "trailing data");
        return v;
    }

    private static void decodeExtension(String oid, Der.Tlv octets, Builder b) {
        switch (oid) {
            case OID_BC: {
                Der.Tlv v = whole(octets);
                require(v.tag == Der.SEQUENCE, "BasicConstraints");
                b.hasBc = true;
                for (Der.Tlv c : v.children()) {
                    if (c.tag == 0x01) {
                        require(c.end - c.start == 1, "cA");
                        b.bcCa = c.buf[c.start] != 0;
                    } else if (c.tag == Der.INTEGER) {
                        require(c.end > c.start && c.end - c.start <= 4, "pathLenConstraint");
                        if ((c.buf[c.start] & 0x80) != 0 || !b.bcCa) {
                            invalid(b, "pathLenConstraint negative or on a non-CA");
                            b.pathLen = 0;
                        } else {
                            int n = 0;
                            for (int k = c.start; k < c.end; k++) {
                                n = (n << 8) | (c.buf[k] & 0xFF);
                            }
                            b.pathLen = n;
                        }
                    } else {
                        throw new IllegalArgumentException("BasicConstraints field");
                    }
                }
                break;
            }
            case OID_KU:
                b.keyUsage = bits(whole(octets));
                break;
            case OID_NS_CERT_TYPE:
                b.nsCertType = bits(whole(octets));
                break;
            case OID_EKU: {
                Der.Tlv v = whole(octets);
                require(v.tag == Der.SEQUENCE, "ExtKeyUsageSyntax");
                List<String> ids = new ArrayList<>();
                for (Der.Tlv c : v.children()) {
                    ids.add(Der.oid(c));
                }
                b.eku = List.copyOf(ids);
                break;
            }
            case OID_SKID: {
                Der.Tlv v = whole(octets);
                require(v.tag == Der.OCTET_STRING, "SubjectKeyIdentifier");
                b.skid = v.value();
                break;
            }
            case OID_AKID: {
                Der.Tlv v = whole(octets);
                require(v.tag == Der.SEQUENCE, "AuthorityKeyIdentifier");
                List<byte[]> issuers = new ArrayList<>();
                for (Der.Tlv c : v.children()) {
                    if (c.tag == 0x80) {
                        b.akidKeyId = c.value();
                    } else if (c.tag == 0xA1) {
                        for (GeneralName g : generalNames(c)) {
                            if (g.type == GeneralName.DIRNAME) {
                                issuers.add(g.value);
                            }
                        }
                    } else if (c.tag == 0x82) {
                        b.akidSerial = c.value();
                    } else {
                        throw new IllegalArgumentException("AuthorityKeyIdentifier field");
                    }
                }
                b.akidIssuers = List.copyOf(issuers);
                break;
            }
            case OID_SAN: {
                Der.Tlv v = whole(octets);
                require(v.tag == Der.SEQUENCE, "GeneralNames");
                b.san = List.copyOf(generalNames(v));
                break;
            }
            case OID_NC: {
                Der.Tlv v = whole(octets);
                require(v.tag == Der.SEQUENCE, "NameConstraints");
                List<Subtree> permitted = null;
                List<Subtree> excluded = null;
                for (Der.Tlv c : v.children()) {
                    if (c.tag == 0xA0 && permitted == null && excluded == null) {
                        permitted = subtrees(c);
                    } else if (c.tag == 0xA1 && excluded == null) {
                        excluded = subtrees(c);
                    } else {
                        throw new IllegalArgumentException("NameConstraints field");
                    }
                }
                b.nc = new NameConstraints(permitted == null ? List.of() : permitted, excluded == null ? List.of() : excluded);
                break;
            }
            case OID_CRLDP: {
                // CRLDistributionPoints ::= SEQUENCE SIZE (1..MAX) OF DistributionPoint (SEQUENCE): structure only
                Der.Tlv v = whole(octets);
                require(v.tag == Der.SEQUENCE, "CRLDistributionPoints");
                for (Der.Tlv dp : v.children()) {
                    require(dp.tag == Der.SEQUENCE, "DistributionPoint");
                    for (Der.Tlv field : dp.children()) {
                        require(field.tag == 0xA0 || field.tag == 0x81 || field.tag == 0xA2, "DistributionPoint field");
                    }
                }
                break;
            }
            default:
                break;
        }
    }

    private static List<Subtree> subtrees(Der.Tlv c) {
        List<Subtree> out = new ArrayList<>();
        for (Der.Tlv st : c.children()) {
            require(st.tag == Der.SEQUENCE, "GeneralSubtree");
            List<Der.Tlv> p = st.children();
            require(!p.isEmpty(), "GeneralSubtree");
            GeneralName base = generalName(p.get(0));
            boolean ok = true;
            for (int k = 1; k < p.size(); k++) {
                Der.Tlv m = p.get(k);
                if (m.tag == 0x80) {
                    for (int q = m.start; q < m.end; q++) {
                        ok &= m.buf[q] == 0;
                    }
                } else if (m.tag == 0x81) {
                    ok = false;
                } else {
                    throw new IllegalArgumentException("GeneralSubtree field");
                }
            }
            out.add(new Subtree(base, ok));
        }
        return List.copyOf(out);
    }

    static List<GeneralName> generalNames(Der.Tlv seq) {
        List<GeneralName> out = new ArrayList<>();
        for (Der.Tlv g : seq.children()) {
            out.add(generalName(g));
        }
        return out;
    }

    private static GeneralName generalName(Der.Tlv g) {
        int tagNo = g.tag & 0x1F;
        boolean constructed = (g.tag & 0x20) != 0;
        require((g.tag & 0xC0) == 0x80, "GeneralName tag");
        switch (tagNo) {
            case GeneralName.OTHER: {
                require(constructed, "otherName");
                List<Der.Tlv> p = g.children();
                require(p.size() == 2 && p.get(1).tag == 0xA0, "otherName");
                return new GeneralName(GeneralName.OTHER, g.value(), Der.oid(p.get(0)));
            }
            case GeneralName.EMAIL:
            case GeneralName.DNS:
            case GeneralName.URI:
            case GeneralName.IP:
                require(!constructed, "GeneralName");
                return new GeneralName(tagNo, g.value(), null);
            case GeneralName.RID:
                require(!constructed && g.end > g.start, "registeredID");
                return new GeneralName(tagNo, g.value(), null);
            case GeneralName.DIRNAME: {
                require(constructed, "directoryName");
                Der.Tlv name = Der.read(g.buf, g.start, g.end);
                require(name.tag == Der.SEQUENCE && name.end == g.end, "directoryName");
                rdns(name); // must decode
                return new GeneralName(tagNo, tlvBytes(name), null);
            }
            case GeneralName.X400:
            case GeneralName.EDIPARTY:
                require(constructed, "GeneralName");
                return new GeneralName(tagNo, g.value(), null);
            default:
                throw new IllegalArgumentException("GeneralName tag " + tagNo);
        }
    }

    /** The RDNs of a Name SEQUENCE. */
    static List<List<Ava>> rdns(Der.Tlv name) {
        List<List<Ava>> out = new ArrayList<>();
        for (Der.Tlv rdn : name.children()) {
            require(rdn.tag == 0x31, "RelativeDistinguishedName");
            List<Ava> set = new ArrayList<>();
            for (Der.Tlv ava : rdn.children()) {
                require(ava.tag == Der.SEQUENCE, "AttributeTypeAndValue");
                List<Der.Tlv> p = ava.children();
                require(p.size() == 2, "AttributeTypeAndValue");
                Der.Tlv val = p.get(1);
                set.add(new Ava(Der.oid(p.get(0)), val.tag, isString(val.tag) ? val.value() : tlvBytes(val)));
            }
            require(!set.isEmpty(), "empty RDN");
            out.add(List.copyOf(set));
        }
        return List.copyOf(out);
    }

    /** @return the subject's RDNs of a DER Name */
    static List<List<Ava>> rdns(byte[] nameDer) {
        Der.Tlv t = Der.read(nameDer);
        require(t.tag == Der.SEQUENCE && t.end == nameDer.length, "Name");
        return rdns(t);
    }

    static boolean isString(int tag) {
        switch (tag) {
            case 0x0C: // UTF8String
            case 0x13: // PrintableString
            case 0x14: // T61String
            case 0x16: // IA5String
            case 0x1A: // VisibleString
            case 0x1C: // UniversalString
            case 0x1E: // BMPString
                return true;
            default:
                return false;
        }
    }

    /** Text of a string attribute value, decoded per its type. */
    static String decodeString(int tag, byte[] v) {
        switch (tag) {
            case 0x1E: return new String(v, java.nio.charset.StandardCharsets.UTF_16BE);
            case 0x1C: return new String(v, java.nio.charset.Charset.forName("UTF-32BE"));
            case 0x14: return new String(v, java.nio.charset.StandardCharsets.ISO_8859_1);
            default: return new String(v, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private static int bits(Der.Tlv v) {
        require(v.tag == 0x03 && v.end > v.start, "BIT STRING");
        int unused = v.buf[v.start] & 0xFF;
        require(unused < 8 && (v.end - v.start > 1 || unused == 0), "BIT STRING");
        int out = 0;
        if (v.end - v.start > 1) {
            out = v.buf[v.start + 1] & 0xFF;
        }
        if (v.end - v.start > 2) {
            out |= (v.buf[v.start + 2] & 0xFF) << 8;
        }
        return out;
    }

    private static byte[] tlvBytes(Der.Tlv t) {
        return t.encoded();
    }

    private static void require(boolean ok, String what) {
        if (!ok) {
            throw new IllegalArgumentException("malformed " + what);
        }
    }

    private static String keyType(String oid) {
        switch (oid) {
            case "1.2.840.10045.2.1": return "EC";
            case "1.2.840.113549.1.1.1": return "RSA";
            case "1.2.840.113549.1.1.10": return "RSA-PSS";
            case "1.3.101.112": return "ED25519";
            case "1.3.101.113": return "ED448";
            case "1.2.840.10040.4.1": return "DSA";
            default: return null;
        }
    }

    private static String sigKeyType(String oid) {
        if (oid.equals("1.2.840.10045.4.1") || oid.startsWith("1.2.840.10045.4.3.")) {
            return "EC";
        }
        if (oid.equals("1.2.840.113549.1.1.10")) {
            return "RSA-PSS";
        }
        if (oid.startsWith("1.2.840.113549.1.1.")) {
            return "RSA";
        }
        switch (oid) {
            case "1.3.101.112": return "ED25519";
            case "1.3.101.113": return "ED448";
            case "1.2.840.10040.4.3":
            case "2.16.840.1.101.3.4.3.1":
            case "2.16.840.1.101.3.4.3.2":
                return "DSA";
            default: return null;
        }
    }

    /** OpenSSL's {@code check_sig_alg_match}: a PSS signature fits an RSA or RSA-PSS key; otherwise the types must be equal. */
    static boolean keyFitsSignature(String keyType, String sigKeyType) {
        if (keyType == null || sigKeyType == null) {
            return false;
        }
        return keyType.equals(sigKeyType) || (sigKeyType.equals("RSA-PSS") && keyType.equals("RSA"));
    }

    /** @return whether a keyUsage is present and lacks every one of {@code bits} (OpenSSL's {@code ku_reject}) */
    boolean kuRejects(int bits) {
        return keyUsage >= 0 && (keyUsage & bits) == 0;
    }

    /** @return whether an nsCertType is present and lacks every one of {@code bits} ({@code ns_reject}) */
    boolean nsRejects(int bits) {
        return nsCertType >= 0 && (nsCertType & bits) == 0;
    }

    /** @return whether an extendedKeyUsage is present without any of {@code oids} ({@code xku_reject}) */
    boolean ekuRejects(String... oids) {
        if (eku == null) {
            return false;
        }
        for (String o : oids) {
            if (eku.contains(o)) {
                return false;
            }
        }
        return true;
    }

    /**
     * OpenSSL's {@code check_ca}: 0 not a CA; 1 basicConstraints CA; 3 a v1 self-signed root; 4
     * keyUsage with keyCertSign but no basicConstraints; 5 an nsCertType CA.
     */
    int caStatus(boolean selfSigned) {
        if (kuRejects(KU_KEY_CERT_SIGN)) {
            return 0;
        }
        if (hasBc) {
            return bcCa ? 1 : 0;
        }
        if (version == 1 && selfSigned) {
            return 3;
        }
        if (keyUsage >= 0) {
            return 4;
        }
        if (nsCertType >= 0 && (nsCertType & NS_ANY_CA) != 0) {
            return 5;
        }
        return 0;
    }
}
