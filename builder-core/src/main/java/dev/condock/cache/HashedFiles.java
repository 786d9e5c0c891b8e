package dev.condock.cache;

import dev.condock.util.AtomicFiles;
import dev.condock.util.Hashing;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Cache files that are not named by their hash (pip's index pages, METADATA files and wheels, kept under
 * {@code <cache>/pip/}): the sha256 of the bytes stored is recorded next to each in {@code <file>.sha256}, and a
 * reuse checks the file against it (or against a hash the index gave) like a package archive: trusted by its
 * {@link Integrity} stamp, else hashed. A mismatch removes the file and its sidecar with a warning, so the caller
 * downloads it again once. A file without a recorded hash (a crash between the file's rename and its sidecar's,
 * or a cache from before sidecars) is simply not reused.
 */
public final class HashedFiles {
    static final String SIDECAR = ".sha256";
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private final Integrity integrity;
    private final Consumer<String> warn;

    /** @param cacheRoot the condock cache root (stamps live under it) */
    public HashedFiles(Path cacheRoot, Consumer<String> warn) {
        this.integrity = new Integrity(cacheRoot);
        this.warn = warn;
    }

    /**
     * Whether {@code file} may be reused: it exists and its bytes match {@code expected} (an index's sha256) or,
     * when that is null, its recorded hash. A corrupt file is removed and {@code what} named in a warning.
     */
    public boolean intact(Path file, String expected, String what) throws IOException {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        String want = expected != null ? expected.toLowerCase(java.util.Locale.ROOT) : recorded(file);
        if (want == null) {
            return false; // nothing to check it against: fetched again
        }
        String side = recorded(file);
        if (want.equals(side) && integrity.trusted(file)) {
            return true;
        }
        String got = Hashing.sha256Hex(file);
        if (got.equals(want)) {
            if (!want.equals(side)) {
                writeSidecar(file, got);
            }
            integrity.record(file);
            return true;
        }
        remove(file);
        warn.accept("cache: " + what + " in " + file.getParent() + " was corrupt (its sha256 is not the one recorded"
                + " when it was stored); removed, it is downloaded again");
        return false;
    }

    /** Records the hash of {@code file}, just stored (after its rename: a crash in between leaves no sidecar). */
    public void stored(Path file) throws IOException {
        stored(file, null);
    }

    /** As {@link #stored(Path)}, with its sha256 when the caller has just computed it. */
    public void stored(Path file, String sha256) throws IOException {
        writeSidecar(file, sha256 != null ? sha256.toLowerCase(java.util.Locale.ROOT) : Hashing.sha256Hex(file));
        integrity.record(file);
    }

    /** Removes {@code file}, its sidecar and its stamp. */
    public void remove(Path file) throws IOException {
        Files.deleteIfExists(sidecar(file));
        integrity.remove(file);
    }

    /** The hash recorded for {@code file}, or null. */
    static String recorded(Path file) {
        try {
            String s = Files.readString(sidecar(file), StandardCharsets.UTF_8).strip();
            return SHA256.matcher(s).matches() ? s : null;
        } catch (IOException e) {
            return null;
        }
    }

    static Path sidecar(Path file) {
        return file.resolveSibling(file.getFileName() + SIDECAR);
    }

    static boolean isSidecar(Path p) {
        return p.getFileName().toString().endsWith(SIDECAR);
    }

    private static void writeSidecar(Path file, String sha) throws IOException {
        AtomicFiles.write(sidecar(file), (sha + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
