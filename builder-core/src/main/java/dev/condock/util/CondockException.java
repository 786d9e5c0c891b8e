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
    /** An internal error: condock itself is wrong (sysexits' EX_SOFTWARE), so scripts can tell it from 1 and 2. */
    public static final int BUG = 70;

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

    /** Something condock should never do happened; the message says what was being done. */
    public static CondockException bug(String message, Throwable cause) {
        return new CondockException(BUG, message + ": this is a bug (" + cause + ")", cause);
    }

    public int exitCode() {
        return exitCode;
    }
}
