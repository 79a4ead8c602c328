package dev.sslkit.cli;

import dev.sslkit.VerifyCallback;
import dev.sslkit.VerifyContext;

import java.io.PrintStream;

/**
 * The verify callback of OpenSSL's {@code apps/lib/s_cb.c}: prints {@code depth=N subject}, each
 * {@code verify error:num=E:text} and {@code verify return:R} for every certificate of the peer's
 * chain, and keeps the first error for the one-line failure and {@code Verify return code}. Without
 * {@code -verify_return_error} it accepts despite errors, as {@code s_client} does.
 */
final class VerifyLog implements VerifyCallback {
    private final PrintStream err;
    private final boolean returnError;
    private final boolean quiet;
    private volatile int firstError;
    private volatile int firstDepth = -1;
    private volatile String firstText = "ok";
    private volatile String firstSubject = "";

    /**
     * @param err         where the lines go
     * @param returnError {@code -verify_return_error}: refuse on the first error
     * @param quiet       print only errors ({@code -brief}, {@code -quiet})
     */
    VerifyLog(PrintStream err, boolean returnError, boolean quiet) {
        this.err = err;
        this.returnError = returnError;
        this.quiet = quiet;
    }

    @Override
    public boolean verify(boolean preverifyOk, VerifyContext ctx) {
        String subject = ctx.currentCertificate() == null ? "" : Tls.oneline(ctx.currentCertificate().getSubjectX500Principal());
        if (!quiet || !preverifyOk) {
            err.println("depth=" + ctx.errorDepth() + " " + subject);
        }
        boolean ok = preverifyOk;
        if (!preverifyOk) {
            err.println("verify error:num=" + ctx.error() + ":" + ctx.errorString());
            if (firstDepth < 0) {
                firstError = ctx.error();
                firstDepth = ctx.errorDepth();
                firstText = ctx.errorString();
                firstSubject = subject;
            }
            ok = !returnError;
        }
        if (!quiet || !preverifyOk) {
            err.println("verify return:" + (ok ? 1 : 0));
        }
        return ok;
    }

    /** Forgets the last handshake's errors. */
    void reset() {
        firstError = 0;
        firstDepth = -1;
        firstText = "ok";
        firstSubject = "";
    }

    /** @return the first X509 error of the last handshake, 0 if none */
    int error() {
        return firstError;
    }

    /** @return its text, {@code ok} if none */
    String text() {
        return firstText;
    }

    /** @return whether an error was seen */
    boolean failed() {
        return firstDepth >= 0;
    }

    /** @return the one-line description: {@code verify error:num=18:self-signed certificate at depth=0 CN = x} */
    String describe() {
        return "verify error:num=" + firstError + ":" + firstText + " at depth=" + firstDepth + " " + firstSubject;
    }
}
