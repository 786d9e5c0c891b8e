package dev.condock.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Temp directories that are removed again: at {@link #delete} or, at the latest, when the JVM exits. End-to-end
 * tests leave gigabytes behind otherwise (podman's and containerd's image stores, registry blobs), and CI runs on
 * a machine that keeps its /tmp between runs. Removal unmounts whatever a runtime left mounted below the directory
 * first, and never follows a symbolic link out of it.
 */
public final class Scratch {
    private static final Set<Path> LIVE = new LinkedHashSet<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(Scratch::deleteAll, "scratch-cleanup"));
    }

    private Scratch() {}

    /** A fresh directory under java.io.tmpdir, removed at JVM exit unless {@link #delete}d before. */
    public static Path dir(String prefix) throws IOException {
        return register(Files.createTempDirectory(prefix));
    }

    /**
     * A fresh directory directly under /tmp, for podman, which refuses a --runroot longer than 50 characters.
     */
    public static Path shortDir(String prefix) throws IOException {
        return register(Files.createTempDirectory(Path.of("/tmp"), prefix));
    }

    private static Path register(Path dir) {
        synchronized (LIVE) {
            LIVE.add(dir.toAbsolutePath().normalize());
        }
        return dir;
    }

    /** Removes {@code dir} and all below it (unmounting first); nothing happens when it is not there. */
    public static void delete(Path dir) throws IOException {
        Path root = dir.toAbsolutePath().normalize();
        unmountBelow(root);
        if (Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    deleteOne(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    if (e != null) {
                        throw e;
                    }
                    deleteOne(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        }
        synchronized (LIVE) {
            LIVE.remove(root);
        }
    }

    private static void deleteOne(Path p) throws IOException {
        try {
            Files.delete(p);
        } catch (NoSuchFileException e) {
            // a runtime's own cleanup got there first
        } catch (java.nio.file.AccessDeniedException e) {
            // a read-only directory made by a package or an image layer: open it up and try once more
            Path parent = p.getParent();
            if (parent != null) {
                parent.toFile().setWritable(true, true);
            }
            Files.delete(p);
        }
    }

    /** The mount points at or below {@code root}, deepest first (from /proc/self/mountinfo; none off Linux). */
    static List<Path> mountsBelow(Path root) throws IOException {
        Path info = Path.of("/proc/self/mountinfo");
        List<Path> out = new ArrayList<>();
        if (!Files.isReadable(info)) {
            return out;
        }
        for (String line : Files.readAllLines(info, StandardCharsets.UTF_8)) {
            String[] f = line.split(" ");
            if (f.length > 4) {
                Path point = Path.of(unescape(f[4]));
                if (point.startsWith(root)) {
                    out.add(point);
                }
            }
        }
        out.sort(Comparator.comparingInt(Path::getNameCount).reversed());
        return out;
    }

    /** mountinfo writes space, tab, newline and backslash as octal escapes. */
    static String unescape(String field) {
        StringBuilder b = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && isOctal(field, i + 1)) {
                b.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static boolean isOctal(String s, int from) {
        if (from + 3 > s.length()) {
            return false;
        }
        for (int i = from; i < from + 3; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '7') {
                return false;
            }
        }
        return true;
    }

    private static void unmountBelow(Path root) throws IOException {
        for (Path point : mountsBelow(root)) {
            try {
                // lazy: a mount still busy (a container being torn down) is detached now and freed when idle
                Process p = new ProcessBuilder("umount", "-l", point.toString())
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted unmounting " + point, e);
            }
        }
    }

    private static void deleteAll() {
        List<Path> dirs;
        synchronized (LIVE) {
            dirs = new ArrayList<>(LIVE);
        }
        for (Path d : dirs) {
            try {
                delete(d);
            } catch (IOException | RuntimeException e) {
                System.err.println("scratch: cannot remove " + d + ": " + e);
            }
        }
    }
}
