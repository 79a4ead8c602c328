package dev.sslkit.tck;

import dev.sslkit.ProtocolVersion;
import dev.sslkit.tck.OpenSslBinary.ClientOptions;
import dev.sslkit.tck.OpenSslBinary.Handshake;
import dev.sslkit.tck.OpenSslBinary.Result;
import dev.sslkit.tck.OpenSslBinary.ServerOptions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The s_client parsers and the command lines, on canned text (no binary needed). */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class OpenSslOutputTest {

    /** Abridged from OpenSSL 3.0.19's {@code s_client -reconnect -tls1_2}. */
    static final String RECONNECT_TLS12 = String.join("\n",
            "CONNECTED(00000003)",
            "---",
            "New, TLSv1.2, Cipher is ECDHE-ECDSA-AES256-GCM-SHA384",
            "SSL-Session:",
            "    Protocol  : TLSv1.2",
            "    Cipher    : ECDHE-ECDSA-AES256-GCM-SHA384",
            "    Verify return code: 0 (ok)",
            "---",
            "drop connection and then reconnect",
            "CONNECTED(00000003)",
            "Reused, TLSv1.2, Cipher is ECDHE-ECDSA-AES256-GCM-SHA384",
            "SSL-Session:",
            "    Protocol  : TLSv1.2",
            "    Cipher    : ECDHE-ECDSA-AES256-GCM-SHA384",
            "    Verify return code: 0 (ok)",
            "");

    /** Abridged from {@code s_client -tls1_3} to a server with an expired certificate. */
    static final String TLS13_EXPIRED = String.join("\n",
            "CONNECTED(00000003)",
            "verify error:num=10:certificate has expired",
            "---",
            "New, TLSv1.3, Cipher is TLS_AES_256_GCM_SHA384",
            "Verify return code: 10 (certificate has expired)",
            "---",
            "Post-Handshake New Session Ticket arrived:",
            "SSL-Session:",
            "    Protocol  : TLSv1.3",
            "    Cipher    : TLS_AES_256_GCM_SHA384",
            "    Verify return code: 10 (certificate has expired)",
            "");

    static Result result(String stdout) {
        return new Result(List.of("openssl", "s_client"), 0, false, stdout, "");
    }

    @Test
    void parsesNewAndReusedHandshakes() {
        Result r = result(RECONNECT_TLS12);
        assertEquals(List.of(new Handshake(false, "TLSv1.2", "ECDHE-ECDSA-AES256-GCM-SHA384"),
                new Handshake(true, "TLSv1.2", "ECDHE-ECDSA-AES256-GCM-SHA384")), r.handshakes());
        assertEquals(1, r.newCount());
        assertEquals(1, r.reusedCount());
        assertTrue(r.lastReused());
        assertEquals(Optional.of(ProtocolVersion.TLS1_2), r.protocol());
        assertEquals(Optional.of("ECDHE-ECDSA-AES256-GCM-SHA384"), r.cipher());
        assertEquals(OptionalInt.of(0), r.verifyReturnCode());
        assertTrue(r.verifyOk());
        assertTrue(r.succeeded());
    }

    @Test
    void parsesVerifyFailureAndTls13() {
        Result r = result(TLS13_EXPIRED);
        assertEquals(OptionalInt.of(10), r.verifyReturnCode());
        assertFalse(r.verifyOk());
        assertEquals(Optional.of("TLSv1.3"), r.protocolName());
        assertEquals(Optional.of("TLS_AES_256_GCM_SHA384"), r.cipher());
        assertFalse(r.lastReused());
    }

    @Test
    void emptyOutputParsesToNothing() {
        Result r = new Result(List.of("openssl"), -1, true, "", "");
        assertTrue(r.handshakes().isEmpty());
        assertEquals(Optional.empty(), r.protocol());
        assertEquals(Optional.empty(), r.cipher());
        assertEquals(OptionalInt.empty(), r.verifyReturnCode());
        assertFalse(r.succeeded());
        assertTrue(r.describe().contains("(timed out)"));
    }

    @Test
    void unknownProtocolNameIsNotAVersion() {
        Result r = result("New, SSLv3, Cipher is X\n");
        assertEquals(Optional.of("SSLv3"), r.protocolName());
        assertEquals(Optional.empty(), r.protocol());
    }

    @Test
    void commandLines() {
        Path p = Path.of("/x");
        List<String> server = ServerOptions.create().cert(p.resolve("c.pem")).key(p.resolve("k.pem"))
                .caFile(p.resolve("root.pem")).protocol(ProtocolVersion.TLS1_3).requireClientCert(2).numTickets(3)
                .mode(OpenSslBinary.Mode.REV).command();
        assertEquals(List.of(OpenSslBinary.executable(), "s_server", "-accept", "127.0.0.1:0", "-cert", "/x/c.pem",
                "-key", "/x/k.pem", "-CAfile", "/x/root.pem", "-tls1_3", "-Verify", "2", "-num_tickets", "3", "-rev"),
                server);
        List<String> client = ClientOptions.connect(4433).caFile(p.resolve("root.pem")).servername("localhost")
                .sessOut(p.resolve("s")).reconnect(true).protocol(ProtocolVersion.TLS1_2).command();
        assertEquals(List.of(OpenSslBinary.executable(), "s_client", "-connect", "127.0.0.1:4433", "-CAfile",
                "/x/root.pem", "-servername", "localhost", "-sess_out", "/x/s", "-reconnect", "-tls1_2", "-ign_eof"),
                client);
        assertFalse(ClientOptions.connect(1).ignEof(false).command().contains("-ign_eof"));
    }
}
