import dev.condock.layer.Compression;
import dev.condock.layer.LayerEntry;
import dev.condock.layer.LayerWriter;
import dev.condock.model.TreeEntry;
import dev.condock.util.Workers;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Process CPU seconds (every thread, zstd's native workers included) and wall of LayerWriter alone writing DIR as
 * one layer, ROUNDS times after a warm-up round; for scripts/bench-layer-write.sh. Prints one line per round.
 */
public class LayerWriteBench {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Compression c = Compression.valueOf(args[1].toUpperCase(java.util.Locale.ROOT));
        int rounds = Integer.parseInt(args[2]);
        List<LayerEntry> entries = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String rel = dir.relativize(p).toString();
                if (rel.isEmpty()) {
                    continue;
                }
                if (Files.isSymbolicLink(p)) {
                    String target = Files.readSymbolicLink(p).toString();
                    entries.add(LayerEntry.at("/opt/conda", TreeEntry.symlink(rel, target)));
                } else if (Files.isRegularFile(p)) {
                    entries.add(LayerEntry.at("/opt/conda", TreeEntry.file(rel, 0644, p, Files.size(p))));
                }
            }
        }
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Path out = Files.createTempDirectory("layer-write-bench");
        try (Workers w = Workers.of(2)) {
            for (int r = 0; r <= rounds; r++) {
                long c0 = os.getProcessCpuTime();
                long t0 = System.nanoTime();
                var layer = new LayerWriter(c, 0, w).write(entries, out);
                double cpu = (os.getProcessCpuTime() - c0) / 1e9;
                double wall = (System.nanoTime() - t0) / 1e9;
                Files.delete(layer.blob());
                System.out.printf("%s round %d: CPU %.2f s wall %.2f s %s%n", r == 0 ? "warm-up" : "layer", r, cpu,
                        wall, layer.descriptor().digest());
            }
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
