package dev.sslkit.bridge;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The parts of a ClientHello a server engine needs before the handshake runs: the SNI host name
 * (RFC 6066) and the ALPN list (RFC 7301), so that {@code SSLEngine}'s ALPN selector and SNI matchers can
 * decide first (OpenSSL's {@code SSL_CTX_set_client_hello_cb} stage). Collects the handshake record
 * bodies until the whole message is there; a malformed hello is left for the TLS provider to reject.
 *
 * <p>Thread safety: none; one engine's lock.
 */
final class ClientHello {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private String serverName;
    private List<String> alpn;
    private boolean done;
    private boolean malformed;

    /**
     * @param record one whole TLS record (header included), position at its start; not consumed
     * @return whether the ClientHello is now complete (or cannot be parsed)
     */
    boolean offer(ByteBuffer record) {
        if (done) {
            return true;
        }
        int p = record.position();
        if ((record.get(p) & 0xff) != 22) {
            done = true;
            malformed = true;
            return true;
        }
        int len = ((record.get(p + 3) & 0xff) << 8) | (record.get(p + 4) & 0xff);
        for (int i = 0; i < len; i++) {
            bytes.write(record.get(p + 5 + i));
        }
        byte[] b = bytes.toByteArray();
        if (b.length < 4) {
            return false;
        }
        int msgLen = ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
        if (b[0] != 1 || msgLen > (1 << 17)) {
            done = true;
            malformed = true;
            return true;
        }
        if (b.length < 4 + msgLen) {
            return false;
        }
        done = true;
        try {
            parse(ByteBuffer.wrap(b, 4, msgLen).slice());
        } catch (RuntimeException e) {
            malformed = true;
        }
        return true;
    }

    private void parse(ByteBuffer m) {
        m.position(2 + 32);
        skip(m, m.get() & 0xff); // session id
        skip(m, m.getShort() & 0xffff); // cipher suites
        skip(m, m.get() & 0xff); // compression
        if (!m.hasRemaining()) {
            return;
        }
        int extEnd = (m.getShort() & 0xffff) + m.position();
        while (m.position() + 4 <= extEnd) {
            int type = m.getShort() & 0xffff;
            int len = m.getShort() & 0xffff;
            ByteBuffer e = m.slice();
            e.limit(len);
            skip(m, len);
            if (type == 0) {
                int listEnd = (e.getShort() & 0xffff) + 2;
                while (e.position() + 3 <= listEnd) {
                    int nameType = e.get() & 0xff;
                    int n = e.getShort() & 0xffff;
                    byte[] name = new byte[n];
                    e.get(name);
                    if (nameType == 0 && serverName == null) {
                        serverName = new String(name, StandardCharsets.US_ASCII);
                    }
                }
            } else if (type == 16) {
                List<String> l = new ArrayList<>();
                int listEnd = (e.getShort() & 0xffff) + 2;
                while (e.position() + 1 <= listEnd) {
                    int n = e.get() & 0xff;
                    byte[] name = new byte[n];
                    e.get(name);
                    l.add(new String(name, StandardCharsets.ISO_8859_1));
                }
                alpn = List.copyOf(l);
            }
        }
    }

    private static void skip(ByteBuffer b, int n) {
        b.position(b.position() + n);
    }

    /** @return the SNI host name, or {@code null} */
    String serverName() {
        return serverName;
    }

    /** @return the protocols the client offered, or {@code null} without the extension */
    List<String> alpn() {
        return alpn;
    }

    /** @return whether the hello could not be read (the provider will reject it) */
    boolean malformed() {
        return malformed;
    }
}
