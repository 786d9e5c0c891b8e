package dev.condock.util;

/**
 * The one checked exception of condock. Its message is a single user-facing line (it names the file, line or
 * package at fault); the CLI prints {@code condock: <message>} and exits with {@link #exitCode()}.
 */
public class CondockException extends Exception {
    /** Bad input from the user: a malformed file, an unknown package, a hash mismatch. */
    public static final int USER_ERROR = 2;
    /** The environment failed: network, disk, a registry that is down. */
    public static final int ENVIRONMENT_ERROR = 1;

    private final int exitCode;

    public CondockException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public CondockException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public static CondockException user(String message) {
        return new CondockException(USER_ERROR, message);
    }

    public static CondockException user(String message, Throwable cause) {
        return new CondockException(USER_ERROR, message, cause);
    }

    public static CondockException environment(String message, Throwable cause) {
        return new CondockException(ENVIRONMENT_ERROR, message, cause);
    }

    public static CondockException environment(String message) {
        return new CondockException(ENVIRONMENT_ERROR, message);
    }

    public int exitCode() {
        return exitCode;
    }
}
