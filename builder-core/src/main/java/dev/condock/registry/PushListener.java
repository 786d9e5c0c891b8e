package dev.condock.registry;

/**
 * What a push reports while it runs. Called from several threads at once (layers go in parallel): implementations
 * must be thread-safe. Nothing here carries credentials.
 */
public interface PushListener {
    enum Outcome {
        PUSHED,
        SKIPPED,
        MOUNTED
    }

    PushListener NONE = new PushListener() {};

    /** A blob (layer or config) is about to be checked or uploaded. */
    default void blobStarted(String digest, long size) {}

    /** {@code bytes} of {@code total} of this blob's upload are done (attempts restart from zero). */
    default void blobProgress(String digest, long bytes, long total) {}

    default void blobDone(String digest, long size, Outcome outcome) {}

    /** A request failed in a way worth trying again, and will be. */
    default void retrying(String what, int attempt, String reason) {}

    default void manifestPushed(ImageReference target, String digest) {}
}
