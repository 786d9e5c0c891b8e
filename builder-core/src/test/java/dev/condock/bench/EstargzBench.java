package dev.condock.bench;

import dev.condock.layer.Compression;
import dev.condock.layer.LayerEntry;
import dev.condock.layer.LayerWriter;
import dev.condock.layer.WrittenLayer;
import dev.condock.testkit.Scratch;
import dev.condock.util.Workers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

/**
 * Benchmark (not a test): what eStargz costs at build time. Writes one layer of a tree (default /usr/lib/python3.11:
 * many small files, like a conda environment's site-packages) as gzip and as eStargz, interleaved over N rounds on
 * all cores, and prints min/median seconds, sizes, the median of the paired time ratios and the load average.
 * Run with scripts/bench-estargz.sh [DIR] [ROUNDS].
 */
public final class EstargzBench {
    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : "/usr/lib/python3.11").toRealPath();
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path out = Scratch.dir("condock-bench-estargz");
        List<LayerEntry> entries = LayerBench.collect(root);
        long bytes = entries.stream().mapToLong(LayerEntry::size).sum();
        System.out.printf("tree %s: %d entries, %.1f MB; %d rounds%n", root, entries.size(), bytes / 1e6, rounds);
        try (Workers w = Workers.of(Runtime.getRuntime().availableProcessors())) {
            new LayerWriter(Compression.ESTARGZ, 0, w).write(entries, out); // warm page cache and JIT
            List<Double> gz = new ArrayList<>();
            List<Double> es = new ArrayList<>();
            List<Double> ratio = new ArrayList<>();
            WrittenLayer[] last = new WrittenLayer[2];
            for (int i = 0; i < rounds; i++) {
                double g = LayerBench.time(() -> last[0] = new LayerWriter(Compression.GZIP, 0, w).write(entries, out));
                double e =
                        LayerBench.time(() -> last[1] = new LayerWriter(Compression.ESTARGZ, 0, w).write(entries, out));
                gz.add(g);
                es.add(e);
                ratio.add(e / g);
            }
            System.out.printf(
                    "gzip     min %.2f s  median %.2f s  %.1f MB%n",
                    min(gz), median(gz), last[0].descriptor().size() / 1e6);
            System.out.printf(
                    "estargz  min %.2f s  median %.2f s  %.1f MB (%+.1f%%)%n",
                    min(es),
                    median(es),
                    last[1].descriptor().size() / 1e6,
                    100.0
                            * (last[1].descriptor().size()
                                    - last[0].descriptor().size())
                            / last[0].descriptor().size());
            System.out.printf("estargz/gzip time: median of paired ratios %.2f x%n", median(ratio));
            System.out.printf(
                    "load average: %s%n",
                    Files.readString(Path.of("/proc/loadavg")).trim());
        }
        try (Stream<Path> s = Files.list(out)) {
            for (Path p : s.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(out);
    }

    private static double min(List<Double> xs) {
        return Collections.min(xs);
    }

    private static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }
}
