package dev.sslkit.cli;

import dev.sslkit.ProtocolVersion;
import dev.sslkit.ProviderInfo;
import dev.sslkit.Sslkit;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code sslkit providers}: the installed TLS providers, their versions, whether each can run here
 * (with the cause when not), where each was loaded from, and its capability rows as the providers
 * declare them (the same declarations the README's capability matrix is generated from).
 */
@Command(name = "providers", sortOptions = false, description = "List the installed TLS providers, their availability and capabilities.")
final class Providers extends Base {
    @Option(names = "-settings", description = "Also every provider-layer setting each honours.")
    boolean settings;

    Providers(Main.Io io) {
        super(io);
    }

    @Override
    public Integer call() throws Exception {
        PrintStream out = io.out;
        List<ProviderInfo> all = Sslkit.providers();
        String chosen = Sslkit.configuredProviderId();
        for (ProviderInfo p : all) {
            out.printf("%-10s %-10s %s%s%n", p.id(), p.version(), p.available() ? "available" : "UNAVAILABLE: " + p.cause(),
                    p.id().equals(chosen) ? "  (default here)" : "");
            out.println("  location:        " + p.location());
            if (!p.available()) {
                continue;
            }
            dev.sslkit.ProviderCapabilities c = Sslkit.capabilities(p.id());
            out.println("  protocols:       " + names(new ArrayList<>(c.protocols())));
            out.println("  client resumes:  " + resumes(c, false));
            out.println("  server resumes:  " + resumes(c, true) + (c.serverCacheControlledByCore()
                    ? " (decided by sslkit's session cache)" : " (decided by the provider's own server cache)"));
            out.println("  session export:  " + (c.sessionExport() ? "yes (-sess_out, -sess_in, sess_id)" : "no"));
            out.println("  TLS 1.3 tickets: " + c.tls13TicketsAfterFull() + " after a full handshake, "
                    + c.tls13TicketsAfterResumption() + " after a resumption");
            out.println("  renegotiation:   " + (c.renegotiation() ? "yes" : "no"));
            out.println("  options:         " + c.options());
            if (settings) {
                List<String> s = new ArrayList<>();
                c.settings().forEach(x -> s.add(x.name()));
                s.sort(null);
                out.println("  settings:        " + String.join(", ", s));
            }
        }
        if (all.isEmpty()) {
            out.println("no TLS provider installed: add dev.sslkit.provider.jsse (sslkit-provider-jsse)");
            return 1;
        }
        return 0;
    }

    private static String resumes(dev.sslkit.ProviderCapabilities c, boolean server) {
        List<String> s = new ArrayList<>();
        for (ProtocolVersion v : c.protocols()) {
            if (c.resumes(v, server)) {
                s.add(v.protocolName() + (c.resumesWithOthers(v) ? "" : " (only with itself)"));
            }
        }
        return s.isEmpty() ? "none" : String.join(", ", s);
    }

    private static String names(List<ProtocolVersion> vs) {
        List<String> s = new ArrayList<>();
        for (ProtocolVersion v : vs) {
            s.add(v.protocolName());
        }
        return String.join(" ", s);
    }
}
