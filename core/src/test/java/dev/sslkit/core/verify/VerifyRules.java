package dev.sslkit.core.verify;

import static dev.sslkit.core.verify.TestCerts.NOW;
import static dev.sslkit.core.verify.TestCerts.spec;

import dev.sslkit.VerifyMode;
import dev.sslkit.VerifyParams;
import dev.sslkit.core.verify.TestCerts.Issued;
import dev.sslkit.core.verify.TestCerts.Spec;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralSubtree;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;

/**
 * The table of verification rules of issue 10, each a chain generated here (bcpkix), the trust
 * anchors, the purpose, and the X509 error sslkit must report (0 = accepted) at which depth. Run by
 * {@link VerifyRulesTest} against {@link CoreVerifier} and by {@link VerifyRulesOpenSslIT} against
 * {@code openssl verify} 3.0 on the same PEM files. {@link Rule#stricter} marks the rules where sslkit
 * refuses what OpenSSL 3.0 accepts, on purpose (the README lists them).
 */
final class VerifyRules {

    /** One rule: a named case. */
    static final class Rule {
        final String name;
        final X509Certificate[] chain;
        final List<X509Certificate> anchors;
        String purpose = "sslserver";
        String host;
        int code;
        int depth;
        boolean stricter;

        Rule(String name, X509Certificate[] chain, List<X509Certificate> anchors) {
            this.name = name;
            this.chain = chain;
            this.anchors = anchors;
        }

        Rule purpose(String p) { purpose = p; return this; }
        Rule host(String h) { host = h; return this; }
        Rule ok() { code = 0; depth = 0; return this; }
        Rule fails(int c, int d) { code = c; depth = d; return this; }
        /** sslkit refuses (code, depth) where OpenSSL 3.0 accepts */
        Rule stricter(int c, int d) { code = c; depth = d; stricter = true; return this; }

        CoreVerifier verifier() {
            VerifyParams p = new VerifyParams(host == null ? List.of() : List.of(host), null, null, null, purpose, false, false);
            return new CoreVerifier(() -> anchors, purpose.equals("sslserver"), EnumSet.of(VerifyMode.PEER), null, 100, p, null,
                    1 << 22, 1, null, null, null, null);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private VerifyRules() {
    }

    static X509Certificate[] chain(Issued... certs) {
        return TestCerts.chain(certs);
    }

    static List<X509Certificate> anchors(Issued... certs) {
        return Arrays.asList(TestCerts.chain(certs));
    }

    static GeneralSubtree dns(String n) {
        return new GeneralSubtree(new GeneralName(GeneralName.dNSName, n));
    }

    static GeneralSubtree ip(String n) {
        return new GeneralSubtree(new GeneralName(GeneralName.iPAddress, n));
    }

    static GeneralSubtree ipRaw(int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) bytes[i];
        }
        return new GeneralSubtree(new GeneralName(GeneralName.iPAddress, new DEROctetString(b)));
    }

    static GeneralSubtree email(String n) {
        return new GeneralSubtree(new GeneralName(GeneralName.rfc822Name, n));
    }

    static GeneralSubtree uri(String n) {
        return new GeneralSubtree(new GeneralName(GeneralName.uniformResourceIdentifier, n));
    }

    static GeneralSubtree dir(X500Name n) {
        return new GeneralSubtree(new GeneralName(n));
    }

    static GeneralName upn(String value) {
        return new GeneralName(GeneralName.otherName, new DERSequence(new ASN1Encodable[] {
                new ASN1ObjectIdentifier("1.3.6.1.4.1.311.20.2.3"), new DERTaggedObject(true, 0, new DERUTF8String(value))}));
    }

    static GeneralSubtree[] of(GeneralSubtree... s) {
        return s;
    }

    static byte[] der(ASN1Encodable e) {
        try {
            return e.toASN1Primitive().getEncoded();
        } catch (java.io.IOException x) {
            throw new IllegalStateException(x);
        }
    }

