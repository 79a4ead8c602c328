package dev.sslkit.provider.bc;

import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Why {@link BcProvider} builds bctls's crypto on the JDK's JCA providers ({@link JdkFirstCrypto})
 * rather than on {@code BcTlsCrypto}: the record cipher each would run, AES-128-GCM over 16 KiB
 * records (what {@code JceAEADCipherImpl} and {@code BcTlsAEADCipherImpl} call), measured side by
 * side. Prints MB/s; the assertion only checks the choice is not the slower one.
 */
class CryptoChoiceTest {
    private static final int RECORD = 16384;
    private static final int RECORDS = 2048; // 32 MiB per round

    @Test
    void jdkAesGcmIsTheFasterRecordCipher() throws Exception {
        byte[] key = new byte[16];
        byte[] rec = new byte[RECORD];
        byte[] out = new byte[RECORD + 16];
        Cipher jca = Cipher.getInstance("AES/GCM/NoPadding");
        SecretKeySpec k = new SecretKeySpec(key, "AES");
        GCMModeCipher bc = GCMBlockCipher.newInstance(AESEngine.newInstance());
        double jcaBest = 0;
        double bcBest = 0;
        for (int round = 0; round < 4; round++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < RECORDS; i++) {
                byte[] iv = nonce(i, round);
                jca.init(Cipher.ENCRYPT_MODE, k, new GCMParameterSpec(128, iv));
                jca.doFinal(rec, 0, RECORD, out, 0);
            }
            long t1 = System.nanoTime();
            for (int i = 0; i < RECORDS; i++) {
                bc.init(true, new AEADParameters(new KeyParameter(key), 128, nonce(i, round)));
                int n = bc.processBytes(rec, 0, RECORD, out, 0);
                bc.doFinal(out, n);
            }
            long t2 = System.nanoTime();
            double mb = (double) RECORD * RECORDS / (1 << 20);
            jcaBest = Math.max(jcaBest, mb / ((t1 - t0) / 1e9));
            bcBest = Math.max(bcBest, mb / ((t2 - t1) / 1e9));
        }
        System.out.printf("AES-128-GCM 16 KiB records: JDK JCA %.0f MB/s, bcprov lightweight %.0f MB/s (%.1fx)%n",
                jcaBest, bcBest, jcaBest / bcBest);
        assertTrue(jcaBest > bcBest, "the JDK's AES-GCM should be the faster record cipher here");
    }

    private static byte[] nonce(int i, int round) {
        byte[] iv = new byte[12];
        iv[0] = (byte) round;
        iv[8] = (byte) (i >>> 24);
        iv[9] = (byte) (i >>> 16);
        iv[10] = (byte) (i >>> 8);
        iv[11] = (byte) i;
        return iv;
    }

    /** Handshake rate of provider bc at the SPI level (full and resumed), printed for the record. */
    @Test
    void handshakeRate() throws Exception {
        dev.sslkit.tck.TestPki pki = dev.sslkit.tck.TestPki.ec();
        BcContext cctx = SpiHarness.context(dev.sslkit.SslMethod.TLS_CLIENT);
        BcContext sctx = SpiHarness.context(dev.sslkit.SslMethod.TLS_SERVER);
        for (dev.sslkit.ProtocolVersion v : new dev.sslkit.ProtocolVersion[] {dev.sslkit.ProtocolVersion.TLS1_2, dev.sslkit.ProtocolVersion.TLS1_3}) {
            dev.sslkit.spi.EngineSession sess = null;
            double[] rate = new double[2];
            for (int mode = 0; mode < 2; mode++) {
                int n = 300;
                long t0 = 0;
                for (int i = -100; i < n; i++) {
                    if (i == 0) {
                        t0 = System.nanoTime();
                    }
                    SpiHarness.Spec c = new SpiHarness.Spec(true).with(dev.sslkit.Setting.MAX_PROTO_VERSION, v).with(dev.sslkit.Setting.MIN_PROTO_VERSION, v);
                    if (mode == 1) {
                        c.resume = sess;
                    }
                    SpiHarness.Spec s = new SpiHarness.Spec(false).with(dev.sslkit.Setting.CERTIFICATES, java.util.List.of(pki.serverKey()));
                    SpiHarness.Pair p = SpiHarness.pair(cctx, c, sctx, s);
                    SpiHarness.handshake(p);
                    if (mode == 0) {
                        sess = p.client.session();
                    } else {
                        assertTrue(p.client.sessionReused());
                    }
                }
                rate[mode] = n / ((System.nanoTime() - t0) / 1e9);
            }
            System.out.printf("bc %s handshakes (client+server in one thread): full %.0f/s, resumed %.0f/s%n", v, rate[0], rate[1]);
        }
    }
}
