package dev.sslkit.tck;

import dev.sslkit.tck.OpenSslBinary.Result;
import dev.sslkit.tck.TestPki.KeyType;
import dev.sslkit.tck.TestPki.PemFiles;
import dev.sslkit.tck.TestPki.Variant;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The PEM files of {@link TestPki} as the {@code openssl} binary sees them. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PkiPemFilesIT {
    private static final Duration T = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @BeforeAll
    static void binary() {
        assumeTrue(OpenSslBinary.isAvailable(), "no openssl binary (" + OpenSslBinary.executable() + ")");
    }

    static Result openssl(String... args) throws IOException {
        return OpenSslBinary.run(T, null, args);
    }

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void filesLoadInOpenSsl(KeyType type) throws Exception {
        PemFiles f = TestPki.of(type).writePem(dir);
        Result subject = openssl("x509", "-in", f.root().toString(), "-noout", "-subject");
        assertTrue(subject.succeeded(), subject.describe());
        assertTrue(subject.stdout().contains("sslkit test root CA " + type), subject.describe());
        for (Path cert : new Path[] {f.intermediate(), f.serverChain(), f.clientChain()}) {
            Result r = openssl("x509", "-in", cert.toString(), "-noout", "-subject");
            assertTrue(r.succeeded(), r.describe());
        }
        for (Path key : new Path[] {f.serverKey(), f.clientKey()}) {
            Result r = openssl("pkey", "-in", key.toString(), "-noout");
            assertTrue(r.succeeded(), r.describe());
        }
        String chain = Files.readString(f.serverChain(), StandardCharsets.US_ASCII);
        assertEquals(2, chain.split("BEGIN CERTIFICATE", -1).length - 1, "server.pem holds leaf and intermediate");
        assertFalse(Files.readString(f.serverKey()).contains("ENCRYPTED"));
    }

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void openSslVerifiesTheChainsForTheirPurpose(KeyType type) throws Exception {
        PemFiles f = TestPki.of(type).writePem(dir);
        Result server = openssl("verify", "-CAfile", f.root().toString(), "-untrusted", f.intermediate().toString(),
                "-purpose", "sslserver", "-verify_hostname", "localhost", f.serverChain().toString());
        assertTrue(server.succeeded() && server.stdout().contains(": OK"), server.describe());
        Result ip = openssl("verify", "-CAfile", f.root().toString(), "-untrusted", f.intermediate().toString(),
                "-verify_ip", "127.0.0.1", "-verify_hostname", "x.test.example", f.serverChain().toString());
        assertTrue(ip.succeeded(), ip.describe());
        Result client = openssl("verify", "-CAfile", f.root().toString(), "-untrusted", f.intermediate().toString(),
                "-purpose", "sslclient", f.clientChain().toString());
        assertTrue(client.succeeded(), client.describe());
        Result wrongPurpose = openssl("verify", "-CAfile", f.root().toString(), "-untrusted", f.intermediate().toString(),
                "-purpose", "sslserver", f.clientChain().toString());
        assertFalse(wrongPurpose.succeeded(), wrongPurpose.describe());
    }

    @Test
    void openSslSeesEachVariantsFault() throws Exception {
        TestPki pki = TestPki.ec();
        PemFiles f = pki.writePem(dir);
        assertVerifyFails(f, TestPki.writePem(dir, "expired", pki.variant(Variant.EXPIRED)), "certificate has expired");
        assertVerifyFails(f, TestPki.writePem(dir, "future", pki.variant(Variant.NOT_YET_VALID)), "not yet valid");
        assertVerifyFails(f, TestPki.writePem(dir, "wronghost", pki.variant(Variant.WRONG_HOST)), "hostname mismatch");
        assertVerifyFails(f, TestPki.writePem(dir, "selfsigned", pki.variant(Variant.SELF_SIGNED)), "self-signed");
        TestPki.KeyFiles weak = TestPki.writePem(dir, "weak", pki.variant(Variant.RSA_1024));
        Result level1 = openssl("verify", "-CAfile", f.root().toString(), "-untrusted", f.intermediate().toString(),
                "-auth_level", "1", weak.chain().toString());
        assertTrue(level1.succeeded(), level1.describe());
        Result level2 = openssl("verify", "-CAfile", f.root().toString(), "-untrusted", f.intermediate().toString(),
                "-auth_level", "2", weak.chain().toString());
        assertFalse(level2.succeeded(), level2.describe());
        assertTrue((level2.stdout() + level2.stderr()).contains("too weak"), level2.describe());
    }

    private void assertVerifyFails(PemFiles f, TestPki.KeyFiles leaf, String why) throws IOException {
        Result r = openssl("verify", "-CAfile", f.root().toString(), "-untrusted", f.intermediate().toString(),
                "-verify_hostname", "localhost", leaf.chain().toString());
        assertFalse(r.succeeded(), r.describe());
        assertTrue((r.stdout() + r.stderr()).contains(why), why + " expected:\n" + r.describe());
        Result key = openssl("pkey", "-in", leaf.key().toString(), "-noout");
        assertTrue(key.succeeded(), key.describe());
    }

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void encryptedKeyOpensWithThePasswordOnly(KeyType type) throws Exception {
        Path enc = Files.writeString(dir.resolve("enc.pem"), TestPki.of(type).serverKeyPem("s3cret pass".toCharArray()));
        Result ok = openssl("pkey", "-in", enc.toString(), "-passin", "pass:s3cret pass", "-noout");
        assertTrue(ok.succeeded(), ok.describe());
        Result wrong = openssl("pkey", "-in", enc.toString(), "-passin", "pass:wrong", "-noout");
        assertFalse(wrong.succeeded(), wrong.describe());
        Result params = openssl("asn1parse", "-in", enc.toString());
        assertTrue(params.stdout().contains("PBES2") && params.stdout().contains("aes-256-cbc")
                && params.stdout().contains("hmacWithSHA256"), params.describe());
        // the same public key as the certificate that follows it
        Result fromKey = openssl("pkey", "-in", enc.toString(), "-passin", "pass:s3cret pass", "-pubout");
        Result fromCert = openssl("x509", "-in", enc.toString(), "-noout", "-pubkey");
        assertEquals(fromCert.stdout(), fromKey.stdout());
    }
}
