package dev.sslkit.provider.bc;

import org.bouncycastle.jcajce.util.DefaultJcaJceHelper;
import org.bouncycastle.jcajce.util.ProviderJcaJceHelper;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;

import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.Signature;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.NoSuchPaddingException;

/**
 * bctls's JCA crypto over the JDK's own providers (SunJCE's AES-GCM uses the CPU's AES/CLMUL
 * intrinsics; SunEC does X25519 and ECDSA), falling back to an unregistered Bouncy Castle provider
 * instance only for algorithms the JDK does not have under the names bctls asks for: RSA-PSS
 * signatures ({@code SHA256WITHRSAANDMGF1}, needed by every TLS 1.3 handshake with an RSA key) and
 * AES-CCM. Both SecureRandoms are explicit, so bctls's "DEFAULT SecureRandom not available" cannot
 * occur, and nothing is added to {@link java.security.Security}.
 */
final class JdkFirstCrypto extends JcaTlsCrypto {

    JdkFirstCrypto() {
        super(new JdkFirstHelper(), new SecureRandom(), new SecureRandom());
    }

    /** The JDK's providers first; the BC provider for what they lack. */
    static final class JdkFirstHelper extends DefaultJcaJceHelper {
        private static final class Bc {
            static final ProviderJcaJceHelper HELPER = new ProviderJcaJceHelper(new BouncyCastleProvider());
        }

        @Override
        public Signature createSignature(String algorithm) throws NoSuchAlgorithmException {
            try {
                return super.createSignature(algorithm);
            } catch (NoSuchAlgorithmException e) {
                return Bc.HELPER.createSignature(algorithm);
            }
        }

        @Override
        public Cipher createCipher(String algorithm) throws NoSuchAlgorithmException, NoSuchPaddingException {
            try {
                return super.createCipher(algorithm);
            } catch (NoSuchAlgorithmException | NoSuchPaddingException e) {
                return Bc.HELPER.createCipher(algorithm);
            }
        }

        @Override
        public Mac createMac(String algorithm) throws NoSuchAlgorithmException {
            try {
                return super.createMac(algorithm);
            } catch (NoSuchAlgorithmException e) {
                return Bc.HELPER.createMac(algorithm);
            }
        }

        @Override
        public KeyAgreement createKeyAgreement(String algorithm) throws NoSuchAlgorithmException {
            try {
                return super.createKeyAgreement(algorithm);
            } catch (NoSuchAlgorithmException e) {
                return Bc.HELPER.createKeyAgreement(algorithm);
            }
        }

        @Override
        public KeyFactory createKeyFactory(String algorithm) throws NoSuchAlgorithmException {
            try {
                return super.createKeyFactory(algorithm);
            } catch (NoSuchAlgorithmException e) {
                return Bc.HELPER.createKeyFactory(algorithm);
            }
        }

        @Override
        public KeyPairGenerator createKeyPairGenerator(String algorithm) throws NoSuchAlgorithmException {
            try {
                return super.createKeyPairGenerator(algorithm);
            } catch (NoSuchAlgorithmException e) {
                return Bc.HELPER.createKeyPairGenerator(algorithm);
            }
        }

        @Override
        public AlgorithmParameters createAlgorithmParameters(String algorithm) throws NoSuchAlgorithmException {
            try {
                return super.createAlgorithmParameters(algorithm);
            } catch (NoSuchAlgorithmException e) {
                return Bc.HELPER.createAlgorithmParameters(algorithm);
            }
        }
    }
}
