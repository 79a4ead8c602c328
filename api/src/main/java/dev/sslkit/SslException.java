package dev.sslkit;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A TLS failure, carrying OpenSSL-style {@linkplain SslReason reasons}, oldest first, as
 * {@code ERR_get_error} would return them. The message lists every reason and a detail sentence, on
 * one line (line breaks in the detail become spaces); a provider's own exception is the cause.
 *
 * <p>It extends {@link IOException}, as {@code javax.net.ssl.SSLException} does, because a TLS
 * connection is a transport.
 */
public class SslException extends IOException {
    private static final long serialVersionUID = 1L;

    private final List<SslReason> reasons;
    private final String detail;

    /**
     * @param reason the reason
     * @param detail a sentence saying what failed and, where useful, what to do
     */
    public SslException(SslReason reason, String detail) {
        this(List.of(reason), detail, null);
    }

    /**
     * @param reason the reason
     * @param detail a sentence saying what failed
     * @param cause  the provider's or transport's exception
     */
    public SslException(SslReason reason, String detail, Throwable cause) {
        this(List.of(reason), detail, cause);
    }

    /**
     * @param reasons the reasons, oldest first; at least one
     * @param detail  a sentence saying what failed
     * @param cause   the underlying exception, or {@code null}
     */
    public SslException(List<SslReason> reasons, String detail, Throwable cause) {
        super(message(reasons, detail), cause);
        if (reasons.isEmpty()) {
            throw new IllegalArgumentException("an SslException needs at least one reason");
        }
        this.reasons = Collections.unmodifiableList(new ArrayList<>(reasons));
        this.detail = Objects.requireNonNullElse(detail, "");
    }

    /** @return the detail sentence alone, without the reasons the message starts with */
    public String detail() {
        return detail;
    }

    private static String message(List<SslReason> reasons, String detail) {
        Objects.requireNonNull(reasons, "reasons must not be null");
        StringBuilder sb = new StringBuilder();
        for (SslReason r : reasons) {
            sb.append(r.library()).append(": ").append(r.reason()).append("; ");
        }
        // one line (issue 9 item 5): a provider's multi-line text stays in the cause
        return sb.append(Objects.requireNonNullElse(detail, "").replaceAll("\\s*\\R\\s*", " ")).toString();
    }

    /** @return the reasons, oldest first (what {@code ERR_get_error} returns in turn); never empty */
    public List<SslReason> reasons() {
        return reasons;
    }

    /** @return the newest reason ({@code ERR_peek_last_error}) */
    public SslReason reason() {
        return reasons.get(reasons.size() - 1);
    }

    /**
     * @param r a reason
     * @return whether the stack holds a reason with the same library and code
     */
    public boolean hasReason(SslReason r) {
        for (SslReason x : reasons) {
            if (x.code() == r.code() && x.library().equals(r.library())) {
                return true;
            }
        }
        return false;
    }
}
