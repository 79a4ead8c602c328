package dev.sslkit.cli;

import dev.sslkit.Bio;
import dev.sslkit.BioPair;
import dev.sslkit.ProtocolVersion;
import dev.sslkit.Setting;
import dev.sslkit.Ssl;
import dev.sslkit.SslContext;
import dev.sslkit.SslMethod;
import dev.sslkit.VerifyMode;
import dev.sslkit.provider.sslengine.CipherSuites;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;

/**
 * {@code openssl ciphers}: the cipher suites the provider would offer for an OpenSSL cipher string.
 * The answer is read from the wire, not from a table: a client connection with the settings is
 * started over a BIO pair and the suites of the ClientHello it sends are listed, in its order
 * (signalling values such as the renegotiation SCSV left out, as OpenSSL does).
 */
@Command(name = "ciphers", sortOptions = false, description = "List the cipher suites a provider offers for a cipher string, as openssl ciphers.")
final class Ciphers extends Base {
    @Option(names = "-v", description = "Verbose: protocol, key exchange, authentication, encryption, MAC.")
    boolean verbose;
    @Option(names = "-stdname", description = "Also the IANA (RFC) name.")
    boolean stdname;
    @Option(names = "-tls1_2", description = "Only what a TLS 1.2 client offers.")
    boolean tls12;
    @Option(names = "-tls1_3", description = "Only what a TLS 1.3 client offers.")
    boolean tls13;
    @Option(names = "-ciphersuites", paramLabel = "val", description = "TLS 1.3 suites (SSL_set_ciphersuites).")
    String ciphersuites;
    @Parameters(arity = "0..1", paramLabel = "cipherlist", description = "OpenSSL cipher string for TLS 1.2 (SSL_set_cipher_list), e.g. ECDHE+AESGCM.")
    String cipherlist;

    Ciphers(Main.Io io) {
        super(io);
    }

    @Override
    public Integer call() throws Exception {
        ProtocolVersion version = Tls.version(tls12, tls13);
        List<Integer> codes;
        try (SslContext ctx = newContext(SslMethod.TLS_CLIENT, providerId())) {
            ctx.set(Setting.VERIFY_MODE, EnumSet.noneOf(VerifyMode.class));
            Tls.protocol(ctx, version);
            if (cipherlist != null) {
                ctx.set(Setting.CIPHER_LIST, cipherlist);
            }
            if (ciphersuites != null) {
                ctx.set(Setting.CIPHERSUITES, ciphersuites);
            }
            codes = offered(ctx);
        }
        List<String> names = new ArrayList<>();
        for (int c : codes) {
            String iana = SuiteCodes.name(c);
            if (iana != null && iana.endsWith("_SCSV")) {
                continue;
            }
            names.add(iana == null ? String.format(Locale.ROOT, "0x%02X,0x%02X", c >> 8, c & 0xff) : iana);
        }
        if (!verbose && !stdname) {
            List<String> o = new ArrayList<>();
            for (String n : names) {
                o.add(Tls.cipher(n));
            }
            io.out.println(String.join(":", o));
            return 0;
        }
        for (String n : names) {
            String line = stdname ? String.format(Locale.ROOT, "%-45s - ", n) : "";
            line += String.format(Locale.ROOT, "%-30s", Tls.cipher(n));
            if (verbose) {
                line += " " + SuiteCodes.describe(n);
            }
            io.out.println(line.stripTrailing());
        }
        return 0;
    }

    /**
     * @param ctx a client context
     * @return the cipher suite code points of the ClientHello a new connection of it sends
     * @throws IOException if the ClientHello cannot be produced or read
     */
    static List<Integer> offered(SslContext ctx) throws IOException, InterruptedException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        try (Ssl ssl = ctx.newSsl()) {
            BioPair pair = Bio.newPair(0, 0);
            ssl.setBio(pair.first(), pair.first());
            Bio peer = pair.second();
            try {
                ssl.setConnectState();
                ByteBuffer b = ByteBuffer.allocate(64 * 1024);
                long deadline = System.nanoTime() + 10_000_000_000L;
                // a provider may build the ClientHello on another thread (delegated tasks): drive the
                // handshake until the whole first message has come out
                while (!ClientHello.complete(wire.toByteArray())) {
                    if (System.nanoTime() > deadline) {
                        throw new CliException("provider " + ctx.providerId() + " sent no complete ClientHello within 10 s");
                    }
                    if (ssl.doHandshake() == 1) {
                        throw new CliException("the handshake finished without a peer");
                    }
                    int n;
                    boolean got = false;
                    while ((n = peer.read(b)) > 0) {
                        wire.write(b.array(), 0, n);
                        b.clear();
                        got = true;
                    }
                    if (!got) {
                        Thread.sleep(1);
                    }
                }
            } finally {
                peer.free();
            }
        }
        return ClientHello.cipherSuites(wire.toByteArray());
    }

    /** Reads the cipher_suites field of a ClientHello (RFC 8446 4.1.2). */
    static final class ClientHello {
        private ClientHello() {
        }

        /**
         * @param records bytes the client sent so far
         * @return whether they hold a whole first handshake message
         */
        static boolean complete(byte[] records) {
            ByteArrayOutputStream hs = new ByteArrayOutputStream();
            int p = 0;
            while (p + 5 <= records.length) {
                int len = ((records[p + 3] & 0xff) << 8) | (records[p + 4] & 0xff);
                if (p + 5 + len > records.length) {
                    break;
                }
                hs.write(records, p + 5, len);
                p += 5 + len;
            }
            byte[] m = hs.toByteArray();
            return m.length >= 4 && m.length >= 4 + (((m[1] & 0xff) << 16) | ((m[2] & 0xff) << 8) | (m[3] & 0xff));
        }

        /**
         * @param records the TLS records the client sent first
         * @return the offered cipher suite code points, in order
         */
        static List<Integer> cipherSuites(byte[] records) {
            ByteArrayOutputStream hs = new ByteArrayOutputStream();
            int p = 0;
            while (p + 5 <= records.length) {
                int type = records[p] & 0xff;
                int len = ((records[p + 3] & 0xff) << 8) | (records[p + 4] & 0xff);
                if (type != 22 || p + 5 + len > records.length) {
                    break;
                }
                hs.write(records, p + 5, len);
                p += 5 + len;
            }
            ByteBuffer m = ByteBuffer.wrap(hs.toByteArray());
            if (m.remaining() < 4 || m.get() != 1) {
                throw new CliException("the provider's first message is not a ClientHello");
            }
            m.position(m.position() + 3 + 2 + 32);           // length, legacy_version, random
            int sid = m.get() & 0xff;                        // legacy_session_id
            m.position(m.position() + sid);
            int n = m.getShort() & 0xffff;
            List<Integer> out = new ArrayList<>();
            for (int i = 0; i < n / 2; i++) {
                out.add(m.getShort() & 0xffff);
            }
            return out;
        }
    }
}
