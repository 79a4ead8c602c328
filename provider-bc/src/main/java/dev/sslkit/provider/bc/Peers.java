package dev.sslkit.provider.bc;

import dev.sslkit.CertifiedKey;
import dev.sslkit.ProtocolVersion;
import dev.sslkit.Setting;
import dev.sslkit.SslOption;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.TlsCrypto;

import java.io.IOException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Settings shared by {@link BcClient} and {@link BcServer}: versions and cipher suites. */
final class Peers {
    private Peers() {
    }

    /** {@code SSL_set_min/max_proto_version}, newest first, as bctls wants them. */
    static org.bouncycastle.tls.ProtocolVersion[] versions(BcEngine e) {
        ProtocolVersion min = e.spec.get(Setting.MIN_PROTO_VERSION);
        ProtocolVersion max = e.spec.get(Setting.MAX_PROTO_VERSION);
        if (min == null || min.compareTo(ProtocolVersion.TLS1_2) < 0) {
            min = ProtocolVersion.TLS1_2;
        }
        if (max == null) {
            max = ProtocolVersion.TLS1_3;
        }
        List<org.bouncycastle.tls.ProtocolVersion> v = new ArrayList<>(2);
        if (max == ProtocolVersion.TLS1_3) {
            v.add(org.bouncycastle.tls.ProtocolVersion.TLSv13);
        }
        if (min == ProtocolVersion.TLS1_2 && max.compareTo(ProtocolVersion.TLS1_2) >= 0) {
            v.add(org.bouncycastle.tls.ProtocolVersion.TLSv12);
        }
        return v.toArray(new org.bouncycastle.tls.ProtocolVersion[0]);
    }

    /** {@code SSL_set_ciphersuites} + {@code SSL_set_cipher_list}, filtered by what the crypto can do. */
    static int[] suites(BcEngine e, TlsCrypto crypto) {
        String l13 = e.spec.get(Setting.CIPHERSUITES);
        String l12 = e.spec.get(Setting.CIPHER_LIST);
        int[] a = l13 == null ? Names.DEFAULT_13 : Names.parseSuites(l13, true);
        int[] b = l12 == null ? Names.DEFAULT_12 : Names.parseSuites(l12, false);
        int[] all = new int[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return TlsUtils.getSupportedCipherSuites(crypto, all);
    }

    static boolean option(BcEngine e, SslOption o) {
        return e.spec.get(Setting.OPTIONS).contains(o);
    }

    /** @return whether one of the connection's keys has this JSSE key type */
    static boolean hasKey(BcEngine e, String type) {
        for (CertifiedKey k : e.spec.get(Setting.CERTIFICATES)) {
            PublicKey p = k.leaf().getPublicKey();
            String alg = p.getAlgorithm().toUpperCase(Locale.ROOT);
            if (type.equals("EC") ? alg.equals("EC") || alg.equals("ECDSA") : alg.equals(type)) {
                return true;
            }
        }
        return false;
    }

    static byte[] copy(byte[] b) {
        return b == null ? null : b.clone();
    }

    static IOException parseFailed(int type) {
        return new TlsFatalAlert(AlertDescription.decode_error, "custom extension " + type + " refused by its parse callback");
    }
}
