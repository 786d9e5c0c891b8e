package dev.condock.cache;

import com.fasterxml.jackson.databind.JsonNode;
import dev.condock.util.AtomicFiles;
import dev.condock.util.Hashing;
import dev.condock.util.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The cache as a whole, for {@code condock cache info|verify|prune}. Its kinds: {@code pkgs} (package archives
 * and their {@code .hashes} sidecars), {@code blobs} (layer blobs, named by sha256), {@code layers} and
 * {@code builds} (small records pointing at blobs), {@code pip/pages}, {@code pip/metadata} and {@code pip/wheels}
 * (pip's index pages, METADATA files and wheels, each with the sha256 recorded when stored: {@link HashedFiles}),
 * {@code stamps} ({@link Integrity}), {@code tmp} and whatever
 * else is there (repodata) by its directory name.
 */
public final class CacheStore {
    /** One kind of entry: how many files, how many bytes. */
    public record Kind(String name, long files, long bytes) {}

    public record Info(Path root, List<Kind> kinds, long totalBytes) {}

    /** A removed entry and why. */
    public record Bad(Path path, String reason) {}

    public record Verified(long checked, List<Bad> bad) {}

    public record Pruned(long files, long bytes, long remainingBytes) {}

    private final Path root;
    private final Integrity integrity;

    public CacheStore(Path root) {
        this.root = root;
        this.integrity = new Integrity(root);
    }

    public Info info() throws IOException {
        List<Kind> kinds = new ArrayList<>();
        long total = 0;
        if (Files.isDirectory(root)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(root)) {
                List<Path> dirs = new ArrayList<>();
                ds.forEach(dirs::add);
                dirs.sort(Comparator.naturalOrder());
                for (Path d : pipKinds(dirs)) {
                    long[] fb = count(d);
                    kinds.add(new Kind(root.relativize(d).toString(), fb[0], fb[1]));
                    total += fb[1];
                }
            }
        }
        return new Info(root, kinds, total);
    }

    /** pip's caches are three kinds (pip/pages, pip/metadata, pip/wheels), not one. */
    private List<Path> pipKinds(List<Path> dirs) throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path d : dirs) {
            if (d.equals(root.resolve("pip")) && Files.isDirectory(d)) {
                try (java.util.stream.Stream<Path> s = Files.list(d)) {
                    s.filter(Files::isDirectory).sorted().forEach(out::add);
                }
            } else {
                out.add(d);
            }
        }
        return out;
    }

    private static long[] count(Path d) throws IOException {
        long[] fb = new long[2];
        Files.walkFileTree(d, new java.nio.file.SimpleFileVisitor<>() {
            @Override
            public java.nio.file.FileVisitResult visitFile(Path f, BasicFileAttributes a) {
                if (a.isRegularFile()) {
                    fb[0]++;
                    fb[1] += a.size();
                }
                return java.nio.file.FileVisitResult.CONTINUE;
            }
        });
        return fb;
    }

    /**
     * Hashes every layer blob and package archive against its name, and parses every record; what does not match
     * is removed (with its sidecar and stamp), so the next build fetches or writes it again. A good entry is
     * stamped, so builds trust it without hashing.
     */
    public Verified verify() throws IOException {
        List<Bad> bad = new ArrayList<>();
        long checked = 0;
        for (Path blob : entries(root.resolve("blobs/sha256"))) {
            checked++;
            String name = blob.getFileName().toString();
            String got = Hashing.sha256Hex(blob);
            if (got.equals(name)) {
                integrity.record(blob);
            } else {
                integrity.remove(blob);
                bad.add(new Bad(blob, "sha256 is " + got));
            }
        }
        for (String algo : List.of("sha256", "md5")) {
            for (Path pkg : entries(root.resolve("pkgs").resolve(algo))) {
                String name = pkg.getFileName().toString();
                if (name.endsWith(".hashes")) {
                    continue;
                }
                checked++;
                String want = name.substring(0, name.indexOf('.') < 0 ? name.length() : name.indexOf('.'));
                String[] h = hashes(pkg);
                String got = algo.equals("sha256") ? h[0] : h[1];
                Path meta = pkg.resolveSibling(name + ".hashes");
                if (!got.equals(want)) {
                    integrity.remove(pkg);
                    Files.deleteIfExists(meta);
                    bad.add(new Bad(pkg, algo + " is " + got));
                    continue;
                }
                String sidecar = h[0] + " " + h[1] + " " + h[2] + "\n";
                if (!Files.isRegularFile(meta) || !sidecar.equals(Files.readString(meta, StandardCharsets.UTF_8))) {
                    AtomicFiles.write(meta, sidecar.getBytes(StandardCharsets.UTF_8));
                    bad.add(new Bad(meta, "sidecar did not match its archive; written again"));
                }
                integrity.record(pkg);
            }
        }
        for (Path f : pipEntries()) {
            checked++;
            String want = HashedFiles.recorded(f);
            if (want == null
                    && f.getParent().getParent().getFileName().toString().equals("wheels")) {
                String dir = f.getParent().getFileName().toString(); // wheels/<the index's sha256>/<file>
                want = dir.matches("[0-9a-f]{64}") ? dir : null;
            }
            String got = Hashing.sha256Hex(f);
            if (got.equals(want)) {
                new HashedFiles(root, w -> {}).stored(f, got);
                continue;
            }
            removePip(f);
            bad.add(new Bad(f, want == null ? "no sha256 recorded when it was stored" : "sha256 is " + got));
        }
        for (String records : List.of("layers", "builds")) {
            for (Path rec : entries(root.resolve(records))) {
                checked++;
                try {
                    JsonNode n = Json.CANONICAL.readTree(rec.toFile());
                    if (!n.isObject()) {
                        throw new IOException("not a JSON object");
                    }
                } catch (IOException | RuntimeException e) {
                    Files.deleteIfExists(rec);
                    bad.add(new Bad(rec, "unreadable record"));
                }
            }
        }
        return new Verified(checked, bad);
    }

    /**
     * Removes entries (blobs, package archives with their sidecars, records) last used before now minus
     * {@code olderThan}, then the least recently used until at most {@code maxBytes} remain (null: no bound).
     * Last use is the later of mtime and atime: cache hits read a file (atime, coarsely kept by relatime) but
     * never write it, since a write would change its {@link Integrity} stamp.
     */
    public Pruned prune(Duration olderThan, Long maxBytes) throws IOException {
        record Entry(Path path, List<Path> companions, long bytes, Instant used) {}
        List<Entry> all = new ArrayList<>();
        List<Path> files = new ArrayList<>(entries(root.resolve("blobs/sha256")));
        files.addAll(entries(root.resolve("pkgs/sha256")));
        files.addAll(entries(root.resolve("pkgs/md5")));
        files.addAll(entries(root.resolve("layers")));
        files.addAll(entries(root.resolve("builds")));
        files.addAll(entries(root.resolve("listings")));
        files.addAll(pipEntries());
        for (Path f : files) {
            String name = f.getFileName().toString();
            if (name.endsWith(".hashes")) {
                continue; // goes with its archive
            }
            BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            Instant used =
                    a.lastModifiedTime().toInstant().isAfter(a.lastAccessTime().toInstant())
                            ? a.lastModifiedTime().toInstant()
                            : a.lastAccessTime().toInstant();
            List<Path> companions =
                    f.getParent().getParent().getFileName().toString().equals("pkgs")
                            ? List.of(f.resolveSibling(name + ".hashes"))
                            : f.startsWith(root.resolve("pip")) ? pipCompanions(f) : List.of();
            long bytes = a.size();
            for (Path c : companions) {
                bytes += Files.exists(c) ? Files.size(c) : 0;
            }
            all.add(new Entry(f, companions, bytes, used));
        }
        all.sort(Comparator.comparing(Entry::used));
        long total = all.stream().mapToLong(Entry::bytes).sum();
        Instant cutoff = olderThan == null ? Instant.MIN : Instant.now().minus(olderThan);
        long files0 = 0;
        long bytes0 = 0;
        for (Entry e : all) {
            boolean old = e.used().isBefore(cutoff);
            boolean over = maxBytes != null && total > maxBytes;
            if (!old && !over) {
                continue;
            }
            integrity.remove(e.path());
            for (Path c : e.companions()) {
                Files.deleteIfExists(c);
            }
            total -= e.bytes();
            files0++;
            bytes0 += e.bytes();
        }
        return new Pruned(files0, bytes0, total);
    }

    /**
     * pip's cached files (index pages, METADATA files, wheels), sorted, without their companions (the
     * {@code .sha256} sidecar, a page's {@code .meta.json}) and temp files.
     */
    private List<Path> pipEntries() throws IOException {
        List<Path> out = new ArrayList<>();
        for (String kind : List.of("pages", "metadata", "wheels")) {
            Path d = root.resolve("pip").resolve(kind);
            if (!Files.isDirectory(d)) {
                continue;
            }
            try (java.util.stream.Stream<Path> s = Files.walk(d)) {
                s.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                        .filter(p -> {
                            String n = p.getFileName().toString();
                            return !n.startsWith(".") && !n.endsWith(".meta.json") && !HashedFiles.isSidecar(p);
                        })
                        .forEach(out::add);
            }
        }
        out.sort(Comparator.naturalOrder());
        return out;
    }

    /** What goes with a pip file: its sidecar, and a page's revalidation record. */
    private static List<Path> pipCompanions(Path f) {
        String n = f.getFileName().toString();
        List<Path> out = new ArrayList<>(List.of(HashedFiles.sidecar(f)));
        if (n.endsWith(".body")) {
            out.add(f.resolveSibling(n.substring(0, n.length() - ".body".length()) + ".meta.json"));
        }
        return out;
    }

    private void removePip(Path f) throws IOException {
        integrity.remove(f);
        for (Path c : pipCompanions(f)) {
            Files.deleteIfExists(c);
        }
    }

    /** The plain files of {@code dir}, sorted, without temp files (".name.tmp-*"). */
    private static List<Path> entries(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                if (!p.getFileName().toString().startsWith(".") && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    out.add(p);
                }
            }
        }
        out.sort(Comparator.naturalOrder());
        return out;
    }

    /** sha256, md5 and size of a file, read once. */
    private static String[] hashes(Path f) throws IOException {
        MessageDigest sha = Hashing.sha256();
        MessageDigest md5 = Hashing.md5();
        long size = 0;
        try (InputStream in = Files.newInputStream(f)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                sha.update(buf, 0, n);
                md5.update(buf, 0, n);
                size += n;
            }
        }
        return new String[] {Hashing.hex(sha.digest()), Hashing.hex(md5.digest()), Long.toString(size)};
    }

    /** Sizes like 50G, 500M, 1024K or plain bytes. */
    public static long parseSize(String s) {
        Map<Character, Long> units = new TreeMap<>(Map.of('K', 1L << 10, 'M', 1L << 20, 'G', 1L << 30, 'T', 1L << 40));
        String t = s.strip().toUpperCase(java.util.Locale.ROOT);
        if (t.endsWith("B") && t.length() > 1 && units.containsKey(t.charAt(t.length() - 2))) {
            t = t.substring(0, t.length() - 1);
        }
        long mult = 1;
        if (!t.isEmpty() && units.containsKey(t.charAt(t.length() - 1))) {
            mult = units.get(t.charAt(t.length() - 1));
            t = t.substring(0, t.length() - 1);
        }
        if (!t.matches("\\d{1,15}")) {
            throw new IllegalArgumentException("not a size: '" + s + "' (e.g. 50G, 500M, 1024K)");
        }
        return Long.parseLong(t) * mult;
    }

    /** Durations like 30d, 12h, 90m, 45s. */
    public static Duration parseAge(String s) {
        String t = s.strip().toLowerCase(java.util.Locale.ROOT);
        if (!t.matches("\\d{1,9}[dhms]")) {
            throw new IllegalArgumentException("not an age: '" + s + "' (e.g. 30d, 12h, 90m)");
        }
        long n = Long.parseLong(t.substring(0, t.length() - 1));
        return switch (t.charAt(t.length() - 1)) {
            case 'd' -> Duration.ofDays(n);
            case 'h' -> Duration.ofHours(n);
            case 'm' -> Duration.ofMinutes(n);
            default -> Duration.ofSeconds(n);
        };
    }
}
