package dev.sslkit.store.redis;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals session bytes for Redis with AES-GCM, so a reader of the store cannot use them and a value
 * moved to another key does not open.
 *
 * <p>Format, version 1: {@code 0x01} (format version) · key id (1 byte) · nonce (12 random bytes) ·
 * ciphertext with its 16-byte tag. The additional data is the format version, the key id and the
 * Redis key (namespace, session id context, session id). The first key of the ring seals; every key
 * opens, so the sealing key can be rotated without losing the sessions sealed under the previous one.
 * Random 96-bit nonces: rotate a key well before 2^32 sessions. Thread-safe.
 */
final class Sealer {
    static final int VERSION = 1;
    private static final int NONCE = 12;
    private static final int TAG_BITS = 128;
    private final List<SecretKeySpec> keys;
    private final int[] ids;
    private final SecureRandom random = new SecureRandom();

    /**
     * @param ring key id → AES key (16 or 32 bytes); the first entry seals
     */
    Sealer(List<RedisSessionStore.SealingKey> ring) {
        if (ring.isEmpty()) {
            throw new IllegalArgumentException("sealing key ring must not be empty");
        }
        keys = new ArrayList<>();
        ids = new int[ring.size()];
        for (int i = 0; i < ring.size(); i++) {
            RedisSessionStore.SealingKey k = ring.get(i);
            for (int j = 0; j < i; j++) {
                if (ids[j] == k.id()) {
                    throw new IllegalArgumentException("sealing key id " + k.id() + " appears twice in the ring");
                }
            }
            ids[i] = k.id();
            keys.add(new SecretKeySpec(k.key(), "AES"));
        }
    }

    byte[] seal(byte[] redisKey, byte[] plain) throws GeneralSecurityException {
        byte[] nonce = new byte[NONCE];
        random.nextBytes(nonce);
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, keys.get(0), new GCMParameterSpec(TAG_BITS, nonce));
        c.updateAAD(aad(ids[0], redisKey));
        byte[] ct = c.doFinal(plain);
        return ByteBuffer.allocate(2 + NONCE + ct.length).put((byte) VERSION).put((byte) ids[0]).put(nonce).put(ct).array();
    }

    /**
     * @throws GeneralSecurityException if the value is not a sealed session of this format under a
     *         key of the ring and this Redis key (tampered, moved, garbage, or an unknown key id)
     */
    byte[] open(byte[] redisKey, byte[] sealed) throws GeneralSecurityException {
        if (sealed.length < 2 + NONCE + TAG_BITS / 8) {
            throw new AEADBadTagException("sealed session too short (" + sealed.length + " bytes)");
        }
        if ((sealed[0] & 0xff) != VERSION) {
            throw new AEADBadTagException("sealed session format version " + (sealed[0] & 0xff) + " is not " + VERSION);
        }
        int id = sealed[1] & 0xff;
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] == id) {
                Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
                c.init(Cipher.DECRYPT_MODE, keys.get(i), new GCMParameterSpec(TAG_BITS, sealed, 2, NONCE));
                c.updateAAD(aad(id, redisKey));
                return c.doFinal(sealed, 2 + NONCE, sealed.length - 2 - NONCE);
            }
        }
        throw new AEADBadTagException("sealed with key id " + id + ", which is not in the ring");
    }

    private static byte[] aad(int keyId, byte[] redisKey) {
        return ByteBuffer.allocate(2 + redisKey.length).put((byte) VERSION).put((byte) keyId).put(redisKey).array();
    }
}
