package dev.sslkit.cli;

/** {@code host:port} arguments as OpenSSL's tools take them ({@code [::1]:443} for IPv6). */
final class HostPort {
    private HostPort() {
    }

    /**
     * @param s      {@code host:port}, {@code [v6]:port} or {@code host} (port 4433)
     * @param option the option, for the error
     * @return host and port
     */
    static String[] parse(String s, String option) {
        String host;
        String port;
        if (s.startsWith("[")) {
            int e = s.indexOf(']');
            if (e < 0) {
                throw new CliException(option + " " + s + ": missing ']'");
            }
            host = s.substring(1, e);
            port = s.length() > e + 2 && s.charAt(e + 1) == ':' ? s.substring(e + 2) : "4433";
        } else {
            int c = s.lastIndexOf(':');
            host = c < 0 ? s : s.substring(0, c);
            port = c < 0 ? "4433" : s.substring(c + 1);
        }
        return new String[] {host.isEmpty() ? "localhost" : host, String.valueOf(port(port, option))};
    }

    /** @param p a port @param option the option @return it, checked */
    static int port(String p, String option) {
        try {
            int n = Integer.parseInt(p);
            if (n < 0 || n > 65535) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new CliException(option + ": '" + p + "' is not a port number (0-65535)");
        }
    }

    /** @param host a host @return whether it is a literal address (no SNI for those) */
    static boolean isAddress(String host) {
        return host.contains(":") || host.matches("[0-9.]+");
    }
}
