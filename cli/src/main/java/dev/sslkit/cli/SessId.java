package dev.sslkit.cli;

import dev.sslkit.ProviderInfo;
import dev.sslkit.SslContext;
import dev.sslkit.SslException;
import dev.sslkit.SslMethod;
import dev.sslkit.SslSession;
import dev.sslkit.Sslkit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code openssl sess_id}: reads a session saved by {@code s_client -sess_out} and prints it again
 * ({@code -text}: the {@code SSL-Session:} block; {@code -noout}: not the PEM). The file is sslkit's
 * own format ({@code SslSession.toBytes}); a provider that cannot read saved sessions refuses with its
 * reason. Without {@code -provider}, the providers that can read sessions are tried in turn.
 */
@Command(name = "sess_id", sortOptions = false, description = "Print a session saved by s_client -sess_out, as openssl sess_id.")
final class SessId extends Base {
    @Option(names = "-in", paramLabel = "file", required = true, description = "The session file.")
    Path in;
    @Option(names = "-text", description = "Print the session in text.")
    boolean text;
    @Option(names = "-noout", description = "Do not print the session PEM.")
    boolean noout;

    SessId(Main.Io io) {
        super(io);
    }

    @Override
    public Integer call() throws Exception {
        byte[] bytes = Tls.readSessionPem(in);
        List<String> ids = new ArrayList<>();
        if (provider != null) {
            requireProvider(provider);
            if (!Sslkit.capabilities(provider).sessionExport()) {
                throw new CliException("provider " + provider + " cannot read saved sessions "
                        + "(SslSession.fromBytes / d2i_SSL_SESSION): it cannot serialize sessions; providers that can: " + exporters());
            }
            ids.add(provider);
        } else {
            for (ProviderInfo p : Sslkit.providers()) {
                if (p.available() && Sslkit.capabilities(p.id()).sessionExport()) {
                    ids.add(p.id());
                }
            }
            if (ids.isEmpty()) {
                throw new CliException("no installed provider can read saved sessions (only bc serializes sessions)");
            }
        }
        SslException last = null;
        for (String id : ids) {
            try (SslContext ctx = SslContext.newContext(SslMethod.TLS_CLIENT, id)) {
                SslSession s;
                try {
                    s = SslSession.fromBytes(bytes, ctx);
                } catch (SslException e) {
                    last = e;
                    continue;
                }
                try (s) {
                    if (text) {
                        Tls.printSession(s, 0, "ok", io.out);
                    }
                    if (!noout) {
                        io.out.print(Tls.sessionPem(s.toBytes()));
                    }
                    return 0;
                }
            }
        }
        throw new CliException(in + ": not a session any of " + ids + " can read: " + Main.message(last), last);
    }

    static String exporters() {
        List<String> s = new ArrayList<>();
        for (ProviderInfo p : Sslkit.providers()) {
            try {
                if (p.available() && Sslkit.capabilities(p.id()).sessionExport()) {
                    s.add(p.id());
                }
            } catch (SslException e) {
                throw new CliException("provider " + p.id() + " is listed but not installed: " + Main.message(e), e);
            }
        }
        return s.isEmpty() ? "none installed" : String.join(", ", s);
    }
}
