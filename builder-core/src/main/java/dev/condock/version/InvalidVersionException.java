package dev.condock.version;

/** A version or version spec conda would reject; callers turn it into a CondockException naming the file. */
public final class InvalidVersionException extends IllegalArgumentException {
    public InvalidVersionException(String input, String reason) {
        super("invalid version '" + input + "': " + reason);
    }
}
