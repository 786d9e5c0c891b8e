package dev.condock.cache;

import dev.condock.util.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Whether a cache file may be used without hashing it again: a cache entry (layer blob, package archive) is
 * hashed in full when it is stored or when its stamp no longer matches, and the stamp of the verified file
 * (size, mtime, ctime, inode) is kept in {@code <cache>/stamps/}. A matching stamp means the same file, untouched.
 * A file: channel's package archive is stamped the same way, with the hashes it had ({@link #recorded}): a bump
 * build over a local channel hashed every unchanged archive of the environment again (0.27 s for a 119 MB one).
 *
 * <p>Why a stamp and not a full sha256 on every reuse: a no-op rebuild of a CUDA-sized image would hash
 * gigabytes (about 0.5 s per GB here) on each run, which is most of what a no-op costs; the stamp costs one
 * stat per entry. Why it is reliable: every write through the file system (an editor, dd conv=notrunc, a
 * partial copy) sets ctime, which user space cannot set back (touch -r restores mtime only), and a replaced file
 * has a new inode. What it cannot see is the disk itself flipping bits under an unchanged inode:
 * {@code condock cache verify} hashes everything for that. Where the file system has no unix attributes the
 * stamp is never trusted, so every reuse hashes (correct, only slower). {@code -Dcondock.cache.verify=full}
 * (through CONDOCK_JAVA_OPTS) ignores stamps, {@code =off} trusts every entry of the right size unseen (what
 * condock did before issue 14): the measurement switches for the choice above (scripts/bench-cache-verify.sh),
 * never for real builds.
 */
public final class Integrity {
    private static final String MODE = System.getProperty("condock.cache.verify", "stamp");
    private static final boolean ALWAYS_HASH = "full".equals(MODE);
    private static final boolean NEVER_HASH = "off".equals(MODE);

    private final Path root;
    private final Path stamps;

    public Integrity(Path cacheRoot) {
        this.root = cacheRoot.toAbsolutePath().normalize();
        this.stamps = root.resolve("stamps");
    }

    /** True when {@code file} carries the stamp recorded when it was last verified. */
    public boolean trusted(Path file) {
        if (ALWAYS_HASH) {
            return false;
        }
        if (NEVER_HASH) {
            return Files.isRegularFile(file);
        }
        String now = stamp(file);
        if (now == null) {
            return false;
        }
        try {
            return now.equals(Files.readString(stampPath(file), StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            return false; // no stamp, or an unreadable one: hash the file
        }
    }

    /**
     * Whether the content-addressed blob {@code file} (named by its sha256 hex) holds {@code size} bytes with that
     * digest: trusted by its stamp, else hashed (and stamped when it matched). A mismatching blob is deleted, and
     * {@code warn} is told, so the caller rebuilds it; a missing one is simply absent.
     */
    public boolean blobIntact(Path file, long size, java.util.function.Consumer<String> warn) throws IOException {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        if (Files.size(file) == size && trusted(file)) {
            return true;
        }
        String want = file.getFileName().toString();
        if (Files.size(file) == size && dev.condock.util.Hashing.sha256Hex(file).equals(want)) {
            record(file);
            return true;
        }
        // moved aside and hashed again before deleting: a concurrent build may have just replaced it with good bytes
        Path aside = AtomicFiles.tempSibling(file);
        try {
            Files.move(file, aside, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
            return false;
        }
        if (Files.size(aside) == size
                && dev.condock.util.Hashing.sha256Hex(aside).equals(want)) {
            AtomicFiles.commit(aside, file);
            record(file);
            return true;
        }
        Files.deleteIfExists(aside);
        forget(file);
        warn.accept("cache: layer blob sha256:" + want + " in " + file.getParent()
                + " was corrupt (its bytes do not match its digest); removed, it is written again");
        return false;
    }

    /** Records {@code file} as verified (its bytes were just hashed and matched). Best effort. */
    public void record(Path file) {
        String s = stamp(file);
        if (s == null) {
            return;
        }
        try {
            AtomicFiles.write(stampPath(file), s.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // a stamp not written only means the next use hashes the file again
        }
    }

    /**
     * What {@link #record(Path, String)} kept with {@code file} when it was last verified, or null when its stamp
     * no longer matches (or none was kept). For files outside the cache (a file: channel's packages), whose name
     * does not say what they hold: the note carries the hashes found then.
     */
    public String recorded(Path file) {
        if (ALWAYS_HASH) {
            return null;
        }
        String now = stamp(file);
        if (now == null) {
            return null;
        }
        try {
            String kept = Files.readString(stampPath(file), StandardCharsets.UTF_8);
            int nl = kept.indexOf('\n');
            return nl > 0 && kept.substring(0, nl).equals(now) ? kept.substring(nl + 1) : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Records {@code file} as verified, with {@code note} (one line) to give back while its stamp matches. */
    public void record(Path file, String note) {
        String s = stamp(file);
        if (s == null || note.indexOf('\n') >= 0) {
            return;
        }
        try {
            AtomicFiles.write(stampPath(file), (s + "\n" + note).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // not recorded: the next use hashes the file again
        }
    }

    /** Deletes {@code file} and its stamp (a bad entry). */
    public void remove(Path file) throws IOException {
        Files.deleteIfExists(stampPath(file));
        Files.deleteIfExists(file);
    }

    /** Removes the stamp only (the file is gone or about to be replaced). */
    public void forget(Path file) {
        try {
            Files.deleteIfExists(stampPath(file));
        } catch (IOException ignored) {
            // a stale stamp never matches a new file: its inode or ctime differ
        }
    }

    /** The stamps directory: one file per verified cache entry, named after its path in the cache. */
    public Path stampsDir() {
        return stamps;
    }

    private Path stampPath(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        if (!abs.startsWith(root)) {
            // outside the cache: any path, of any length, as one short name
            return stamps.resolve(
                    "local-" + dev.condock.util.Hashing.sha256Hex(abs.toString().getBytes(StandardCharsets.UTF_8)));
        }
        return stamps.resolve(root.relativize(abs).toString().replace('/', '_'));
    }

    /** "size mtime ctime inode", or null when the file is missing or the file system has no unix attributes. */
    static String stamp(Path file) {
        try {
            Map<String, Object> a = Files.readAttributes(file, "unix:size,lastModifiedTime,ctime,ino");
            return a.get("size") + " " + nanos(a.get("lastModifiedTime")) + " " + nanos(a.get("ctime")) + " "
                    + a.get("ino");
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return null;
        }
    }

    private static long nanos(Object t) {
        return t instanceof FileTime ft ? ft.to(TimeUnit.NANOSECONDS) : -1;
    }
}
