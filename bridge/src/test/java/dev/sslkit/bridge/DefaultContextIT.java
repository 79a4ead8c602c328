package dev.sslkit.bridge;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Provider;
import java.security.Security;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 15 item 1: {@code SSLContext.getDefault()} is sslkit's in a JVM started with
 * {@code -Djava.security.properties=file} whose {@code security.provider.1=sslkit} (the JDK's providers shifted
 * down one), with no code change; the backend comes from {@code -Dsslkit.provider}, and with the JDK's own
 * JSSE as backend the bridge does not recurse into itself. Each case is its own JVM.
 */
class DefaultContextIT {
    static Stream<String> backends() {
        return Bridged.backends().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void defaultContextFromSecurityProperties(String backend, @TempDir Path dir) throws Exception {
        StringBuilder props = new StringBuilder("security.provider.1=sslkit\n");
        int i = 2;
        for (Provider p : Security.getProviders()) {
            if (!p.getName().equals("sslkit")) {
                props.append("security.provider.").append(i++).append('=').append(p.getName()).append('\n');
            }
        }
        Path sec = dir.resolve("java.security");
        Files.writeString(sec, props, StandardCharsets.US_ASCII);
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.security.properties=" + sec, "-Dsslkit.provider=" + backend,
                "-Dsslkit.leakDetection=disabled",
                "-cp", cp, DefaultContextMain.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("default=sslkit backend=" + backend + " protocol=TLSv1.3 first=sslkit"), out);
    }
}
