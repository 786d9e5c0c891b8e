package dev.condock.cache;

import dev.condock.util.FileTrees;
import dev.condock.util.TempOwner;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Removes what killed runs left in the cache: temp directories {@code tmp/build-*}, {@code tmp/plan-*} and temp
 * files {@code .<name>.tmp-*} (half-written blobs, downloads, records) whose owner ({@link TempOwner}) is no
 * longer running. A temp name without an owner (older condock, another host's pid namespace) is removed once it
 * is older than {@link #UNOWNED_AGE}, so a live concurrent build's work is never pulled from under it. Runs at
 * the start of every build; costs a directory listing per cache directory.
 */
public final class CacheSweeper {
    /** How old an ownerless temp must be before it counts as abandoned: longer than any build runs. */
    public static final Duration UNOWNED_AGE = Duration.ofHours(24);

    /** What a sweep removed. */
    public record Swept(int entries, long bytes) {}

    private CacheSweeper() {}

    public static Swept sweep(Path cacheRoot) {
        long[] totals = new long[2];
        if (!Files.isDirectory(cacheRoot)) {
            return new Swept(0, 0);
        }
        Instant cutoff = Instant.now().minus(UNOWNED_AGE);
        sweepDir(cacheRoot.resolve("tmp"), cutoff, totals, true);
        try (DirectoryStream<Path> top = Files.newDirectoryStream(cacheRoot)) {
            for (Path d : top) {
                if (d.getFileName().toString().equals("tmp") || !Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                sweepDir(d, cutoff, totals, false);
                try (DirectoryStream<Path> sub = Files.newDirectoryStream(d, Files::isDirectory)) {
                    for (Path s : sub) {
                        sweepDir(s, cutoff, totals, false);
                    }
                }
            }
        } catch (IOException ignored) {
            // an unreadable cache directory is reported by the build itself when it needs it
        }
        return new Swept((int) totals[0], totals[1]);
    }

    /** Removes the abandoned temp files ({@code .<name>.tmp-*}) directly in {@code dir} (an OCI layout's too). */
    public static Swept sweepTemps(Path dir) {
        long[] totals = new long[2];
        sweepDir(dir, Instant.now().minus(UNOWNED_AGE), totals, false);
        return new Swept((int) totals[0], totals[1]);
    }

    /** Temp files (and, in tmp/, temp directories) of {@code dir} that are abandoned. */
    private static void sweepDir(Path dir, Instant cutoff, long[] totals, boolean tmpDir) {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                boolean temp = tmpDir
                        ? name.startsWith("build-") || name.startsWith("plan-")
                        : name.startsWith(".") && name.contains(".tmp-");
                if (temp && abandoned(p, name, cutoff)) {
                    long size = sizeOf(p);
                    try {
                        FileTrees.delete(p);
                        totals[0]++;
                        totals[1] += size;
                    } catch (IOException ignored) {
                        // gone already (another run swept it) or not ours to delete: leave it
                    }
                }
            }
        } catch (IOException ignored) {
            // as above
        }
    }

    static boolean abandoned(Path p, String name, Instant cutoff) {
        Optional<long[]> owner = TempOwner.of(name);
        if (owner.isPresent()) {
            return !TempOwner.alive(owner.get()[0], owner.get()[1]);
        }
        try {
            return Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS)
                    .toInstant()
                    .isBefore(cutoff);
        } catch (IOException e) {
            return false;
        }
    }

    private static long sizeOf(Path p) {
        try (var s = Files.walk(p)) {
            return s.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS))
                    .mapToLong(f -> f.toFile().length())
                    .sum();
        } catch (IOException | java.io.UncheckedIOException e) {
            return 0;
        }
    }
}
