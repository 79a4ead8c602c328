package dev.sslkit.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Reads stdin on a daemon thread, so the connection's thread can wait on its socket and still send
 * what the user types (OpenSSL's tools {@code select()} on both). An empty array marks end of input.
 */
final class StdinPump {
    private final LinkedBlockingQueue<byte[]> queue = new LinkedBlockingQueue<>();
    private final Thread thread;

    StdinPump(InputStream in) {
        thread = new Thread(() -> {
            byte[] b = new byte[8192];
            try {
                int n;
                while ((n = in.read(b)) > 0) {
                    queue.add(Arrays.copyOf(b, n));
                }
            } catch (IOException e) {
                // a closed stdin is end of input
            }
            queue.add(new byte[0]);
        }, "sslkit-stdin");
        thread.setDaemon(true);
        thread.start();
    }

    /** @return the next chunk, an empty array at end of input, or {@code null} if nothing came yet */
    byte[] poll() {
        return queue.poll();
    }

    /** Stops waiting for input (the thread may stay blocked in read; it is a daemon). */
    void stop() {
        thread.interrupt();
    }
}
