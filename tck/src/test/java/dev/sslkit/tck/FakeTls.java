package dev.sslkit.tck;

import dev.sslkit.Bio;
import dev.sslkit.BioPair;
import dev.sslkit.Ssl;
import dev.sslkit.SslException;
import dev.sslkit.SslReason;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * Test doubles for {@link Pump}: a bounded BIO pair and an {@link Ssl} (a dynamic proxy) that speaks
 * a toy record protocol over it, so Pump can be tested without core. Records: type, 2-byte length,
 * payload. Handshake: client HELLO, server HELLO_BACK, client FINISHED.
 */
final class FakeTls {
    static final int HELLO = 1, HELLO_BACK = 2, FINISHED = 3, APP = 4, CLOSE = 5;

    /** What a fake connection does wrong, if anything. */
    enum Fault { NONE, SILENT_SERVER, FAIL_ON_HELLO }

    private FakeTls() {
    }

    /** One end of a bounded in-memory pair. */
    static final class End implements Bio {
        final ArrayDeque<Byte> in = new ArrayDeque<>();
        final int capacity;
        End peer;
        int refCnt = 1;
        boolean peerShut;

        End(int capacity) {
            this.capacity = capacity;
        }

        @Override public int read(ByteBuffer dst) {
            int n = 0;
            while (dst.hasRemaining() && !in.isEmpty()) {
                dst.put(in.poll());
                n++;
            }
            return n == 0 && peerShut ? -1 : n;
        }

        @Override public int write(ByteBuffer src) throws IOException {
            if (peer.refCnt == 0) {
                throw new IOException("peer freed");
            }
            int n = 0;
            while (src.hasRemaining() && peer.in.size() < peer.capacity) {
                peer.in.add(src.get());
                n++;
            }
            return n;
        }

        @Override public int pending() { return in.size(); }
        @Override public int writeGuarantee() { return peer.capacity - peer.in.size(); }
        @Override public void shutdownOutput() { peer.peerShut = true; }
        @Override public boolean upRef() { refCnt++; return true; }
        @Override public void free() { refCnt--; }
        @Override public int refCnt() { return refCnt; }
    }

    static BioPair pair(int capacity) {
        End a = new End(capacity);
        End b = new End(capacity);
        a.peer = b;
        b.peer = a;
        return new BioPair(a, b);
    }

    /** The state behind one fake connection. */
    static final class Conn {
        final boolean server;
        final Fault fault;
        Bio rbio;
        Bio wbio;
        int state;
        boolean sentClose;
        boolean gotClose;
        final ByteArrayOutputStream inbuf = new ByteArrayOutputStream();
        final ArrayDeque<byte[]> records = new ArrayDeque<>();
        byte[] appLeft = new byte[0];
        int calls;

        Conn(boolean server, Fault fault) {
            this.server = server;
            this.fault = fault;
        }

        private void pull() throws IOException {
            ByteBuffer b = ByteBuffer.allocate(4096);
            int n;
            while ((n = rbio.read(b)) > 0) {
                inbuf.write(b.array(), 0, n);
                b.clear();
            }
            byte[] all = inbuf.toByteArray();
            int pos = 0;
            while (all.length - pos >= 3) {
                int len = ((all[pos + 1] & 0xff) << 8) | (all[pos + 2] & 0xff);
                if (all.length - pos - 3 < len) {
                    break;
                }
                records.add(Arrays.copyOfRange(all, pos, pos + 3 + len));
                pos += 3 + len;
            }
            inbuf.reset();
            inbuf.write(all, pos, all.length - pos);
        }

        private boolean send(int type, byte[] payload) throws IOException {
            if (wbio.writeGuarantee() < payload.length + 3) {
                return false;
            }
            ByteBuffer r = ByteBuffer.allocate(payload.length + 3);
            r.put((byte) type).putShort((short) payload.length).put(payload).flip();
            wbio.write(r);
            return true;
        }

        private boolean take(int type) {
            byte[] r = records.peek();
            if (r != null && r[0] == type) {
                records.poll();
                return true;
            }
            return false;
        }

