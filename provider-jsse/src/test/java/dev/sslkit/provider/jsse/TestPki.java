package dev.sslkit.provider.jsse;

import dev.sslkit.CertifiedKey;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** EC P-256 self-signed keys made once per JVM with the JDK's {@code keytool}. */
final class TestPki {
    private static final char[] PASSWORD = "changeit".toCharArray();
    static final CertifiedKey SERVER;
    static final CertifiedKey CLIENT;

    static {
        try {
            Path dir = Files.createTempDirectory("sslkit-jsse-pki");
            SERVER = generate(dir, "server", "CN=server.test");
            CLIENT = generate(dir, "client", "CN=client.test");
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private TestPki() {
    }

    private static CertifiedKey generate(Path dir, String alias, String dn) throws Exception {
        Path store = dir.resolve(alias + ".p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(keytool, "-genkeypair", "-keyalg", "EC", "-groupname", "secp256r1",
                "-alias", alias, "-dname", dn, "-validity", "2", "-keystore", store.toString(), "-storetype", "PKCS12",
                "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD))
                .redirectErrorStream(true).redirectOutput(dir.resolve(alias + ".log").toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("keytool failed: " + Files.readString(dir.resolve(alias + ".log")));
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, PASSWORD);
        }
        List<X509Certificate> chain = new ArrayList<>();
        for (Certificate c : ks.getCertificateChain(alias)) {
            chain.add((X509Certificate) c);
        }
        return new CertifiedKey((PrivateKey) ks.getKey(alias, PASSWORD), chain);
    }
}
