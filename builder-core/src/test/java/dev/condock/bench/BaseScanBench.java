package dev.condock.bench;

import dev.condock.base.BaseContents;
import dev.condock.base.BaseInspector;
import dev.condock.base.LayerScanner;
import dev.condock.image.ImageBlobs;
import dev.condock.layer.Compression;
import dev.condock.layer.LayerEntry;
import dev.condock.layer.LayerWriter;
import dev.condock.layer.WrittenLayer;
import dev.condock.testkit.Scratch;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPInputStream;

/**
 * How much a foreign base costs a build: reading its conda-meta by streaming its layers (cold), against the
 * baseline of merely gunzipping the same layers (the least any reader of them pays), and the cached second read.
 * Run: {@code java -cp ... dev.condock.bench.BaseScanBench [MiB]}; prints times and ratios measured in this run.
 */
public final class BaseScanBench {
    public static void main(String[] args) throws Exception {
        int mib = args.length > 0 ? Integer.parseInt(args[0]) : 64;
        Path tmp = Scratch.dir("condock-scan-bench");
        Random rnd = new Random(42);
        List<LayerEntry> entries = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            Path meta = tmp.resolve("m" + i);
            Files.writeString(
                    meta,
                    "{\"name\":\"pkg" + i + "\",\"version\":\"1.0\",\"build\":\"h0_0\",\"files\":[\"lib/libpkg" + i
                            + ".so\"]}");
            entries.add(
                    LayerEntry.file("opt/conda/conda-meta/pkg" + i + "-1.0-h0_0.json", 0644, meta, Files.size(meta)));
        }
        int files = mib * 4;
        for (int i = 0; i < files; i++) {
            byte[] b = new byte[256 * 1024];
            rnd.nextBytes(b);
            for (int j = 0; j < b.length / 2; j++) {
                b[j] = 0; // half compressible, like real libraries
            }
            Path f = tmp.resolve("f" + i);
            Files.write(f, b);
            entries.add(LayerEntry.file("opt/conda/lib/libpkg" + i + ".so", 0755, f, b.length));
        }
        WrittenLayer w = new LayerWriter(Compression.GZIP, 0).write(entries, Files.createDirectories(tmp.resolve("b")));
        ImageBlobs.Layer layer = new ImageBlobs.Layer(w.descriptor(), () -> Files.newInputStream(w.blob()), null);
        byte[] config = "{\"config\":{}}".getBytes();

        // best of 3 each, so JIT warm-up does not count against either side
        long gunzip = Long.MAX_VALUE;
        long scan = Long.MAX_VALUE;
        long cached = Long.MAX_VALUE;
        BaseContents cold = null;
        BaseContents warm = null;
        for (int round = 0; round < 3; round++) {
            long t0 = System.nanoTime();
            try (InputStream in = new GZIPInputStream(Files.newInputStream(w.blob()), 1 << 16)) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
            }
            gunzip = Math.min(gunzip, System.nanoTime() - t0);
            BaseInspector inspector = new BaseInspector(new LayerScanner(tmp.resolve("cache" + round)));
            t0 = System.nanoTime();
            cold = inspector.inspect(config, List.of(layer), "/opt/conda", false);
            scan = Math.min(scan, System.nanoTime() - t0);
            t0 = System.nanoTime();
            warm = inspector.inspect(config, List.of(layer), "/opt/conda", false);
            cached = Math.min(cached, System.nanoTime() - t0);
        }
        if (cold.packages().size() != 400 || warm.packages().size() != 400) {
            throw new IllegalStateException("wrong package count");
        }
        System.out.printf(
                "layer: %d MiB compressed, %d files; 400 conda-meta records%n",
                w.descriptor().size() >> 20, entries.size());
        System.out.printf("baseline gunzip only: %8.1f ms%n", gunzip / 1e6);
        System.out.printf("cold scan:            %8.1f ms  (%.2fx baseline)%n", scan / 1e6, (double) scan / gunzip);
        System.out.printf("cached scan:          %8.1f ms  (%.3fx baseline)%n", cached / 1e6, (double) cached / gunzip);
    }
}
