package dev.sslkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * DANE settings of one connection ({@code SSL_dane_enable}, {@code SSL_dane_tlsa_add},
 * {@code SSL_dane_set_flags}): the TLSA records the server's chain must match. sslkit matches them
 * in its own trust-manager layer, so DANE works on every provider. Immutable.
 */
public final class Dane {
    /** {@code DANETLS_USAGE_PKIX_TA} */
    public static final int PKIX_TA = 0;
    /** {@code DANETLS_USAGE_PKIX_EE} */
    public static final int PKIX_EE = 1;
    /** {@code DANETLS_USAGE_DANE_TA} */
    public static final int DANE_TA = 2;
    /** {@code DANETLS_USAGE_DANE_EE} */
    public static final int DANE_EE = 3;
    /** selector: the full certificate */
    public static final int SELECTOR_CERT = 0;
    /** selector: the SubjectPublicKeyInfo */
    public static final int SELECTOR_SPKI = 1;
    /** matching type: exact bytes */
    public static final int MATCH_FULL = 0;
    /** matching type: SHA-256 */
    public static final int MATCH_SHA256 = 1;
    /** matching type: SHA-512 */
    public static final int MATCH_SHA512 = 2;

    /**
     * One TLSA record.
     *
     * @param usage    certificate usage (0..3)
     * @param selector selector (0..1)
     * @param mtype    matching type (0..2)
     * @param data     the association data
     */
    public record Tlsa(int usage, int selector, int mtype, byte[] data) {
        public Tlsa {
            if (usage < 0 || usage > 3) throw new IllegalArgumentException("TLSA usage must be 0..3: " + usage);
            if (selector < 0 || selector > 1) throw new IllegalArgumentException("TLSA selector must be 0..1: " + selector);
            if (mtype < 0 || mtype > 2) throw new IllegalArgumentException("TLSA matching type must be 0..2: " + mtype);
            data = Objects.requireNonNull(data, "data must not be null").clone();
        }

        @Override
        public byte[] data() {
            return data.clone();
        }
    }

    private final String baseDomain;
    private final List<Tlsa> records;
    private final boolean noEeNamechecks;

    private Dane(String baseDomain, List<Tlsa> records, boolean noEeNamechecks) {
        this.baseDomain = baseDomain;
        this.records = List.copyOf(records);
        this.noEeNamechecks = noEeNamechecks;
    }

    /** @param baseDomain the TLSA base domain (also the expected host name)  @return {@code SSL_dane_enable} */
    public static Dane enable(String baseDomain) {
        return new Dane(Objects.requireNonNull(baseDomain, "baseDomain must not be null"), List.of(), false);
    }

    /** @param usage usage  @param selector selector  @param mtype matching type  @param data data  @return a copy with the record added ({@code SSL_dane_tlsa_add}) */
    public Dane withTlsa(int usage, int selector, int mtype, byte[] data) {
        List<Tlsa> l = new ArrayList<>(records);
        l.add(new Tlsa(usage, selector, mtype, data));
        return new Dane(baseDomain, l, noEeNamechecks);
    }

    /** @param flag {@code DANE_FLAG_NO_DANE_EE_NAMECHECKS}  @return a copy */
    public Dane withNoEeNamechecks(boolean flag) {
        return new Dane(baseDomain, records, flag);
    }

    /** @return the base domain */
    public String baseDomain() {
        return baseDomain;
    }

    /** @return the TLSA records */
    public List<Tlsa> records() {
        return records;
    }

    /** @return whether DANE-EE matches skip the name check */
    public boolean noEeNamechecks() {
        return noEeNamechecks;
    }

    @Override
    public String toString() {
        return "Dane[" + baseDomain + ", " + records.size() + " TLSA]";
    }
}
