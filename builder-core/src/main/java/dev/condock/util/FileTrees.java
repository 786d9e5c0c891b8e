package dev.condock.util;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Removing scratch directories. */
public final class FileTrees {
    private FileTrees() {}

    /** Deletes {@code root} and everything under it (children first); nothing when it is absent. */
    public static void delete(Path root) throws IOException {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Like {@link #delete} for temp dirs on a way out: a failure must not hide the error that got us here. */
    public static void deleteQuietly(Path root) {
        try {
            delete(root);
        } catch (IOException ignored) {
            // best effort: it is a temp dir under the cache
        }
    }
}