        private boolean peek(int type) {
            byte[] r = records.peek();
            return r != null && r[0] == type;
        }

        int doHandshake() throws IOException {
            calls++;
            if (state == 9) {
                return 1;
            }
            if (server && fault == Fault.SILENT_SERVER) {
                return Ssl.WANT_READ; // never reads, never writes
            }
            pull();
            if (!server) {
                if (state == 0) {
                    if (!send(HELLO, new byte[40])) return Ssl.WANT_WRITE;
                    state = 1;
                }
                if (state == 1 && peek(HELLO_BACK)) {
                    if (!send(FINISHED, new byte[12])) return Ssl.WANT_WRITE;
                    take(HELLO_BACK);
                    state = 9;
                    return 1;
                }
                return Ssl.WANT_READ;
            }
            if (state == 0 && peek(HELLO)) {
                if (fault == Fault.FAIL_ON_HELLO) {
                    throw new SslException(SslReason.BAD_VALUE, "fake handshake failure");
                }
                if (!send(HELLO_BACK, new byte[60])) return Ssl.WANT_WRITE;
                take(HELLO);
                state = 1;
            }
            if (state == 1 && take(FINISHED)) {
                state = 9;
                return 1;
            }
            return Ssl.WANT_READ;
        }

        int write(ByteBuffer src) throws IOException {
            if (sentClose) {
                throw new SslException(SslReason.BAD_VALUE, "write after shutdown");
            }
            int n = Math.min(src.remaining(), 1000);
            byte[] p = new byte[n];
            src.get(p);
            if (!send(APP, p)) {
                src.position(src.position() - n);
                return Ssl.WANT_WRITE;
            }
            return n;
        }

        int read(ByteBuffer dst) throws IOException {
            if (appLeft.length == 0) {
                pull();
                byte[] r = records.peek();
                if (r == null) {
                    return Ssl.WANT_READ;
                }
                if (r[0] == CLOSE) {
                    records.poll();
                    gotClose = true;
                    return Ssl.ZERO_RETURN;
                }
                if (r[0] != APP) {
                    throw new SslException(SslReason.BAD_VALUE, "unexpected record " + r[0]);
                }
                records.poll();
                appLeft = Arrays.copyOfRange(r, 3, r.length);
            }
            int n = Math.min(dst.remaining(), appLeft.length);
            dst.put(appLeft, 0, n);
            appLeft = Arrays.copyOfRange(appLeft, n, appLeft.length);
            return n;
        }

        int shutdown() throws IOException {
            if (!sentClose) {
                if (!send(CLOSE, new byte[0])) return Ssl.WANT_WRITE;
                sentClose = true;
            }
            pull();
            while (!records.isEmpty() && !gotClose) {
                gotClose = records.poll()[0] == CLOSE;
            }
            return gotClose ? 1 : 0;
        }
    }

    /** @return a proxy {@link Ssl} over {@code c}; unsupported methods throw */
    static Ssl ssl(Conn c) {
        return (Ssl) Proxy.newProxyInstance(Ssl.class.getClassLoader(), new Class<?>[] {Ssl.class}, (proxy, m, args) -> {
            switch (m.getName()) {
                case "isServer": return c.server;
                case "setBio": c.rbio = (Bio) args[0]; c.wbio = (Bio) args[1]; return null;
                case "rbio": return c.rbio;
                case "wbio": return c.wbio;
                case "doHandshake": return c.doHandshake();
                case "isInitFinished": return c.state == 9;
                case "write":
                    if (args.length == 1) return c.write((ByteBuffer) args[0]);
                    break;
                case "read":
                    if (args.length == 1) return c.read((ByteBuffer) args[0]);
                    break;
                case "shutdown": return c.shutdown();
                case "toString": return "FakeSsl[" + (c.server ? "server" : "client") + "]";
                case "hashCode": return System.identityHashCode(proxy);
                case "equals": return proxy == args[0];
                default:
                    break;
            }
            throw new UnsupportedOperationException("FakeSsl." + m.getName());
        });
    }
}
