package dev.sslkit.bench;

import dev.sslkit.ProtocolVersion;
import dev.sslkit.ProviderInfo;
import dev.sslkit.Setting;
import dev.sslkit.SslException;
import dev.sslkit.SslMode;
import dev.sslkit.SslOption;
import dev.sslkit.Sslkit;
import dev.sslkit.ProviderCapabilities;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The capability matrix, generated from the providers' own declarations: settings × provider, with
 * options, modes, protocols and resumption. The README carries it between
 * {@value #BEGIN} and {@value #END}; a test fails when the two disagree.
 *
 * <p>Run: {@code java -p bench/target/lib:bench/target/sslkit-bench-<version>.jar -m dev.sslkit.bench/dev.sslkit.bench.CapabilityMatrix --write README.md}
 */
public final class CapabilityMatrix {
    /** Start marker in README.md. */
    public static final String BEGIN = "<!-- capability-matrix:begin -->";
    /** End marker in README.md. */
    public static final String END = "<!-- capability-matrix:end -->";

    private CapabilityMatrix() {
    }

    /**
     * @return the matrix in Markdown, for every installed provider (unavailable ones marked)
     * @throws SslException never for installed providers
     */
    public static String markdown() throws SslException {
        List<ProviderInfo> infos = Sslkit.providers();
        List<ProviderCapabilities> caps = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        sb.append("| setting (OpenSSL) | layer |");
        for (ProviderInfo p : infos) {
            caps.add(Sslkit.capabilities(p.id()));
            sb.append(' ').append(p.id());
            if (p.id().equals("jsse")) {
                sb.append(" (JDK ").append(Runtime.version().feature()).append(')');
            }
            if (!p.available()) {
                sb.append(" (unavailable here)");
            }
            sb.append(" |");
        }
        sb.append('\n').append("|---|---|");
        infos.forEach(p -> sb.append("---|"));
        sb.append('\n');
        for (Setting<?> s : Setting.values()) {
            sb.append("| `").append(s.name()).append("` (").append(s.openSslName().replace("|", "\\|")).append(")")
                    .append(s.copiedByDup() ? " ·dup" : "").append(" | ").append(s.layer() == Setting.Layer.CORE ? "core" : "provider").append(" |");
            for (ProviderCapabilities c : caps) {
                sb.append(' ').append(cell(c.supports(s), s.layer() == Setting.Layer.CORE ? null : c.note(s))).append(" |");
            }
            sb.append('\n');
        }
        for (SslOption o : SslOption.values()) {
            sb.append("| option `").append(o).append("` | provider |");
            for (ProviderCapabilities c : caps) {
                sb.append(' ').append(c.supports(o) ? "✓" : "✗").append(" |");
            }
            sb.append('\n');
        }
        sb.append("| mode `").append(SslMode.SEND_FALLBACK_SCSV).append("` (other modes: core) | provider |");
        for (ProviderCapabilities c : caps) {
            sb.append(' ').append(c.supports(SslMode.SEND_FALLBACK_SCSV) ? "✓" : "✗").append(" |");
        }
        sb.append('\n');
        for (ProtocolVersion v : ProtocolVersion.values()) {
            sb.append("| protocol ").append(v.protocolName()).append(" | provider |");
            for (ProviderCapabilities c : caps) {
                sb.append(' ').append(c.protocols().contains(v) ? "✓" : "✗").append(" |");
            }
            sb.append('\n');
        }
        for (boolean server : new boolean[] {false, true}) {
            for (ProtocolVersion v : List.of(ProtocolVersion.TLS1_2, ProtocolVersion.TLS1_3)) {
                sb.append("| resumption, ").append(server ? "server" : "client").append(", ").append(v.protocolName()).append(" | provider |");
                for (ProviderCapabilities c : caps) {
                    sb.append(' ').append(c.resumes(v, server) ? "✓" : "✗").append(" |");
                }
                sb.append('\n');
            }
        }
        for (ProtocolVersion v : List.of(ProtocolVersion.TLS1_2, ProtocolVersion.TLS1_3)) {
            sb.append("| resumption with other implementations, ").append(v.protocolName()).append(" | provider |");
            for (ProviderCapabilities c : caps) {
                sb.append(' ').append(c.resumesWithOthers(v) ? "✓" : "✗ (only with the same provider)").append(" |");
            }
            sb.append('\n');
        }
        sb.append("| server resumption decided by core's session cache (modes, get callback, id context, timeouts) | provider |");
        for (ProviderCapabilities c : caps) {
            sb.append(' ').append(c.serverCacheControlledByCore() ? "✓" : "✗ (the provider's own server cache decides)").append(" |");
        }
        sb.append('\n');
        sb.append("| session serialization (`SslSession.toBytes`, `i2d_SSL_SESSION`) | provider |");
        for (ProviderCapabilities c : caps) {
            sb.append(' ').append(c.sessionExport() ? "✓" : "✗").append(" |");
        }
        sb.append('\n');
        for (ProtocolVersion v : List.of(ProtocolVersion.TLS1_2, ProtocolVersion.TLS1_3)) {
            sb.append("| server fleet: resumes another instance's sessions through a `SessionStore`, ").append(v.protocolName())
                    .append(" | provider |");
            for (ProviderCapabilities c : caps) {
                sb.append(' ').append(c.fleetResumption(v) ? "✓" : "✗").append(" |");
            }
            sb.append('\n');
        }
        sb.append("| server fleet: application-set TLS ticket keys (a shared, rotated key ring) | provider |");
        for (ProviderCapabilities c : caps) {
            sb.append(' ').append(c.ticketKeys() != null ? "✓ " + c.ticketKeys() : "✗ (no API sets the server's ticket keys)").append(" |");
        }
        sb.append('\n');
        sb.append("| TLS 1.3 tickets a server sends, after a full handshake / a resumption (OpenSSL: 2 / 1) | provider |");
        for (ProviderCapabilities c : caps) {
            sb.append(' ').append(c.tls13TicketsAfterFull()).append(" / ").append(c.tls13TicketsAfterResumption()).append(" |");
        }
        sb.append('\n');
        sb.append("| renegotiation (`SSL_renegotiate`) | provider |");
        for (ProviderCapabilities c : caps) {
            sb.append(' ').append(c.renegotiation() ? "✓" : "✗").append(" |");
        }
        sb.append('\n');
        return sb.toString();
    }

    private static String cell(boolean ok, String note) {
        String n = note == null ? "" : " " + note.replace("|", "\\|");
        return (ok ? "✓" : "✗") + n;
    }

    /**
     * @param readme the README's text
     * @return the matrix section between the markers, or {@code null} if absent
     */
    public static String section(String readme) {
        int a = readme.indexOf(BEGIN);
        int b = readme.indexOf(END);
        if (a < 0 || b < a) {
            return null;
        }
        return readme.substring(a + BEGIN.length(), b).strip() + "\n";
    }

    /**
     * Prints the matrix, or with {@code --write FILE} replaces it in that file between the markers.
     *
     * @param args {@code [--write README.md]}
     * @throws Exception on I/O failure
     */
    public static void main(String[] args) throws Exception {
        String m = markdown();
        if (args.length == 2 && args[0].equals("--write")) {
            write(Path.of(args[1]), m);
        } else {
            System.out.print(m);
        }
    }

    private static void write(Path file, String matrix) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        int a = text.indexOf(BEGIN);
        int b = text.indexOf(END);
        if (a < 0 || b < a) {
            throw new IOException(file + " has no " + BEGIN + " ... " + END + " section");
        }
        Files.writeString(file, text.substring(0, a + BEGIN.length()) + "\n" + matrix + text.substring(b), StandardCharsets.UTF_8);
    }
}
