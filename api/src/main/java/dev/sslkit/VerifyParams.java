package dev.sslkit;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * X.509 verification parameters ({@code X509_VERIFY_PARAM}): the expected host names, IP address,
 * e-mail, purpose, verification time and host-check flags.
 *
 * <p>Immutable; the {@code with...} methods return changed copies. On a client, sslkit fills the
 * host from {@link Ssl#setHostName(String)} when no host is set here (secure default; OpenSSL checks
 * no host unless told to).
 *
 * @param hosts        expected DNS names ({@code X509_VERIFY_PARAM_set1_host}/{@code add1_host}); empty = none
 * @param ip           expected IP address literal ({@code X509_VERIFY_PARAM_set1_ip_asc}), or {@code null}
 * @param email        expected e-mail address ({@code X509_VERIFY_PARAM_set1_email}), or {@code null}
 * @param time         fixed verification time ({@code X509_VERIFY_PARAM_set_time}), or {@code null} for now
 * @param purpose      {@code sslserver}, {@code sslclient} or {@code null} for the role's default
 * @param noWildcards  {@code X509_CHECK_FLAG_NO_WILDCARDS}
 * @param noPartialWildcards {@code X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS}
 */
public record VerifyParams(List<String> hosts, String ip, String email, Instant time, String purpose,
                           boolean noWildcards, boolean noPartialWildcards) {

    /** The default: nothing beyond the chain itself. */
    public static final VerifyParams DEFAULT = new VerifyParams(List.of(), null, null, null, null, false, false);

    public VerifyParams {
        Objects.requireNonNull(hosts, "hosts must not be null");
        hosts = List.copyOf(hosts);
        if (purpose != null && !purpose.equals("sslserver") && !purpose.equals("sslclient")) {
            throw new IllegalArgumentException("purpose must be sslserver, sslclient or null: " + purpose);
        }
    }

    /** @param host a DNS name  @return a copy expecting exactly this host ({@code set1_host}) */
    public VerifyParams withHost(String host) {
        return new VerifyParams(host == null ? List.of() : List.of(host), ip, email, time, purpose, noWildcards, noPartialWildcards);
    }

    /** @param ipAddress an IP literal  @return a copy expecting it */
    public VerifyParams withIp(String ipAddress) {
        return new VerifyParams(hosts, ipAddress, email, time, purpose, noWildcards, noPartialWildcards);
    }

    /** @param at the time to verify at  @return a copy */
    public VerifyParams withTime(Instant at) {
        return new VerifyParams(hosts, ip, email, at, purpose, noWildcards, noPartialWildcards);
    }

    /** @param p {@code sslserver}, {@code sslclient} or {@code null}  @return a copy */
    public VerifyParams withPurpose(String p) {
        return new VerifyParams(hosts, ip, email, time, p, noWildcards, noPartialWildcards);
    }

    /** @param flag whether wildcards are refused  @return a copy */
    public VerifyParams withNoWildcards(boolean flag) {
        return new VerifyParams(hosts, ip, email, time, purpose, flag, noPartialWildcards);
    }

    /**
     * OpenSSL's {@code X509_VERIFY_PARAM_inherit}: fields still at their default here take the
     * value from {@code from}; flags are OR-ed.
     *
     * @param from the parameters to inherit from
     * @return the merged parameters
     */
    public VerifyParams inherit(VerifyParams from) {
        return new VerifyParams(hosts.isEmpty() ? from.hosts : hosts, ip == null ? from.ip : ip,
                email == null ? from.email : email, time == null ? from.time : time,
                purpose == null ? from.purpose : purpose, noWildcards || from.noWildcards,
                noPartialWildcards || from.noPartialWildcards);
    }
}
