package dev.sslkit;

import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** Issue 9 item 5: an SslException's text is one line; what a provider said stays in the cause. */
class SslExceptionTest {
    @Test
    void messageIsOneLineWithTheReasonFirst() {
        IOException cause = new IOException("line one\nline two");
        SslException e = new SslException(SslReason.UNEXPECTED_EOF_WHILE_READING, "provider said:\n  line one\r\nline two", cause);
        assertEquals("SSL routines: unexpected eof while reading; provider said: line one line two", e.getMessage());
        assertSame(cause, e.getCause());
    }
}
