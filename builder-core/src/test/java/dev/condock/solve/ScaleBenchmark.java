package dev.condock.solve;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.condock.channel.RepodataParser;
import dev.condock.spec.MatchSpec;
import dev.condock.testkit.Scratch;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Benchmark, not a test: generates a repodata.json of N records (default 500k: 5000 names x 100 builds, each
 * depending on up to 4 lower-numbered names with lower bounds and some loose upper bounds, as real channels
 * layer), then times loading it
 * and solving 20 top-level specs, and prints peak heap. Deterministic (seeded). Run with -Xmx8g.
 */
public final class ScaleBenchmark {
    public static void main(String[] args) throws Exception {
        if (args.length >= 2 && args[0].equals("--generate-channel")) {
            // a servable channel: <dir>/linux-64/repodata.json (+ a small noarch), ML-shaped (MlChannel)
            MlChannel.write(Path.of(args[1]), args.length > 2 ? Integer.parseInt(args[2]) : 500_000);
            return;
        }
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 500_000;
        int names = records / 100;
        Path dir = Scratch.dir("condock-scale");
        Path file = dir.resolve("repodata.json");
        try {
            generate(file, names, records / names);
            System.out.printf("generated %d records (%d names), %.0f MB%n", records, names, Files.size(file) / 1e6);
            long t0 = System.nanoTime();
            RepodataParser.Subdir sd;
            try (InputStream in = Files.newInputStream(file)) {
                sd = RepodataParser.parse(in, file.toString(), "linux-64", "https://example.invalid/linux-64", "scale");
            }
            long t1 = System.nanoTime();
            System.out.printf(
                    "load %.2f s (%d records)%n", (t1 - t0) / 1e9, sd.records().size());
            List<MatchSpec> specs = new ArrayList<>();
            for (int i = 0; i < 20; i++) specs.add(MatchSpec.parse("pkg" + (names - 1 - i * 7)));
            List<SolvedPackage> sol = CondaSolver.solve(
                    List.of(new CondaSolver.Source("scale", sd.records())), specs, SolveOptions.defaults());
            long t2 = System.nanoTime();
            long peak = 0;
            for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
                if (p.getType() == MemoryType.HEAP) peak += p.getPeakUsage().getUsed();
            }
            System.out.printf(
                    "solve %.2f s (%d packages)  peak heap %.0f MB%n", (t2 - t1) / 1e9, sol.size(), peak / 1e6);
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
    }

    /** pkgN depends on a few pkgM (M < N) with ranges, so the graph is acyclic but deep and wide. */
    static void generate(Path file, int names, int perName) throws Exception {
        Random rnd = new Random(42);
        try (JsonGenerator g = new ObjectMapper().getFactory().createGenerator(file.toFile(), JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeObjectFieldStart("info");
            g.writeStringField("subdir", "linux-64");
            g.writeEndObject();
            g.writeObjectFieldStart("packages.conda");
            for (int n = 0; n < names; n++) {
                for (int b = 0; b < perName; b++) {
                    int major = b / 10;
                    int minor = b % 10;
                    String version = major + "." + minor + ".0";
                    String build = "h" + Integer.toHexString(n * 131 + b) + "_0";
                    g.writeObjectFieldStart("pkg" + n + "-" + version + "-" + build + ".conda");
                    g.writeStringField("name", "pkg" + n);
                    g.writeStringField("version", version);
                    g.writeStringField("build", build);
                    g.writeNumberField("build_number", 0);
                    g.writeNumberField("timestamp", 1_600_000_000_000L + b);
                    g.writeStringField("md5", "0".repeat(32));
                    g.writeStringField("sha256", "1".repeat(64));
                    g.writeArrayFieldStart("depends");
                    if (n > 0) {
                        int k = 1 + rnd.nextInt(4);
                        for (int d = 0; d < k; d++) {
                            int dep = rnd.nextInt(n);
                            int lo = rnd.nextInt(6);
                            // like real channels: lower bounds, sometimes a loose upper bound
                            g.writeString("pkg" + dep + " >=" + lo + ".0"
                                    + (rnd.nextInt(4) == 0 ? ",<" + (lo + 6) + ".0a0" : ""));
                        }
                    }
                    g.writeEndArray();
                    g.writeEndObject();
                }
            }
            g.writeEndObject();
            g.writeEndObject();
        }
    }
}
