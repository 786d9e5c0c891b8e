package dev.condock.util;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes that are never seen half done: data goes to a temp name in the same directory, then is renamed.
 * Readers (and a second build sharing the cache) see either nothing or the whole file.
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /** A fresh temp directory under {@code parent} named {@code <kind>-<owner>-<random>}. */
    public static Path tempDir(Path parent, String kind) throws IOException {
        Files.createDirectories(parent);
        return Files.createTempDirectory(parent, kind + "-" + TempOwner.tag() + "-");
    }

    /** A fresh temp path next to {@code target}, in the same directory so the rename is atomic. */
    public static Path tempSibling(Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        // the owner in the name: a later run removes the leftovers of a killed one (cache.CacheSweeper)
        return dir.resolve("." + target.getFileName() + ".tmp-" + TempOwner.tag() + "-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong()));
    }

    /** Moves {@code temp} onto {@code target} atomically, replacing what is there. */
    public static void commit(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    public static void write(Path target, byte[] data) throws IOException {
        Path tmp = tempSibling(target);
        try {
            Files.write(tmp, data);
            commit(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
