package dev.sslkit.cli;

/**
 * A failure the user can act on: printed as one line {@code sslkit <command>: <message>} with a
 * non-zero exit code, and a stack trace only with {@code -debug}.
 */
final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CliException(String message) {
        super(message);
    }

    CliException(String message, Throwable cause) {
        super(message, cause);
    }
}
