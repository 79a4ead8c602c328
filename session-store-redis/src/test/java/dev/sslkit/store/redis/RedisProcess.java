package dev.sslkit.store.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@code redis-server} of the test's own on a free loopback port, without persistence; stoppable,
 * pausable (SIGSTOP: a slow Redis) and restartable on the same port. {@code .ci/run} installs the
 * Debian package {@code redis-server} when it is missing.
 */
final class RedisProcess implements AutoCloseable {
    final int port;
    private Process process;

    private RedisProcess(int port) {
        this.port = port;
    }

    static String binary() {
        for (String d : List.of("/usr/bin", "/usr/local/bin", "/usr/sbin")) {
            if (Files.isExecutable(Path.of(d, "redis-server"))) {
                return d + "/redis-server";
            }
        }
        throw new IllegalStateException("redis-server is not installed: .ci/run installs it (apt-get install -y redis-server)");
    }

    static RedisProcess start() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        RedisProcess r = new RedisProcess(port);
        r.startAgain();
        return r;
    }

    String uri() {
        return "redis://127.0.0.1:" + port;
    }

    void startAgain() throws Exception {
        process = new ProcessBuilder(binary(), "--port", String.valueOf(port), "--bind", "127.0.0.1", "--save", "",
                "--appendonly", "no", "--daemonize", "no", "--loglevel", "warning")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < end) {
            if (ping()) {
                return;
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("redis-server did not answer PING on port " + port);
    }

    boolean ping() {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(500);
            OutputStream o = s.getOutputStream();
            o.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            o.flush();
            InputStream in = s.getInputStream();
            byte[] b = new byte[7];
            int n = in.readNBytes(b, 0, 7);
            return n == 7 && new String(b, StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (IOException e) {
            return false;
        }
    }

    /** Stops it (SIGKILL: as a crash) and waits. */
    void stop() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** SIGSTOP / SIGCONT: a Redis that accepts but does not answer (slow). */
    void pause(boolean paused) throws Exception {
        Process p = new ProcessBuilder("kill", paused ? "-STOP" : "-CONT", String.valueOf(process.pid())).start();
        p.waitFor(5, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        if (process != null && process.isAlive()) {
            pause(false);
        }
        stop();
    }
}
