package dev.sslkit.core.verify;

import static dev.sslkit.core.verify.TestCerts.INTER;
import static dev.sslkit.core.verify.TestCerts.LEAF;
import static dev.sslkit.core.verify.TestCerts.NOW;
import static dev.sslkit.core.verify.TestCerts.ROOT;
import static dev.sslkit.core.verify.TestCerts.chain;
import static dev.sslkit.core.verify.TestCerts.leaf;
import static dev.sslkit.core.verify.TestCerts.spec;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sslkit.Dane;
import dev.sslkit.SecurityCallback;
import dev.sslkit.VerifyCallback;
import dev.sslkit.VerifyMode;
import dev.sslkit.VerifyParams;
import dev.sslkit.core.verify.TestCerts.Issued;

import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** CoreVerifier: ssl_verify_cert_chain + X509_verify_cert semantics over a generated PKI. */
class CoreVerifierTest {

    /** Builds verifiers with test defaults: trust ROOT, client side, VERIFY_PEER, level 2. */
    static final class B {
        final List<X509Certificate> anchors = new ArrayList<>(List.of(ROOT.cert));
        boolean peerIsServer = true;
        Set<VerifyMode> mode = EnumSet.of(VerifyMode.PEER);
        VerifyCallback cb;
        int depth = 100;
        VerifyParams params = VerifyParams.DEFAULT;
        Dane dane;
        long max = 102400;
        int level = 2;
        SecurityCallback sec;
        String sni;
        List<X509Certificate> caList;

        B anchors(X509Certificate... a) { anchors.clear(); anchors.addAll(List.of(a)); return this; }
        B server() { peerIsServer = false; return this; }
        B mode(Set<VerifyMode> m) { mode = m; return this; }
        B cb(VerifyCallback c) { cb = c; return this; }
        B depth(int d) { depth = d; return this; }
        B params(VerifyParams p) { params = p; return this; }
        B dane(Dane d) { dane = d; return this; }
        B max(long m) { max = m; return this; }
        B level(int l) { level = l; return this; }
        B sec(SecurityCallback s) { sec = s; return this; }
        B sni(String s) { sni = s; return this; }
        B caList(List<X509Certificate> l) { caList = l; return this; }

        CoreVerifier build() {
            return new CoreVerifier(() -> anchors, peerIsServer, mode, cb, depth, params, dane, max, level, sec, sni, null, caList);
        }
    }

    static B v() {
        return new B();
    }

    static CertificateVerifyException fails(CoreVerifier v, X509Certificate[] chain, int code, int depth) {
        CertificateVerifyException e = assertThrows(CertificateVerifyException.class, () -> v.verify(chain, "ECDHE_ECDSA"));
        assertEquals(code, e.x509Error(), e.getMessage());
        assertEquals(depth, e.depth(), e.getMessage());
        assertEquals(code, v.verifyResult());
        assertEquals("certificate verify failed: " + X509Error.text(code) + " (X509 error " + code + " at depth " + depth + ")",
                e.getMessage());
        return e;
    }

    static void passes(CoreVerifier v, X509Certificate[] chain) throws CertificateException {
        v.verify(chain, "ECDHE_ECDSA");
        assertEquals(0, v.verifyResult());
    }

    static final Instant PAST = NOW.minus(Duration.ofDays(30));

    @Test
    void goodChainPassesAndCountsTheCall() throws Exception {
        CoreVerifier v = v().build();
        assertEquals(0, v.calls());
        passes(v, chain(LEAF, INTER));
        assertEquals(1, v.calls());
        passes(v, chain(LEAF, INTER, ROOT));
        assertEquals(2, v.calls());
    }

    @Test
    void rsaChainPasses() throws Exception {
        passes(v().anchors(TestCerts.RSA_ROOT.cert).build(), chain(TestCerts.RSA_LEAF));
    }

    @Test
    void unorderedChainIsBuilt() throws Exception {
        Issued i2 = spec("CN=Second Intermediate").issuer(INTER).ca().build();
        Issued l = spec("CN=www.example.com").issuer(i2).dns("www.example.com").build();
        passes(v().build(), new X509Certificate[] {l.cert, INTER.cert, i2.cert});
        passes(v().build(), new X509Certificate[] {l.cert, ROOT.cert, INTER.cert, i2.cert});
    }

