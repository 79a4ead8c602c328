package dev.sslkit.core.verify;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The minimal DER reading and writing that key identifiers and PEM keys need. Not a general parser. */
final class Der {

    static final int INTEGER = 0x02;
    static final int OCTET_STRING = 0x04;
    static final int NULL = 0x05;
    static final int OID = 0x06;
    static final int SEQUENCE = 0x30;

    /** One TLV: tag, and the value's bounds inside {@code buf}. */
    static final class Tlv {
        final int tag;
        final byte[] buf;
        final int start;
        final int end;
        /** offset of the tag byte */
        final int header;

        Tlv(int tag, byte[] buf, int start, int end) {
            this(tag, buf, start, end, -1);
        }

        Tlv(int tag, byte[] buf, int start, int end, int header) {
            this.tag = tag;
            this.buf = buf;
            this.start = start;
            this.end = end;
            this.header = header;
        }

        /** @return the whole TLV, tag and length included */
        byte[] encoded() {
            return Arrays.copyOfRange(buf, header, end);
        }

        byte[] value() {
            return Arrays.copyOfRange(buf, start, end);
        }

        /** @return the TLVs inside a constructed value */
        List<Tlv> children() {
            List<Tlv> out = new ArrayList<>();
            int p = start;
            while (p < end) {
                Tlv t = read(buf, p, end);
                out.add(t);
                p = t.end;
            }
            return out;
        }
    }

    private Der() {
    }

    /**
     * Reads the TLV at {@code off}.
     *
     * @throws IllegalArgumentException if the encoding is malformed or runs past {@code limit}
     */
    static Tlv read(byte[] b, int off, int limit) {
        if (off + 2 > limit) {
            throw new IllegalArgumentException("truncated DER");
        }
        int tag = b[off] & 0xFF;
        if ((tag & 0x1F) == 0x1F) {
            throw new IllegalArgumentException("multi-byte DER tags are not supported");
        }
        int len = b[off + 1] & 0xFF;
        int p = off + 2;
        if (len >= 0x80) {
            int nb = len & 0x7F;
            if (nb == 0 || nb > 4 || p + nb > limit) {
                throw new IllegalArgumentException("bad DER length");
            }
            len = 0;
            for (int i = 0; i < nb; i++) {
                len = (len << 8) | (b[p++] & 0xFF);
            }
            if (len < 0) {
                throw new IllegalArgumentException("bad DER length");
            }
        }
        if (p + len > limit || p + len < p) {
            throw new IllegalArgumentException("truncated DER");
        }
        return new Tlv(tag, b, p, p + len, off);
    }

    static Tlv read(byte[] b) {
        return read(b, 0, b.length);
    }

    static byte[] tlv(int tag, byte[]... parts) {
        ByteArrayOutputStream v = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            v.write(p, 0, p.length);
        }
        byte[] val = v.toByteArray();
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.write(tag);
        int len = val.length;
        if (len < 0x80) {
            o.write(len);
        } else if (len < 0x100) {
            o.write(0x81);
            o.write(len);
        } else if (len < 0x10000) {
            o.write(0x82);
            o.write(len >> 8);
            o.write(len);
        } else {
            o.write(0x83);
            o.write(len >> 16);
            o.write(len >> 8);
            o.write(len);
        }
        o.write(val, 0, val.length);
        return o.toByteArray();
    }

    /** @return the dotted form of an OBJECT IDENTIFIER value */
    static String oid(Tlv t) {
        if (t.tag != OID || t.end <= t.start) {
            throw new IllegalArgumentException("expected an OBJECT IDENTIFIER");
        }
        StringBuilder sb = new StringBuilder();
        long v = 0;
        boolean first = true;
        for (int i = t.start; i < t.end; i++) {
            v = (v << 7) | (t.buf[i] & 0x7F);
            if ((t.buf[i] & 0x80) == 0) {
                if (first) {
                    long a = Math.min(2, v / 40);
                    sb.append(a).append('.').append(v - a * 40);
                    first = false;
                } else {
                    sb.append('.').append(v);
                }
                v = 0;
            }
        }
        return sb.toString();
    }

    /** @return the DER of an OBJECT IDENTIFIER */
    static byte[] oid(String dotted) {
        String[] p = dotted.split("\\.");
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        long[] arcs = new long[p.length - 1];
        arcs[0] = Long.parseLong(p[0]) * 40 + Long.parseLong(p[1]);
        for (int i = 2; i < p.length; i++) {
            arcs[i - 1] = Long.parseLong(p[i]);
        }
        for (long a : arcs) {
            int n = 0;
            for (long x = a; x >= 0x80; x >>= 7) {
                n++;
            }
            for (int i = n; i >= 0; i--) {
                int b = (int) ((a >> (7 * i)) & 0x7F);
                o.write(i > 0 ? b | 0x80 : b);
            }
        }
        return tlv(OID, o.toByteArray());
    }
}