    /** A root whose nameConstraints are given. */
    static Issued constrainedRoot(String cn, GeneralSubtree[] permitted, GeneralSubtree[] excluded) {
        return spec("CN=" + cn + ",O=sslkit rules").ca().nameConstraints(permitted, excluded).build();
    }

    /** A server leaf under {@code issuer}: serverAuth and clientAuth, digitalSignature. */
    static Spec leaf(String dn, Issued issuer) {
        return spec(dn).issuer(issuer).eku(KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth)
                .keyUsage(KeyUsage.digitalSignature);
    }

    static X509Certificate reparseWithBouncyCastle(X509Certificate c) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509", new BouncyCastleProvider())
                    .generateCertificate(new ByteArrayInputStream(c.getEncoded()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Rule> cached;

    /** @return every rule, built once per JVM */
    static synchronized List<Rule> all() {
        if (cached == null) {
            cached = List.copyOf(build());
        }
        return cached;
    }

    private static List<Rule> build() {
        List<Rule> r = new ArrayList<>();
        Issued root = spec("CN=Rules Root,O=sslkit rules").ca().build();
        Issued inter = spec("CN=Rules Intermediate,O=sslkit rules").issuer(root).ca().build();
        Issued good = leaf("CN=www.example.com", inter).dns("www.example.com").build();
        r.add(new Rule("baseline_good_chain", chain(good, inter), anchors(root)).ok());

        // ---- item 1: name constraints of every CA, the trust anchor included ----
        Issued dnsRoot = constrainedRoot("Permits example.com", of(dns("example.com")), null);
        r.add(new Rule("nc_anchor_dns_permitted_ok", chain(leaf("CN=a", dnsRoot).dns("www.example.com").build()), anchors(dnsRoot)).ok());
        r.add(new Rule("nc_anchor_dns_permitted_violation", chain(leaf("CN=a", dnsRoot).dns("not-example.com").build()), anchors(dnsRoot))
                .fails(X509Error.PERMITTED_VIOLATION, 0));
        Issued plainInter = spec("CN=Plain Intermediate").issuer(dnsRoot).ca().build();
        r.add(new Rule("nc_anchor_dns_permitted_violation_below_intermediate",
                chain(leaf("CN=a", plainInter).dns("www.example.org").build(), plainInter), anchors(dnsRoot))
                .fails(X509Error.PERMITTED_VIOLATION, 0));
        Issued exclRoot = constrainedRoot("Excludes evil.example.com", null, of(dns("evil.example.com")));
        r.add(new Rule("nc_anchor_dns_excluded_violation", chain(leaf("CN=a", exclRoot).dns("evil.example.com").build()), anchors(exclRoot))
                .fails(X509Error.EXCLUDED_VIOLATION, 0));
        r.add(new Rule("nc_anchor_dns_excluded_subdomain", chain(leaf("CN=a", exclRoot).dns("a.evil.example.com").build()), anchors(exclRoot))
                .fails(X509Error.EXCLUDED_VIOLATION, 0));
        Issued bothRoot = constrainedRoot("Permits example.com but evil", of(dns("example.com")), of(dns("evil.example.com")));
        r.add(new Rule("nc_anchor_dns_permitted_and_excluded_ok", chain(leaf("CN=a", bothRoot).dns("www.example.com").build()), anchors(bothRoot)).ok());
        r.add(new Rule("nc_anchor_dns_permitted_and_excluded_violation", chain(leaf("CN=a", bothRoot).dns("x.evil.example.com").build()),
                anchors(bothRoot)).fails(X509Error.EXCLUDED_VIOLATION, 0));
        Issued ipExcl = constrainedRoot("Excludes 10/8", null, of(ip("10.0.0.0/8")));
        r.add(new Rule("nc_anchor_ipv4_excluded_violation", chain(leaf("CN=a", ipExcl).ip("10.1.2.3").build()), anchors(ipExcl))
                .fails(X509Error.EXCLUDED_VIOLATION, 0));
        r.add(new Rule("nc_anchor_ipv4_excluded_other_address_ok", chain(leaf("CN=a", ipExcl).ip("192.0.2.1").build()), anchors(ipExcl)).ok());
        Issued ipPerm = constrainedRoot("Permits 192.168/16", of(ip("192.168.0.0/16")), null);
        r.add(new Rule("nc_anchor_ipv4_permitted_violation", chain(leaf("CN=a", ipPerm).ip("10.1.2.3").build()), anchors(ipPerm))
                .fails(X509Error.PERMITTED_VIOLATION, 0));
        Issued ip6Perm = constrainedRoot("Permits 2001:db8::/32", of(ip("2001:db8::/32")), null);
        r.add(new Rule("nc_anchor_ipv6_permitted_ok", chain(leaf("CN=a", ip6Perm).ip("2001:db8::1").build()), anchors(ip6Perm)).ok());
        r.add(new Rule("nc_anchor_ipv6_permitted_violation", chain(leaf("CN=a", ip6Perm).ip("2001:db9::1").build()), anchors(ip6Perm))
                .fails(X509Error.PERMITTED_VIOLATION, 0));
        r.add(new Rule("nc_anchor_ipv4_name_under_ipv6_only_constraint", chain(leaf("CN=a", ip6Perm).ip("192.0.2.1").build()), anchors(ip6Perm))
                .fails(X509Error.PERMITTED_VIOLATION, 0));
        Issued ip6Excl = constrainedRoot("Excludes fd00::/8", null, of(ip("fd00::/8")));
        r.add(new Rule("nc_anchor_ipv6_excluded_violation", chain(leaf("CN=a", ip6Excl).ip("fd12::1").build()), anchors(ip6Excl))
                .fails(X509Error.EXCLUDED_VIOLATION, 0));
        Issued mailRoot = constrainedRoot("Permits mail at example.com", of(email("example.com")), null);
        r.add(new Rule("nc_anchor_email_permitted_ok", chain(leaf("CN=a", mailRoot).email("alice@example.com").build()), anchors(mailRoot)).ok());
        r.add(new Rule("nc_anchor_email_permitted_violation", chain(leaf("CN=a", mailRoot).email("alice@example.org").build()), anchors(mailRoot))
                .fails(X509Error.PERMITTED_VIOLATION, 0));
        r.add(new Rule("nc_anchor_email_in_subject_dn", chain(leaf("CN=a,E=mallory@example.org", mailRoot).build()), anchors(mailRoot))
                .fails(X509Error.PERMITTED_VIOLATION, 0));
        Issued mailExcl = constrainedRoot("Excludes .evil.example", null, of(email(".evil.example")));
        r.add(new Rule("nc_anchor_email_excluded_violation", chain(leaf("CN=a", mailExcl).email("bob@mx.evil.example").build()), anchors(mailExcl))
                .fails(X509Error.EXCLUDED_VIOLATION, 0));
        X500Name leafDn = new X500Name("O=sslkit rules,OU=inside,CN=leaf");
        Issued dirRoot = constrainedRoot("Permits O sslkit rules", of(dir(new X500Name(new RDN[] {leafDn.getRDNs()[0]}))), null);
        r.add(new Rule("nc_anchor_dirname_permitted_ok", chain(leaf(leafDn.toString(), dirRoot).build()), anchors(dirRoot)).ok());
        r.add(new Rule("nc_anchor_dirname_permitted_violation", chain(leaf("O=elsewhere,CN=leaf", dirRoot).build()), anchors(dirRoot))
                .fails(X509Error.PERMITTED_VIOLATION, 0));
        Issued dirExcl = constrainedRoot("Excludes OU inside", null,
                of(dir(new X500Name(new RDN[] {leafDn.getRDNs()[0], leafDn.getRDNs()[1]}))));
        r.add(new Rule("nc_anchor_dirname_excluded_violation", chain(leaf(leafDn.toString(), dirExcl).build()), anchors(dirExcl))
                .fails(X509Error.EXCLUDED_VIOLATION, 0));
        r.add(new Rule("nc_anchor_dirname_san_excluded_violation",
                chain(leaf("CN=a", dirExcl).san(new GeneralName(leafDn)).build()), anchors(dirExcl))
                .fails(X509Error.EXCLUDED_VIOLATION, 0));
        Issued outsideInter = spec("O=elsewhere,CN=Outside Intermediate").issuer(dirRoot).ca().build();
        r.add(new Rule("nc_anchor_dirname_applies_to_the_intermediate", chain(leaf(leafDn.toString(), outsideInter).build(), outsideInter),
                anchors(dirRoot)).fails(X509Error.PERMITTED_VIOLATION, 1));
        Issued mailLocal = constrainedRoot("Permits one mailbox", of(email("alice@example.com")), null);
        r.add(new Rule("nc_anchor_email_mailbox_local_part_is_exact", chain(leaf("CN=a", mailLocal).email("Alice@example.com").build()),
                anchors(mailLocal)).fails(X509Error.PERMITTED_VIOLATION, 0));
        Issued uriRoot = constrainedRoot("Permits URIs at .example.com", of(uri(".example.com")), null);
        r.add(new Rule("nc_anchor_uri_permitted_ok", chain(leaf("CN=a", uriRoot).uri("https://www.example.com/x").build()), anchors(uriRoot)).ok());
        r.add(new Rule("nc_anchor_uri_permitted_violation", chain(leaf("CN=a", uriRoot).uri("https://evil.test/x").build()), anchors(uriRoot))
                .fails(X509Error.PERMITTED_VIOLATION, 0));
        r.add(new Rule("nc_anchor_uri_name_without_host", chain(leaf("CN=a", uriRoot).uri("urn:example:a").build()), anchors(uriRoot))
                .fails(X509Error.UNSUPPORTED_NAME_SYNTAX, 0));
        r.add(new Rule("nc_uri_with_userinfo_cannot_be_judged", chain(leaf("CN=a", uriRoot).uri("https://x@www.example.com/").build()),
                anchors(uriRoot)).stricter(X509Error.UNSUPPORTED_NAME_SYNTAX, 0));
        Issued ncInter = spec("CN=Constrained Intermediate").issuer(root).ca().nameConstraints(null, of(dns("evil.example.com"))).build();
        r.add(new Rule("nc_intermediate_dns_excluded_violation", chain(leaf("CN=a", ncInter).dns("evil.example.com").build(), ncInter), anchors(root))
                .fails(X509Error.EXCLUDED_VIOLATION, 0));
        r.add(new Rule("nc_leaf_common_name_is_checked_without_dns_san", chain(leaf("CN=www.not-example.net", dnsRoot).build()), anchors(dnsRoot))
                .fails(X509Error.PERMITTED_VIOLATION, 0));
        Issued wildPerm = constrainedRoot("Permits a wildcard", of(dns("*.example.com")), null);
        r.add(new Rule("nc_wildcard_in_permitted_constraint_matches_nothing", chain(leaf("CN=a", wildPerm).dns("www.example.com").build()),
                anchors(wildPerm)).fails(X509Error.PERMITTED_VIOLATION, 0));
        Issued wildExcl = constrainedRoot("Excludes a wildcard", null, of(dns("*.example.com")));
        r.add(new Rule("nc_wildcard_in_excluded_constraint_is_malformed", chain(leaf("CN=a", wildExcl).dns("www.example.com").build()),
                anchors(wildExcl)).stricter(X509Error.UNSUPPORTED_CONSTRAINT_SYNTAX, 0));
        Issued badIp = constrainedRoot("Bad IP constraint", of(ipRaw(10, 0, 0, 0, 255)), null);
        r.add(new Rule("nc_invalid_ip_constraint_length", chain(leaf("CN=a", badIp).ip("10.0.0.1").build()), anchors(badIp))
                .fails(X509Error.UNSUPPORTED_NAME_SYNTAX, 0));
        Issued holeMask = constrainedRoot("Excludes with a non-contiguous mask", null, of(ipRaw(10, 0, 0, 0, 255, 0, 255, 0)));
        r.add(new Rule("nc_noncontiguous_ip_mask_in_excluded_constraint", chain(leaf("CN=a", holeMask).ip("10.1.2.3").build()), anchors(holeMask))
                .stricter(X509Error.UNSUPPORTED_CONSTRAINT_SYNTAX, 0));
        Issued upnRoot = constrainedRoot("Permits a UPN", of(new GeneralSubtree(upn("@example.com"))), null);
        r.add(new Rule("nc_othername_constraint_cannot_be_judged", chain(leaf("CN=a", upnRoot).san(upn("alice@example.com")).build()),
                anchors(upnRoot)).fails(X509Error.UNSUPPORTED_CONSTRAINT_TYPE, 0));
        r.add(new Rule("nc_othername_san_without_othername_constraint_ok",
                chain(leaf("CN=a", dnsRoot).san(upn("alice@example.com")).dns("www.example.com").build()), anchors(dnsRoot)).ok());
        Issued minMax = constrainedRoot("Subtree with maximum", of(new GeneralSubtree(new GeneralName(GeneralName.dNSName, "example.com"),
                BigInteger.ZERO, BigInteger.ONE)), null);
        r.add(new Rule("nc_subtree_minimum_maximum_unsupported", chain(leaf("CN=a", minMax).dns("www.example.com").build()), anchors(minMax))
                .fails(X509Error.SUBTREE_MINMAX, 0));
        r.add(new Rule("nc_wildcard_san_could_name_an_excluded_host", chain(leaf("CN=a", exclRoot).dns("*.example.com").build()), anchors(exclRoot))
                .stricter(X509Error.EXCLUDED_VIOLATION, 0));
        r.add(new Rule("nc_trailing_dot_san_escapes_exclusion", chain(leaf("CN=a", exclRoot).dns("evil.example.com.").build()), anchors(exclRoot))
                .stricter(X509Error.EXCLUDED_VIOLATION, 0));
        r.add(new Rule("nc_wildcard_common_name_could_name_an_excluded_host", chain(leaf("CN=*.example.com", exclRoot).build()), anchors(exclRoot))
                .stricter(X509Error.EXCLUDED_VIOLATION, 0));
        r.add(new Rule("nc_wildcard_common_name_outside_permitted", chain(leaf("CN=*.example.org", dnsRoot).build()), anchors(dnsRoot))
                .stricter(X509Error.PERMITTED_VIOLATION, 0));
        r.add(new Rule("nc_person_common_name_is_no_host_name", chain(leaf("CN=J. R. Smith", dnsRoot).build()), anchors(dnsRoot)).ok());

        // ---- item 2: fail closed on what does not decode ----
        byte[] nul = der(DERNull.INSTANCE);
        r.add(new Rule("undecodable_san_is_not_linked", chain(leaf("CN=www.example.com", root).ext("2.5.29.17", false, nul).build()),
                anchors(root)).fails(X509Error.UNABLE_TO_GET_ISSUER_CERT_LOCALLY, 0));
        r.add(new Rule("undecodable_eku_is_not_linked", chain(spec("CN=a").issuer(root).ext("2.5.29.37", false, nul).build()), anchors(root))
                .fails(X509Error.UNABLE_TO_GET_ISSUER_CERT_LOCALLY, 0));
        r.add(new Rule("undecodable_key_usage_is_not_linked", chain(spec("CN=a").issuer(root).ext("2.5.29.15", false, nul).build()),
                anchors(root)).fails(X509Error.UNABLE_TO_GET_ISSUER_CERT_LOCALLY, 0));
        Issued badNcInter = spec("CN=Bad NC Intermediate").issuer(root).ca().ext("2.5.29.30", true, nul).build();
        r.add(new Rule("undecodable_name_constraints_on_intermediate", chain(leaf("CN=a", badNcInter).dns("www.example.com").build(), badNcInter),
                anchors(root)).fails(X509Error.UNABLE_TO_GET_ISSUER_CERT_LOCALLY, 0));
        Issued badBcInter = spec("CN=Bad BC Intermediate").issuer(root).caWithoutBasicConstraints().ca().ext("2.5.29.19", false, nul).build();
        r.add(new Rule("undecodable_basic_constraints_on_intermediate", chain(leaf("CN=a", badBcInter).dns("www.example.com").build(), badBcInter),
                anchors(root)).fails(X509Error.UNABLE_TO_GET_ISSUER_CERT_LOCALLY, 0));
        Issued trustedBad = spec("CN=www.example.com").ext("2.5.29.17", false, nul).build();
        r.add(new Rule("undecodable_san_on_a_trusted_leaf", chain(trustedBad), anchors(trustedBad))
                .fails(X509Error.UNABLE_TO_GET_ISSUER_CERT_LOCALLY, 0));

        // ---- item 3: OpenSSL's set of understood critical extensions ----
        r.add(new Rule("critical_authority_key_identifier_unhandled", chain(leaf("CN=a", root).criticalAki().build()), anchors(root))
                .fails(X509Error.UNHANDLED_CRITICAL_EXTENSION, 0));
        r.add(new Rule("critical_subject_key_identifier_unhandled", chain(leaf("CN=a", root).criticalSki().build()), anchors(root))
                .fails(X509Error.UNHANDLED_CRITICAL_EXTENSION, 0));
        r.add(new Rule("critical_issuer_alt_name_unhandled", chain(leaf("CN=a", root).ext("2.5.29.18", true,
                der(new org.bouncycastle.asn1.x509.GeneralNames(new GeneralName(GeneralName.dNSName, "x.example")))).build()), anchors(root))
                .fails(X509Error.UNHANDLED_CRITICAL_EXTENSION, 0));
        r.add(new Rule("critical_unknown_extension_unhandled", chain(leaf("CN=a", root).ext("1.3.6.1.4.1.55555.9", true, nul).build()), anchors(root))
                .fails(X509Error.UNHANDLED_CRITICAL_EXTENSION, 0));
        r.add(new Rule("critical_tls_feature_unhandled", chain(leaf("CN=a", root).ext("1.3.6.1.5.5.7.1.24", true,
                der(new DERSequence(new org.bouncycastle.asn1.ASN1Integer(5)))).build()), anchors(root))
                .fails(X509Error.UNHANDLED_CRITICAL_EXTENSION, 0));
        r.add(new Rule("critical_crl_distribution_points_understood", chain(leaf("CN=a", root).ext("2.5.29.31", true,
                der(new org.bouncycastle.asn1.x509.CRLDistPoint(new org.bouncycastle.asn1.x509.DistributionPoint[] {
                        new org.bouncycastle.asn1.x509.DistributionPoint(new org.bouncycastle.asn1.x509.DistributionPointName(
                                new org.bouncycastle.asn1.x509.GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier,
                                        "http://crl.example/c.crl"))), null, null)}))).build()), anchors(root)).ok());
        r.add(new Rule("critical_ns_cert_type_understood", chain(leaf("CN=a", root).ext("2.16.840.1.113730.1.1", true,
                der(new org.bouncycastle.asn1.misc.NetscapeCertType(org.bouncycastle.asn1.misc.NetscapeCertType.sslServer
                        | org.bouncycastle.asn1.misc.NetscapeCertType.sslClient))).build()), anchors(root)).ok());
        Issued mapInter = spec("CN=Policy Mapping Intermediate").issuer(root).ca().ext("2.5.29.33", true, der(new DERSequence(
                new DERSequence(new ASN1Encodable[] {new ASN1ObjectIdentifier("1.2.3.4"), new ASN1ObjectIdentifier("1.2.3.5")})))).build();
        r.add(new Rule("critical_policy_mappings_understood", chain(leaf("CN=a", mapInter).build(), mapInter), anchors(root)).ok());
        r.add(new Rule("critical_ocsp_nocheck_understood", chain(leaf("CN=a", root).ext("1.3.6.1.5.5.7.48.1.5", true, nul).build()),
                anchors(root)).ok());
        r.add(new Rule("ns_cert_type_without_ssl_server", chain(leaf("CN=a", root).ext("2.16.840.1.113730.1.1", false,
                der(new org.bouncycastle.asn1.misc.NetscapeCertType(org.bouncycastle.asn1.misc.NetscapeCertType.smime))).build()), anchors(root))
                .fails(X509Error.INVALID_PURPOSE, 0));

        // ---- item 4: the trust anchor and the leaf, as OpenSSL checks them ----
        Issued notCaRoot = spec("CN=Not a CA root").ext("2.5.29.19", true, der(new BasicConstraints(false))).build();
        r.add(new Rule("anchor_ca_false_does_not_vouch", chain(leaf("CN=a", notCaRoot).build()), anchors(notCaRoot))
                .fails(X509Error.INVALID_CA, 1));
        Issued kuRoot = spec("CN=No certSign root").ca().keyUsage(KeyUsage.digitalSignature).build();
        r.add(new Rule("anchor_key_usage_without_cert_sign", chain(leaf("CN=a", kuRoot).build()), anchors(kuRoot))
                .fails(X509Error.INVALID_CA, 1));
        Issued ekuRoot = spec("CN=Client-only root").ca().eku(KeyPurposeId.id_kp_clientAuth).build();
        r.add(new Rule("anchor_eku_excludes_the_purpose", chain(leaf("CN=a", ekuRoot).build()), anchors(ekuRoot))
                .fails(X509Error.INVALID_PURPOSE, 1));
        r.add(new Rule("anchor_eku_with_the_purpose_ok", chain(leaf("CN=a", ekuRoot).build()), anchors(ekuRoot)).purpose("sslclient").ok());
        Issued notCaInter = spec("CN=Not a CA intermediate").issuer(root).ext("2.5.29.19", true, der(new BasicConstraints(false))).build();
        r.add(new Rule("intermediate_ca_false", chain(leaf("CN=a", notCaInter).build(), notCaInter), anchors(root))
                .fails(X509Error.INVALID_CA, 1));
        Issued kuOnlyInter = spec("CN=keyUsage-only intermediate").issuer(root).keyUsage(KeyUsage.keyCertSign).build();
        r.add(new Rule("intermediate_key_usage_without_basic_constraints", chain(leaf("CN=a", kuOnlyInter).build(), kuOnlyInter), anchors(root))
                .fails(X509Error.INVALID_CA, 1));
        r.add(new Rule("leaf_content_commitment_only_is_not_a_server", chain(leaf("CN=a", root).keyUsage(KeyUsage.nonRepudiation).build()),
                anchors(root)).fails(X509Error.INVALID_PURPOSE, 0));
        r.add(new Rule("leaf_ca_certificate_is_not_a_server", chain(spec("CN=a CA as leaf").issuer(root).ca().build()), anchors(root))
                .fails(X509Error.INVALID_PURPOSE, 0));
        r.add(new Rule("leaf_key_encipherment_only_is_a_server", chain(leaf("CN=a", root).keyUsage(KeyUsage.keyEncipherment).build()),
                anchors(root)).ok());
        r.add(new Rule("leaf_key_encipherment_only_is_not_a_client", chain(leaf("CN=a", root).keyUsage(KeyUsage.keyEncipherment).build()),
                anchors(root)).purpose("sslclient").fails(X509Error.INVALID_PURPOSE, 0));
        r.add(new Rule("leaf_any_extended_key_usage_alone_is_not_a_server", chain(leaf("CN=a", root)
                .eku(KeyPurposeId.anyExtendedKeyUsage).build()), anchors(root)).fails(X509Error.INVALID_PURPOSE, 0));
        r.add(new Rule("leaf_client_only_is_not_a_server", chain(leaf("CN=a", root).eku(KeyPurposeId.id_kp_clientAuth).build()), anchors(root))
                .fails(X509Error.INVALID_PURPOSE, 0));

        // ---- item 5: path building chooses as OpenSSL does ----
        KeyPair interKeys = TestCerts.ec();
        Issued oldTwin = spec("CN=Renewed Intermediate").keys(interKeys).issuer(root).ca()
                .valid(NOW.minus(Duration.ofDays(400)), NOW.minus(Duration.ofDays(1))).build();
        Issued newTwin = spec("CN=Renewed Intermediate").keys(interKeys).issuer(root).ca().build();
        Issued underTwins = leaf("CN=a", newTwin).build();
        r.add(new Rule("path_prefers_the_time_valid_of_two_issuers", chain(underTwins, oldTwin, newTwin), anchors(root)).ok());
        KeyPair rootKeys = TestCerts.ec();
        Issued oldRoot = spec("CN=Renewed Root").keys(rootKeys).ca().valid(NOW.minus(Duration.ofDays(400)), NOW.minus(Duration.ofDays(1))).build();
        Issued newRoot = spec("CN=Renewed Root").keys(rootKeys).ca().build();
        r.add(new Rule("path_prefers_the_time_valid_of_two_anchors", chain(leaf("CN=a", newRoot).build()), anchors(oldRoot, newRoot)).ok());
        Issued otherKey = spec("CN=Rules Intermediate,O=sslkit rules").issuer(root).ca().build();
        r.add(new Rule("path_issuer_by_key_identifier_not_position", chain(good, otherKey, inter), anchors(root)).ok());
        Issued noAkiLeaf = leaf("CN=a", inter).noAki().build();
        r.add(new Rule("path_name_only_match_with_wrong_key_is_a_signature_failure", chain(noAkiLeaf, otherKey), anchors(root))
                .fails(X509Error.CERT_SIGNATURE_FAILURE, 0));
        r.add(new Rule("path_untrusted_self_signed_leaf", chain(spec("CN=self").dns("www.example.com").build()), anchors(root))
                .fails(X509Error.DEPTH_ZERO_SELF_SIGNED_CERT, 0));
        r.add(new Rule("path_untrusted_root_in_chain", chain(good, inter, root), anchors(spec("CN=Other Root").ca().build()))
                .fails(X509Error.SELF_SIGNED_CERT_IN_CHAIN, 2));
        Issued pathLen0 = spec("CN=Pathlen 0").issuer(root).ca(0).build();
        Issued belowPathLen0 = spec("CN=Below pathlen 0").issuer(pathLen0).ca().build();
        r.add(new Rule("path_length_constraint_exceeded", chain(leaf("CN=a", belowPathLen0).build(), belowPathLen0, pathLen0), anchors(root))
                .fails(X509Error.PATH_LENGTH_EXCEEDED, 2));

        // ---- item 7: keys that do not decode are failures, not NullPointerExceptions ----
        SubjectPublicKeyInfo unknownKey = new SubjectPublicKeyInfo(new AlgorithmIdentifier(new ASN1ObjectIdentifier("1.3.6.1.4.1.55555.1")),
                new byte[64]);
        Issued oddLeaf = spec("CN=odd key").issuer(root).rawSpki(unknownKey).eku(KeyPurposeId.id_kp_serverAuth).build();
        r.add(new Rule("undecodable_leaf_key_jdk_parsed", chain(oddLeaf), anchors(root)).fails(X509Error.EE_KEY_TOO_SMALL, 0));
        r.add(new Rule("undecodable_leaf_key_bc_parsed", new X509Certificate[] {reparseWithBouncyCastle(oddLeaf.cert)}, anchors(root))
                .fails(X509Error.EE_KEY_TOO_SMALL, 0));
        Issued oddInter = spec("CN=Odd key intermediate").issuer(root).ca().rawSpki(unknownKey).build();
        Issued underOdd = spec("CN=a").issuer(new Issued(oddInter.cert, TestCerts.ec())).noAki().build();
        r.add(new Rule("undecodable_issuer_key_is_not_an_issuer", new X509Certificate[] {underOdd.cert, reparseWithBouncyCastle(oddInter.cert)},
                anchors(root)).fails(X509Error.UNABLE_TO_GET_ISSUER_CERT_LOCALLY, 0));
        return r;
    }
}