    @Test
    void expiredLeaf10AtDepth0() {
        Issued l = leaf("CN=old").valid(NOW.minus(Duration.ofDays(60)), PAST).build();
        fails(v().build(), chain(l, INTER), X509Error.CERT_HAS_EXPIRED, 0);
    }

    @Test
    void notYetValidLeaf9AtDepth0() {
        Issued l = leaf("CN=future").valid(NOW.plus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(60))).build();
        fails(v().build(), chain(l, INTER), X509Error.CERT_NOT_YET_VALID, 0);
    }

    @Test
    void expiredIntermediateReportedAtDepth1() {
        Issued i = spec("CN=Old Intermediate").issuer(ROOT).ca().valid(NOW.minus(Duration.ofDays(60)), PAST).build();
        Issued l = leaf("CN=x").issuer(i).build();
        fails(v().build(), chain(l, i), X509Error.CERT_HAS_EXPIRED, 1);
    }

    @Test
    void verificationTimeFromParams() throws Exception {
        Issued root = spec("CN=Long-lived Root").ca().valid(NOW.minus(Duration.ofDays(100)), NOW.plus(Duration.ofDays(100))).build();
        Issued l = spec("CN=old").issuer(root).valid(NOW.minus(Duration.ofDays(60)), PAST).build();
        passes(v().anchors(root.cert).params(VerifyParams.DEFAULT.withTime(PAST.minus(Duration.ofDays(1)))).build(), chain(l));
        fails(v().anchors(root.cert).build(), chain(l), X509Error.CERT_HAS_EXPIRED, 0);
        // every certificate has expired by then: the deepest (the root, depth 2) is reported first
        fails(v().params(VerifyParams.DEFAULT.withTime(NOW.plus(Duration.ofDays(400)))).build(), chain(LEAF, INTER),
                X509Error.CERT_HAS_EXPIRED, 2);
    }

    @Test
    void unknownIssuer20AtTopOfChain() {
        fails(v().anchors().build(), chain(LEAF, INTER), X509Error.UNABLE_TO_GET_ISSUER_CERT_LOCALLY, 1);
        fails(v().build(), chain(LEAF), X509Error.UNABLE_TO_GET_ISSUER_CERT_LOCALLY, 0);
    }

    @Test
    void selfSignedLeaf18() throws Exception {
        Issued ss = spec("CN=self").dns("www.example.com").build();
        fails(v().build(), chain(ss), X509Error.DEPTH_ZERO_SELF_SIGNED_CERT, 0);
        // trusted explicitly: accepted
        passes(v().anchors(ss.cert).build(), chain(ss));
    }

    @Test
    void untrustedRootInChain19() {
        fails(v().anchors().build(), chain(LEAF, INTER, ROOT), X509Error.SELF_SIGNED_CERT_IN_CHAIN, 2);
    }

    @Test
    void trustStoreIsReadLiveAtVerifyTime() throws Exception {
        B b = v().anchors();
        CoreVerifier v = b.build();
        fails(v, chain(LEAF, INTER), X509Error.UNABLE_TO_GET_ISSUER_CERT_LOCALLY, 1);
        b.anchors.add(ROOT.cert);
        passes(v, chain(LEAF, INTER));
    }

    @Test
    void forgedSignature7() {
        // names INTER as issuer, but signed by another key; no AKI so the name alone links it
        Issued forged = leaf("CN=forged").noAki().signer(TestCerts.ec().getPrivate()).build();
        fails(v().build(), chain(forged, INTER), X509Error.CERT_SIGNATURE_FAILURE, 0);
    }

    @Test
    void depthLimitCountsIntermediatesOnly() throws Exception {
        Issued i2 = spec("CN=Second Intermediate").issuer(INTER).ca().build();
        Issued l = spec("CN=www.example.com").issuer(i2).dns("www.example.com").build();
        X509Certificate[] c = chain(l, i2, INTER);  // 2 intermediates + trusted root
        passes(v().depth(2).build(), c);
        fails(v().depth(1).build(), c, X509Error.CERT_CHAIN_TOO_LONG, 2);
        passes(v().depth(1).build(), chain(LEAF, INTER));
        fails(v().depth(0).build(), chain(LEAF, INTER), X509Error.CERT_CHAIN_TOO_LONG, 1);
        Issued direct = spec("CN=direct").issuer(ROOT).build();
        passes(v().depth(0).build(), chain(direct));
    }

    @Test
    void caWithoutBasicConstraints79() {
        Issued notCa = spec("CN=Not a CA").issuer(ROOT).build();
        Issued l = spec("CN=x").issuer(notCa).build();
        fails(v().build(), chain(l, notCa), X509Error.INVALID_CA, 1);
    }

    @Test
    void pathLengthConstraint25() {
        Issued i0 = spec("CN=Pathlen0").issuer(ROOT).ca(0).build();
        Issued i1 = spec("CN=Below pathlen0").issuer(i0).ca().build();
        Issued l = spec("CN=x").issuer(i1).build();
        fails(v().build(), chain(l, i1, i0), X509Error.PATH_LENGTH_EXCEEDED, 2);
    }

    @Test
    void unhandledCriticalExtension34() {
        Issued l = leaf("CN=x").criticalExtension("1.2.3.4.5.6.7").build();
        fails(v().build(), chain(l, INTER), X509Error.UNHANDLED_CRITICAL_EXTENSION, 0);
    }

    @Nested
    class Names {
        @Test
        void hostnameMatchAndMismatch62() throws Exception {
            passes(v().params(VerifyParams.DEFAULT.withHost("www.example.com")).build(), chain(LEAF, INTER));
            passes(v().params(VerifyParams.DEFAULT.withHost("WWW.Example.COM.")).build(), chain(LEAF, INTER));
            fails(v().params(VerifyParams.DEFAULT.withHost("evil.example.net")).build(), chain(LEAF, INTER), X509Error.HOSTNAME_MISMATCH, 0);
        }

        @Test
        void wrongHostLeaf() {
            Issued wrong = leaf("CN=www.example.com").dns("other.example.org").build();
            // leaf() already has www.example.com: build one with only the wrong name
            Issued onlyWrong = spec("CN=www.example.com").issuer(INTER).dns("other.example.org").build();
            fails(v().params(VerifyParams.DEFAULT.withHost("nothere.example.com")).build(), chain(wrong, INTER), X509Error.HOSTNAME_MISMATCH, 0);
            // CN is not consulted when a DNS SAN exists
            fails(v().params(VerifyParams.DEFAULT.withHost("www.example.com")).build(), chain(onlyWrong, INTER), X509Error.HOSTNAME_MISMATCH, 0);
        }

        @Test
        void sniIsCheckedWhenNoHostIsSet() throws Exception {
            passes(v().sni("www.example.com").build(), chain(LEAF, INTER));
            fails(v().sni("wrong.example.net").build(), chain(LEAF, INTER), X509Error.HOSTNAME_MISMATCH, 0);
            // explicit hosts win over SNI
            passes(v().sni("wrong.example.net").params(VerifyParams.DEFAULT.withHost("www.example.com")).build(), chain(LEAF, INTER));
            // a server verifying a client does not use its own SNI
            passes(v().server().sni("wrong.example.net").build(), chain(LEAF, INTER));
            // an SNI that is an IP literal is checked as an IP
            passes(v().sni("127.0.0.1").build(), chain(LEAF, INTER));
            fails(v().sni("10.9.8.7").build(), chain(LEAF, INTER), X509Error.IP_ADDRESS_MISMATCH, 0);
        }

        @Test
        void ipAddress64() throws Exception {
            passes(v().params(VerifyParams.DEFAULT.withIp("127.0.0.1")).build(), chain(LEAF, INTER));
            passes(v().params(VerifyParams.DEFAULT.withIp("0:0:0:0:0:0:0:1")).build(), chain(LEAF, INTER));
            fails(v().params(VerifyParams.DEFAULT.withIp("10.0.0.1")).build(), chain(LEAF, INTER), X509Error.IP_ADDRESS_MISMATCH, 0);
        }

        @Test
        void email63() throws Exception {
            VerifyParams ok = new VerifyParams(List.of(), null, "alice@EXAMPLE.com", null, null, false, false);
            VerifyParams bad = new VerifyParams(List.of(), null, "Alice@example.com", null, null, false, false);
            passes(v().params(ok).build(), chain(LEAF, INTER));
            fails(v().params(bad).build(), chain(LEAF, INTER), X509Error.EMAIL_MISMATCH, 0);
        }

        @Test
        void wildcardRules() throws Exception {
            passes(v().params(VerifyParams.DEFAULT.withHost("a.wild.example.com")).build(), chain(LEAF, INTER));
            fails(v().params(VerifyParams.DEFAULT.withHost("a.b.wild.example.com")).build(), chain(LEAF, INTER), X509Error.HOSTNAME_MISMATCH, 0);
            fails(v().params(VerifyParams.DEFAULT.withHost("wild.example.com")).build(), chain(LEAF, INTER), X509Error.HOSTNAME_MISMATCH, 0);
            fails(v().params(VerifyParams.DEFAULT.withHost("a.wild.example.com").withNoWildcards(true)).build(), chain(LEAF, INTER),
                    X509Error.HOSTNAME_MISMATCH, 0);
            passes(v().params(VerifyParams.DEFAULT.withHost("foo.part.example.com")).build(), chain(LEAF, INTER));
            VerifyParams noPartial = new VerifyParams(List.of("foo.part.example.com"), null, null, null, null, false, true);
            fails(v().params(noPartial).build(), chain(LEAF, INTER), X509Error.HOSTNAME_MISMATCH, 0);
        }

        @Test
        void commonNameFallbackOnlyWithoutDnsSan() throws Exception {
            Issued cnOnly = spec("CN=cn.example.com,O=sslkit").issuer(INTER).build();
            passes(v().params(VerifyParams.DEFAULT.withHost("cn.example.com")).build(), chain(cnOnly, INTER));
            fails(v().params(VerifyParams.DEFAULT.withHost("www.example.com")).build(), chain(cnOnly, INTER), X509Error.HOSTNAME_MISMATCH, 0);
        }

        @Test
        void purpose26() throws Exception {
            Issued clientOnly = leaf("CN=client").eku(KeyPurposeId.id_kp_clientAuth).build();
            fails(v().build(), chain(clientOnly, INTER), X509Error.INVALID_PURPOSE, 0);
            // a server verifying a client certificate wants clientAuth
            passes(v().server().build(), chain(clientOnly, INTER));
            passes(v().params(VerifyParams.DEFAULT.withPurpose("sslclient")).build(), chain(clientOnly, INTER));
            Issued serverOnly = leaf("CN=server").eku(KeyPurposeId.id_kp_serverAuth).build();
            fails(v().server().build(), chain(serverOnly, INTER), X509Error.INVALID_PURPOSE, 0);
        }
    }

    @Nested
    class Callback {
        @Test
        void calledFromDeepestToLeafWithPreverifyAndContext() throws Exception {
            List<String> calls = new ArrayList<>();
            CoreVerifier v = v().cb((ok, ctx) -> {
                assertSame(ctx.chain().get(ctx.errorDepth()), ctx.currentCertificate());
                calls.add(ctx.errorDepth() + ":" + ok + ":" + ctx.error());
                return true;
            }).build();
            passes(v, chain(LEAF, INTER));
            assertEquals(List.of("2:true:0", "1:true:0", "0:true:0"), calls);
        }

        @Test
        void trueOverridesTheErrorButTheResultKeepsIt() throws Exception {
            Issued l = leaf("CN=old").valid(NOW.minus(Duration.ofDays(60)), PAST).build();
            List<String> seen = new ArrayList<>();
            CoreVerifier v = v().cb((ok, ctx) -> {
                seen.add(ctx.errorDepth() + ":" + ok + ":" + ctx.errorString());
                return true;
            }).build();
            v.verify(chain(l, INTER), "ECDHE_ECDSA");
            assertEquals(X509Error.CERT_HAS_EXPIRED, v.verifyResult());
            assertEquals(List.of("2:true:ok", "1:true:ok", "0:false:certificate has expired"), seen);
        }

        @Test
        void falseAtAFailedDepthStopsThere() {
            Issued l = leaf("CN=old").valid(NOW.minus(Duration.ofDays(60)), PAST).build();
            List<Integer> depths = new ArrayList<>();
            CoreVerifier v = v().anchors().cb((ok, ctx) -> {
                depths.add(ctx.errorDepth());
                return ok;
            }).build();
            // untrusted: error 20 at depth 1 stops before depth 0 is seen
            fails(v, chain(l, INTER), X509Error.UNABLE_TO_GET_ISSUER_CERT_LOCALLY, 1);
            assertEquals(List.of(1), depths);
        }

        @Test
        void overridingOneErrorRevealsTheNext() {
            Issued l = leaf("CN=old").valid(NOW.minus(Duration.ofDays(60)), PAST).build();
            CoreVerifier v = v().anchors().cb((ok, ctx) -> ctx.errorDepth() == 1).build();
            fails(v, chain(l, INTER), X509Error.CERT_HAS_EXPIRED, 0);
        }

        @Test
        void falseAtAGoodDepthFailsUnspecified() {
            CoreVerifier v = v().cb((ok, ctx) -> ctx.errorDepth() != 0).build();
            fails(v, chain(LEAF, INTER), X509Error.UNSPECIFIED, 0);
        }

        @Test
        void callbackExceptionFails() {
            CoreVerifier v = v().cb((ok, ctx) -> { throw new IllegalStateException("boom"); }).build();
            CertificateVerifyException e = fails(v, chain(LEAF, INTER), X509Error.UNSPECIFIED, 2);
            assertEquals("boom", e.getCause().getMessage());
        }
    }

    @Test
    void verifyNoneNeverThrowsButRecords() throws Exception {
        Issued l = leaf("CN=old").valid(NOW.minus(Duration.ofDays(60)), PAST).build();
        CoreVerifier v = v().mode(Set.of()).build();
        v.verify(chain(l, INTER), "ECDHE_ECDSA");
        assertEquals(X509Error.CERT_HAS_EXPIRED, v.verifyResult());
        assertEquals(1, v.calls());
        CoreVerifier u = v().mode(EnumSet.of(VerifyMode.CLIENT_ONCE)).anchors().build();
        u.verify(chain(LEAF, INTER), "ECDHE_ECDSA");
        assertEquals(X509Error.UNABLE_TO_GET_ISSUER_CERT_LOCALLY, u.verifyResult());
    }

    @Test
    void maxCertList() throws Exception {
        X509Certificate[] c = chain(LEAF, INTER);
        long size = 3 + 3 + LEAF.cert.getEncoded().length + 3 + INTER.cert.getEncoded().length;
        passes(v().max(size).build(), c);
        CertificateException e = assertThrows(CertificateException.class, () -> v().max(size - 1).build().verify(c, "RSA"));
        assertTrue(e.getMessage().contains("max_cert_list"), e.getMessage());
        assertFalse(e instanceof CertificateVerifyException);
        // refused even without VERIFY_PEER
        assertThrows(CertificateException.class, () -> v().mode(Set.of()).max(size - 1).build().verify(c, "RSA"));
    }

    @Test
    void emptyChainRefused() {
        assertThrows(CertificateException.class, () -> v().build().verify(new X509Certificate[0], "RSA"));
    }

    @Test
    void acceptedIssuers() {
        B b = v();
        CoreVerifier v = b.build();
        assertArrayEquals(new X509Certificate[] {ROOT.cert}, v.acceptedIssuers());
        b.anchors.add(INTER.cert);
        assertEquals(2, v.acceptedIssuers().length);
        assertArrayEquals(new X509Certificate[] {INTER.cert}, v().caList(List.of(INTER.cert)).build().acceptedIssuers());
    }

    @Nested
    class SecurityLevel {
        final Issued rsa1024Leaf = spec("CN=weak.example.com").keys(TestCerts.rsa(1024)).issuer(TestCerts.RSA_ROOT)
                .dns("weak.example.com").build();

        @Test
        void rsa1024LeafRefusedAtLevel2AllowedAtLevel1() throws Exception {
            fails(v().anchors(TestCerts.RSA_ROOT.cert).level(2).build(), chain(rsa1024Leaf), X509Error.EE_KEY_TOO_SMALL, 0);
            passes(v().anchors(TestCerts.RSA_ROOT.cert).level(1).build(), chain(rsa1024Leaf));
        }

        @Test
        void rsa1024CaRefused67() throws Exception {
            Issued weakCa = spec("CN=Weak CA").keys(TestCerts.rsa(1024)).issuer(TestCerts.RSA_ROOT).ca().build();
            Issued l = spec("CN=x").issuer(weakCa).build();
            fails(v().anchors(TestCerts.RSA_ROOT.cert).build(), chain(l, weakCa), X509Error.CA_KEY_TOO_SMALL, 1);
            passes(v().anchors(TestCerts.RSA_ROOT.cert).level(1).build(), chain(l, weakCa));
        }

        @Test
        void sha1SignatureOnlyAtLevel0() throws Exception {
            Issued l = spec("CN=sha1").keys(TestCerts.rsa(2048)).issuer(TestCerts.RSA_ROOT).sigAlg("SHA1withRSA").build();
            fails(v().anchors(TestCerts.RSA_ROOT.cert).level(1).build(), chain(l), X509Error.CA_MD_TOO_WEAK, 0);
            passes(v().anchors(TestCerts.RSA_ROOT.cert).level(0).build(), chain(l));
        }

        @Test
        void p256RefusedAtLevel4() throws Exception {
            passes(v().level(3).build(), chain(LEAF, INTER));
            // P-256 keys are 128 bits: level 4 wants 192; the root at depth 2 is the deepest failure
            fails(v().level(4).build(), chain(LEAF, INTER), X509Error.CA_KEY_TOO_SMALL, 2);
        }

        @Test
        void callbackDecidesInsteadOfTheTable() throws Exception {
            List<String> asked = new ArrayList<>();
            SecurityCallback allowAll = (ssl, op, bits, alg, level) -> {
                asked.add(op + ":" + bits + ":" + alg + ":" + level);
                return true;
            };
            passes(v().anchors(TestCerts.RSA_ROOT.cert).level(5).sec(allowAll).build(), chain(rsa1024Leaf));
            assertTrue(asked.contains("key:80:RSA:5"), asked.toString());
            assertTrue(asked.contains("signature:128:SHA256withRSA:5"), asked.toString());
            SecurityCallback denyKeys = (ssl, op, bits, alg, level) -> !op.equals("key") || bits >= 112;
            fails(v().anchors(TestCerts.RSA_ROOT.cert).level(0).sec(denyKeys).build(), chain(rsa1024Leaf), X509Error.EE_KEY_TOO_SMALL, 0);
        }
    }

    @Nested
    class DaneTests {
        byte[] sha256(byte[] b) throws Exception {
            return MessageDigest.getInstance("SHA-256").digest(b);
        }

        byte[] sha512(byte[] b) throws Exception {
            return MessageDigest.getInstance("SHA-512").digest(b);
        }

        @Test
        void daneEeSpkiSha256WithoutPkixAndWithoutTimeCheck() throws Exception {
            Issued old = leaf("CN=old").valid(NOW.minus(Duration.ofDays(60)), PAST).build();
            Dane d = Dane.enable("www.example.com").withTlsa(Dane.DANE_EE, Dane.SELECTOR_SPKI, Dane.MATCH_SHA256,
                    sha256(old.cert.getPublicKey().getEncoded()));
            List<Integer> depths = new ArrayList<>();
            CoreVerifier v = v().anchors().dane(d).cb((ok, ctx) -> {
                depths.add(ctx.errorDepth());
                return ok;
            }).build();
            passes(v, chain(old, INTER));
            assertEquals(List.of(0), depths);
        }

        @Test
        void daneEeCertFullAndSha512() throws Exception {
            passes(v().anchors().dane(Dane.enable("www.example.com").withTlsa(3, 0, 0, LEAF.cert.getEncoded())).build(), chain(LEAF));
            passes(v().anchors().dane(Dane.enable("www.example.com").withTlsa(3, 1, 2, sha512(LEAF.cert.getPublicKey().getEncoded())))
                    .build(), chain(LEAF));
            passes(v().anchors().dane(Dane.enable("www.example.com").withTlsa(3, 0, 1, sha256(LEAF.cert.getEncoded()))).build(),
                    chain(LEAF));
        }

        @Test
        void daneEeNameChecksUnlessDisabled() throws Exception {
            Dane d = Dane.enable("other.example.net").withTlsa(3, 1, 1, sha256(LEAF.cert.getPublicKey().getEncoded()));
            fails(v().anchors().dane(d).build(), chain(LEAF), X509Error.HOSTNAME_MISMATCH, 0);
            passes(v().anchors().dane(d.withNoEeNamechecks(true)).build(), chain(LEAF));
        }

        @Test
        void daneTaMatchesAnIntermediateThePeerSent() throws Exception {
            Dane d = Dane.enable("www.example.com").withTlsa(Dane.DANE_TA, Dane.SELECTOR_CERT, Dane.MATCH_SHA256, sha256(INTER.cert.getEncoded()));
            CoreVerifier v = v().anchors().dane(d).build();
            passes(v, chain(LEAF, INTER));
            // DANE-TA does not skip the time checks below the anchor
            Issued old = leaf("CN=old").valid(NOW.minus(Duration.ofDays(60)), PAST).build();
            fails(v().anchors().dane(d).build(), chain(old, INTER), X509Error.CERT_HAS_EXPIRED, 0);
            // DANE-TA is not usable when the peer did not send the TA
            fails(v().anchors().dane(d).build(), chain(LEAF), X509Error.DANE_NO_MATCH, 0);
        }

        @Test
        void pkixTaNeedsPkixAndAMatch() throws Exception {
            Dane d = Dane.enable("www.example.com").withTlsa(Dane.PKIX_TA, Dane.SELECTOR_SPKI, Dane.MATCH_FULL, ROOT.cert.getPublicKey().getEncoded());
            passes(v().dane(d).build(), chain(LEAF, INTER));
            fails(v().anchors().dane(d).build(), chain(LEAF, INTER), X509Error.UNABLE_TO_GET_ISSUER_CERT_LOCALLY, 1);
            Dane other = Dane.enable("www.example.com").withTlsa(Dane.PKIX_TA, 1, 1, new byte[32]);
            fails(v().dane(other).build(), chain(LEAF, INTER), X509Error.DANE_NO_MATCH, 0);
        }

        @Test
        void pkixEeNeedsPkixAndALeafMatch() throws Exception {
            Dane d = Dane.enable("www.example.com").withTlsa(Dane.PKIX_EE, 0, 1, sha256(LEAF.cert.getEncoded()));
            passes(v().dane(d).build(), chain(LEAF, INTER));
            fails(v().anchors().dane(d).build(), chain(LEAF, INTER), X509Error.UNABLE_TO_GET_ISSUER_CERT_LOCALLY, 1);
            // matching the intermediate is not a PKIX-EE match
            Dane wrong = Dane.enable("www.example.com").withTlsa(Dane.PKIX_EE, 0, 1, sha256(INTER.cert.getEncoded()));
            fails(v().dane(wrong).build(), chain(LEAF, INTER), X509Error.DANE_NO_MATCH, 0);
        }

        @Test
        void noMatchWithDaneOnlyRecordsIsDaneNoMatchNotUntrusted() throws Exception {
            Dane d = Dane.enable("www.example.com").withTlsa(3, 1, 1, new byte[32]);
            fails(v().anchors().dane(d).build(), chain(LEAF, INTER), X509Error.DANE_NO_MATCH, 0);
        }

        @Test
        void daneBaseDomainIsTheExpectedHost() throws Exception {
            Dane d = Dane.enable("nothere.example.org").withTlsa(Dane.PKIX_TA, 0, 1, sha256(ROOT.cert.getEncoded()));
            fails(v().dane(d).build(), chain(LEAF, INTER), X509Error.HOSTNAME_MISMATCH, 0);
        }
    }
}
