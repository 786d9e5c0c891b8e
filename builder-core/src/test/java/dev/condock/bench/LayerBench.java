package dev.condock.bench;

import dev.condock.layer.Compression;
import dev.condock.layer.LayerEntry;
import dev.condock.layer.LayerWriter;
import dev.condock.layer.WrittenLayer;
import dev.condock.model.TreeEntry;
import dev.condock.testkit.Scratch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Benchmark (not a test): writes one layer of a large tree (default /usr/local/cuda, packed as one package) with
 * our writer, gzip and zstd, and prints the time as a ratio to {@code tar | gzip -6} and {@code tar | zstd -3}
 * measured in the same run. Run with scripts/bench-layers.sh [DIR].
 */
public final class LayerBench {
    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : "/usr/local/cuda").toRealPath();
        Path out = Scratch.dir("condock-bench");
        List<LayerEntry> entries = collect(root);
        long bytes = entries.stream().mapToLong(LayerEntry::size).sum();
        System.out.printf("tree %s: %d entries, %.1f MB%n", root, entries.size(), bytes / 1e6);
        // warm the page cache and the JIT once, so both sides read from memory
        shell("tar -C '" + root + "' -cf - . > /dev/null");
        new LayerWriter(Compression.ZSTD, 0).write(entries, out);

        double tarGzip = time(() -> shell("tar -C '" + root + "' -cf - . | gzip -6 > /dev/null"));
        double tarZstd = time(() -> shell("tar -C '" + root + "' -cf - . | zstd -3 -q -c > /dev/null"));
        WrittenLayer[] w = new WrittenLayer[2];
        double ourGzip = time(() -> w[0] = new LayerWriter(Compression.GZIP, 0).write(entries, out));
        double ourZstd = time(() -> w[1] = new LayerWriter(Compression.ZSTD, 0).write(entries, out));
        System.out.printf("tar|gzip -6   %7.2f s%n", tarGzip);
        System.out.printf(
                "condock gzip  %7.2f s  ratio %.2f x tar|gzip   (%.1f MB)%n",
                ourGzip, ourGzip / tarGzip, w[0].descriptor().size() / 1e6);
        System.out.printf("tar|zstd -3   %7.2f s%n", tarZstd);
        System.out.printf(
                "condock zstd  %7.2f s  ratio %.2f x tar|zstd   (%.1f MB)%n",
                ourZstd, ourZstd / tarZstd, w[1].descriptor().size() / 1e6);
        try (Stream<Path> s = Files.list(out)) {
            for (Path p : s.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(out);
    }

    interface Job {
        void run() throws Exception;
    }

    static double time(Job j) throws Exception {
        long t0 = System.nanoTime();
        j.run();
        return (System.nanoTime() - t0) / 1e9;
    }

    static void shell(String cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bash", "-o", "pipefail", "-c", cmd)
                .inheritIO()
                .start();
        if (p.waitFor() != 0) {
            throw new IOException("failed: " + cmd);
        }
    }

    static List<LayerEntry> collect(Path root) throws IOException {
        List<LayerEntry> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.toList()) {
                if (p.equals(root)) {
                    continue;
                }
                String rel = root.relativize(p).toString();
                if (Files.isSymbolicLink(p)) {
                    out.add(LayerEntry.at(
                            "/opt/conda",
                            TreeEntry.symlink(rel, Files.readSymbolicLink(p).toString())));
                } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    out.add(LayerEntry.at("/opt/conda", TreeEntry.directory(rel, 0755)));
                } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
                    int mode = perms.contains(PosixFilePermission.OWNER_EXECUTE) ? 0755 : 0644;
                    out.add(LayerEntry.at("/opt/conda", TreeEntry.file(rel, mode, p, Files.size(p))));
                }
            }
        }
        return out;
    }
}
