package dev.sslkit.bench;

import dev.sslkit.ProviderInfo;
import dev.sslkit.Sslkit;
import dev.sslkit.bench.work.Meter;
import dev.sslkit.bench.work.PairFactory;
import dev.sslkit.bench.work.Proto;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The cost of one connection (HandshakeBench's unit: a new client and server, the handshake, the
 * server's first byte, both freed) through sslkit and through the same provider's raw engines, as
 * <b>thread CPU time</b> and <b>bytes allocated</b> by the measuring thread — the two figures that do
 * not depend on how busy the machine is (issue 13, items 6 and 7). Both factories are warmed first,
 * alternately; then every round measures both, the side that goes first alternating from round to
 * round, and the line gives the median of the rounds with their range.
 *
 * <p>Run: {@code java -Dsslkit.leakDetection=disabled -cp 'bench/target/lib/*:bench/target/sslkit-bench-0.1.0-SNAPSHOT.jar' dev.sslkit.bench.ConnectionCost [--warmup=N] [--ops=N] [--rounds=N] [--providers=jsse,bc,conscrypt] [--protocol=TLSv1.3|TLSv1.2|both] [--modes=full,resumed]}
 *
 * <p>Prints per provider, protocol and mode:
 * {@code cost <provider> <proto> <full|resumed> sslkit cpu <ns> [<min>-<max>] alloc <B> raw cpu <ns> [<min>-<max>] alloc <B> ratio <raw CPU ÷ sslkit CPU>}
 * (the ratio reads like the issue-13 targets, a speed: 1 = sslkit costs what raw costs, 0.9 = sslkit needs 11 % more CPU),
 * or {@code skip <provider> <proto> <mode> <cause>}.
 */
public final class ConnectionCost {
    private ConnectionCost() {
    }

    /**
     * One side's figures over the rounds.
     *
     * @param cpu   CPU ns per connection
     * @param bytes bytes allocated per connection
     * @param wall  wall-clock ns per connection
     */
    public record Side(Meter.Stat cpu, Meter.Stat bytes, Meter.Stat wall) {
    }

    /**
     * Measures sslkit and raw for one setup.
     *
     * @param provider client and server provider
     * @param proto    protocol
     * @param resume   resumed handshakes (else full)
     * @param warmup   connections each side runs before measuring
     * @param ops      connections per round
     * @param rounds   rounds
     * @return {sslkit, raw}
     * @throws Exception if a side cannot run
     */
    public static Side[] measure(String provider, Proto proto, boolean resume, int warmup, int ops, int rounds) throws Exception {
        try (PairFactory sslkit = PairFactory.create(new PairFactory.Spec(PairFactory.Impl.SSLKIT, provider, provider,
                proto.handshakeSuite(), resume, false));
             PairFactory raw = PairFactory.create(new PairFactory.Spec(PairFactory.Impl.RAW, provider, provider,
                proto.handshakeSuite(), resume, false))) {
            PairFactory[] fs = {sslkit, raw};
            int chunk = Math.max(1, Math.min(100, warmup));
            for (int done = 0; done < warmup; done += chunk) {
                for (PairFactory f : fs) {
                    Meter.times(() -> check(f, resume), chunk);
                }
            }
            double[][] cpu = new double[2][rounds];
            double[][] bytes = new double[2][rounds];
            double[][] wall = new double[2][rounds];
            for (int r = 0; r < rounds; r++) {
                for (int k = 0; k < 2; k++) {
                    int i = (r % 2 == 0) ? k : 1 - k; // alternate which side goes first
                    PairFactory f = fs[i];
                    Meter.Sample s = Meter.times(() -> check(f, resume), ops);
                    cpu[i][r] = s.cpuNs();
                    bytes[i][r] = s.bytes();
                    wall[i][r] = s.wallNs();
                }
            }
            Side[] out = new Side[2];
            for (int i = 0; i < 2; i++) {
                out[i] = new Side(Meter.Stat.of(cpu[i]), Meter.Stat.of(bytes[i]), Meter.Stat.of(wall[i]));
            }
            return out;
        }
    }

    private static void check(PairFactory f, boolean resume) throws Exception {
        if (f.connection() != resume) {
            throw new IllegalStateException(f + ": " + (resume ? "did not resume" : "resumed"));
        }
    }

    /**
     * @param args see the class javadoc
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        Compare.quietLogs();
        int warmup = 2000;
        int ops = 300;
        int rounds = 5;
        List<String> ids = new ArrayList<>();
        List<Proto> protos = List.of(Proto.TLS13, Proto.TLS12);
        List<Boolean> modes = List.of(false, true);
        for (String a : args) {
            String v = a.substring(a.indexOf('=') + 1);
            if (a.startsWith("--warmup=")) {
                warmup = Integer.parseInt(v);
            } else if (a.startsWith("--ops=")) {
                ops = Integer.parseInt(v);
            } else if (a.startsWith("--rounds=")) {
                rounds = Integer.parseInt(v);
            } else if (a.startsWith("--providers=")) {
                ids.addAll(List.of(v.split(",")));
            } else if (a.startsWith("--protocol=")) {
                protos = v.equals("both") ? List.of(Proto.TLS13, Proto.TLS12) : List.of(Proto.of(v));
            } else if (a.startsWith("--modes=")) {
                modes = new ArrayList<>();
                for (String m : v.split(",")) {
                    modes.add(m.equals("resumed"));
                }
            } else {
                throw new IllegalArgumentException("unknown option " + a);
            }
        }
        List<ProviderInfo> found = Sslkit.providers();
        if (ids.isEmpty()) {
            found.forEach(p -> ids.add(p.id()));
        }
        System.out.println("# " + System.getProperty("java.vm.name") + " " + Runtime.version() + ", warm-up " + warmup
                + ", " + rounds + " rounds of " + ops + " connections per side, order alternating");
        for (String id : ids) {
            ProviderInfo info = found.stream().filter(p -> p.id().equals(id)).findFirst().orElse(null);
            for (Proto p : protos) {
                for (boolean resume : modes) {
                    String what = id + " " + p.label() + " " + (resume ? "resumed" : "full");
                    if (info == null || !info.available()) {
                        System.out.println("skip " + what + " " + (info == null ? "not installed" : info.cause()));
                        continue;
                    }
                    Side[] s;
                    try {
                        s = measure(id, p, resume, warmup, ops, rounds);
                    } catch (Exception | Error e) {
                        System.out.println("skip " + what + " " + Compare.brief(e));
                        continue;
                    }
                    System.out.printf(Locale.ROOT, "cost %s sslkit cpu %.0f [%.0f-%.0f] alloc %.0f raw cpu %.0f [%.0f-%.0f] alloc %.0f"
                            + " ratio %.3f%n", what, s[0].cpu().median(), s[0].cpu().min(), s[0].cpu().max(), s[0].bytes().median(),
                            s[1].cpu().median(), s[1].cpu().min(), s[1].cpu().max(), s[1].bytes().median(),
                            s[1].cpu().median() / s[0].cpu().median());
                }
            }
        }
    }
}
