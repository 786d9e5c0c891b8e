package dev.condock.bench;

import dev.condock.image.ImageBlobs;
import dev.condock.image.ImageTarget;
import dev.condock.layer.GroupingPlanner;
import dev.condock.layer.LayerPlanner;
import dev.condock.layer.PlannerOptions;
import dev.condock.pipeline.BuildListener;
import dev.condock.pipeline.BuildRequest;
import dev.condock.pipeline.Condock;
import dev.condock.pipeline.ImageDiff;
import dev.condock.pkgbuild.ArchiveFormat;
import dev.condock.pkgbuild.BuiltPackage;
import dev.condock.pkgbuild.CondaPackageWriter;
import dev.condock.pkgbuild.PackageContents;
import dev.condock.testkit.Scratch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;

/**
 * Scenario benchmark (not a test): a real ML environment's package set ({@link RealEnvModel}), made into real
 * synthetic packages whose archives are the real compressed sizes divided by SCALE (random bytes, so layers
 * compress like real archives), then five edits. For each edit: layers changed and bytes a push re-sends, for
 * condock's plan and two baselines built in the same run. Then a no-op rebuild timed against skopeo inspect.
 * Run with scripts/bench-planner.sh [SCALE] (default 20).
 */
public final class PlannerBench {
    record Edit(String label, String changed, UnaryOperator<List<RealEnvModel.Pkg>> apply) {}

    private final Path dir;
    private final long scale;
    private final Map<String, BuiltPackage> built = new HashMap<>();

    PlannerBench(Path dir, long scale) {
        this.dir = dir;
        this.scale = scale;
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 4 && args[0].equals("--rebuild")) {
            // the fresh-process side of the no-op timing: what `condock build` does, JVM start included
            BuildRequest req = request(Path.of(args[1]), Path.of(args[2]), options(20))
                    .to(args[3])
                    .build();
            new Condock(BuildListener.SILENT).build(req);
            return;
        }
        long scale = args.length > 0 ? Long.parseLong(args[0]) : 20;
        Path dir = Scratch.dir("condock-planner-bench");
        try {
            new PlannerBench(dir, scale).run();
        } finally {
            deleteTree(dir);
        }
    }

    void run() throws Exception {
        List<RealEnvModel.Pkg> env = RealEnvModel.load();
        long total = env.stream().mapToLong(RealEnvModel.Pkg::size).sum();
        long noarch = env.stream().filter(RealEnvModel.Pkg::noarchPython).count();
        System.out.printf(
                Locale.ROOT,
                "environment: %d packages (%d noarch python), %.2f GB compressed; " + "scaled 1/%d -> %.1f MB%n",
                env.size(),
                noarch,
                total / 1e9,
                scale,
                total / 1e6 / scale);
        String small = pick(env, false, "pyyaml", "requests", "tornado");
        String big = pick(env, true, "pytorch", "scipy", "qt");
        String removed = pick(env, false, "toolz", "click", "six");
        RealEnvModel.Pkg python =
                env.stream().filter(p -> p.name().equals("python")).findFirst().orElseThrow();
        RealEnvModel.Pkg added = new RealEnvModel.Pkg("onnx", "1.15.0", "py39h0_0", 14_700_000L, false, List.of());
        List<Edit> edits = List.of(
                new Edit("bump small (" + small + ")", small, e -> bump(e, small)),
                new Edit("bump big (" + big + ")", big, e -> bump(e, big)),
                new Edit("add one (onnx)", "onnx", e -> {
                    List<RealEnvModel.Pkg> out = new ArrayList<>(e);
                    out.add(out.size() - 3, added);
                    return out;
                }),
                new Edit(
                        "remove one (" + removed + ")",
                        removed,
                        e -> e.stream().filter(p -> !p.name().equals(removed)).toList()),
                new Edit(
                        "bump python " + python.version() + "->3.10.12",
                        "python",
                        e -> e.stream()
                                .map(p -> p.name().equals("python")
                                        ? new RealEnvModel.Pkg(
                                                "python", "3.10.12", "h0_0_cpython", p.size(), false, p.depends())
                                        : p)
                                .toList()));

        Map<String, LayerPlanner> strategies = new LinkedHashMap<>();
        long threshold = PlannerOptions.DEFAULT_THRESHOLD / scale;
        strategies.put("condock", new GroupingPlanner(options(scale)));
        strategies.put("one layer", BaselinePlanners.wholeEnvironment());
        strategies.put("per-pkg<=100+catch-all", BaselinePlanners.perPackageThenCatchAll(100));

        Path baseLock = lock("base", env);
        Map<String, ImageBlobs> baseImages = new LinkedHashMap<>();
        for (var s : strategies.entrySet()) {
            baseImages.put(s.getKey(), build(s.getValue(), baseLock, List.of()));
        }
        System.out.printf(
                Locale.ROOT,
                "layers: condock %d, one layer %d, per-pkg %d; threshold %s (1 MiB/%d)%n%n",
                baseImages.get("condock").layers().size(),
                baseImages.get("one layer").layers().size(),
                baseImages.get("per-pkg<=100+catch-all").layers().size(),
                human(threshold),
                scale);
        System.out.printf(
                "%-34s | %-30s | %-18s | %-18s%n",
                "edit (bytes at 1/" + scale + " scale)",
                "condock: layers, re-pushed, goal",
                "one layer",
                "per-pkg + catch-all");
        for (Edit e : edits) {
            List<RealEnvModel.Pkg> next = e.apply().apply(env);
            Path l = lock(e.changed() + "-edit", next);
            StringBuilder row = new StringBuilder(String.format("%-34s", e.label()));
            for (var s : strategies.entrySet()) {
                ImageBlobs img = build(s.getValue(), l, List.of());
                ImageDiff d = ImageDiff.of(baseImages.get(s.getKey()), img);
                long bytes = d.changes().stream()
                        .filter(c -> c.kind() != ImageDiff.Kind.REMOVED)
                        .mapToLong(ImageDiff.Change::size)
                        .sum();
                long layers = d.changes().stream()
                        .filter(c -> c.kind() != ImageDiff.Kind.REMOVED)
                        .count();
                if (s.getKey().equals("condock")) {
                    long pkg = changedPackageBytes(e.changed(), env, next);
                    long top = img.layers()
                            .get(img.layers().size() - 1)
                            .descriptor()
                            .size();
                    boolean ok = bytes <= 1.05 * pkg + top;
                    row.append(String.format(
                            Locale.ROOT,
                            " | %3d %10s %5.2fx pkg %-4s",
                            layers,
                            human(bytes),
                            (bytes - top) / (double) pkg,
                            ok ? "ok" : "MISS"));
                } else {
                    row.append(String.format(" | %3d %14s", layers, human(bytes)));
                }
            }
            System.out.println(row);
        }
        noOpTiming(baseLock);
    }

    /** The default options with the threshold scaled like the package sizes. */
    static PlannerOptions options(long scale) {
        PlannerOptions d = PlannerOptions.defaults();
        return new PlannerOptions(d.thresholdBytes() / scale, d.groups(), d.runtimeGroups(), d.maxLayers(), 0);
    }

    /** The changed package's archive size at this scale (the new version's, or the removed one's). */
    private long changedPackageBytes(String name, List<RealEnvModel.Pkg> before, List<RealEnvModel.Pkg> after)
            throws IOException {
        for (List<RealEnvModel.Pkg> side : List.of(after, before)) {
            for (RealEnvModel.Pkg p : side) {
                if (p.name().equals(name)) {
                    return Files.size(write(p).archive());
                }
            }
        }
        throw new IllegalStateException(name);
    }

    private void noOpTiming(Path lock) throws Exception {
        Path oci = dir.resolve("oci");
        String target = "oci:" + oci + ":bench";
        Condock builder = new Condock(BuildListener.SILENT);
        BuildRequest req =
                request(lock, dir.resolve("cache"), options(scale)).to(target).build();
        builder.build(req);
        double[] ours = new double[3];
        double[] fresh = new double[3];
        double[] skopeo = new double[3];
        for (int i = 0; i < 3; i++) {
            long t0 = System.nanoTime();
            builder.build(req);
            ours[i] = (System.nanoTime() - t0) / 1e9;
            t0 = System.nanoTime();
            Process j = new ProcessBuilder(
                            "java",
                            "-cp",
                            System.getProperty("java.class.path"),
                            PlannerBench.class.getName(),
                            "--rebuild",
                            lock.toString(),
                            dir.resolve("cache").toString(),
                            target)
                    .inheritIO()
                    .start();
            if (j.waitFor() != 0) {
                throw new IOException("fresh-JVM rebuild failed");
            }
            fresh[i] = (System.nanoTime() - t0) / 1e9;
            t0 = System.nanoTime();
            Process p = new ProcessBuilder("skopeo", "inspect", "oci:" + oci + ":bench")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (p.waitFor() != 0) {
                throw new IOException("skopeo inspect failed");
            }
            skopeo[i] = (System.nanoTime() - t0) / 1e9;
        }
        Arrays.sort(ours);
        Arrays.sort(fresh);
        Arrays.sort(skopeo);
        System.out.printf(
                Locale.ROOT,
                "%nno-op rebuild, all cached, same oci target (median of 3): fresh JVM %.2f s, "
                        + "warm JVM %.3f s; skopeo inspect of that image %.2f s; ratio fresh/skopeo %.1fx, warm/skopeo %.2fx%n",
                fresh[1],
                ours[1],
                skopeo[1],
                fresh[1] / skopeo[1],
                ours[1] / skopeo[1]);
    }

    private ImageBlobs build(LayerPlanner planner, Path lock, List<ImageTarget> targets) throws Exception {
        BuildRequest.Builder b = BuildRequest.builder()
                .lock(lock)
                .threads(2)
                .cacheRoot(dir.resolve("cache"))
                .mtime(0)
                .planner(planner);
        targets.forEach(t -> b.to(t.toString()));
        BuildRequest req = b.build();
        Condock condock = new Condock(BuildListener.SILENT);
        return (targets.isEmpty() ? condock.image(req) : condock.build(req)).image();
    }

    private static BuildRequest.Builder request(Path lock, Path cache, PlannerOptions o) {
        return BuildRequest.builder()
                .lock(lock)
                .threads(2)
                .cacheRoot(cache)
                .mtime(0)
                .layerThreshold(o.thresholdBytes())
                .maxLayers(o.maxLayers());
    }

    private Path lock(String name, List<RealEnvModel.Pkg> env) throws IOException {
        StringBuilder sb = new StringBuilder("# platform: linux-64\n@EXPLICIT\n");
        for (RealEnvModel.Pkg p : env) {
            BuiltPackage b = write(p);
            sb.append(b.archive().toAbsolutePath().toUri())
                    .append("#sha256:")
                    .append(b.sha256())
                    .append('\n');
        }
        Path lock = dir.resolve(name + ".explicit.txt");
        Files.writeString(lock, sb.toString());
        return lock;
    }

    /** The package's archive, written once: random bytes of its scaled size, seeded by its dist. */
    private BuiltPackage write(RealEnvModel.Pkg p) throws IOException {
        String dist = p.name() + "-" + p.version() + "-" + p.build();
        BuiltPackage b = built.get(dist);
        if (b != null) {
            return b;
        }
        byte[] data = new byte[(int) Math.max(256, p.size() / scale)];
        new Random(dist.hashCode()).nextBytes(data);
        PackageContents c = CondaPackageWriter.builder(p.name(), p.version(), p.build())
                .depends(p.depends().toArray(String[]::new));
        if (p.noarchPython()) {
            c.noarch("python")
                    .file(
                            "site-packages/" + p.name().replace('-', '_') + "/__init__.py",
                            "VERSION = '" + p.version() + "'\n",
                            0644)
                    .file("site-packages/" + p.name().replace('-', '_') + "/_data.bin", data, 0644);
        } else {
            c.subdir("linux-64")
                    .file("lib/lib" + p.name() + ".so." + p.version(), data, 0755)
                    .symlink("lib/lib" + p.name() + ".so", "lib" + p.name() + ".so." + p.version());
        }
        b = c.write(dir.resolve("channel").resolve(p.noarchPython() ? "noarch" : "linux-64"), ArchiveFormat.CONDA);
        built.put(dist, b);
        return b;
    }

    private static List<RealEnvModel.Pkg> bump(List<RealEnvModel.Pkg> env, String name) {
        return env.stream()
                .map(p -> p.name().equals(name)
                        ? new RealEnvModel.Pkg(
                                p.name(), p.version() + ".post1", p.build(), p.size(), p.noarchPython(), p.depends())
                        : p)
                .toList();
    }

    /** The first of the names present, small (under the threshold) or big as asked. */
    private static String pick(List<RealEnvModel.Pkg> env, boolean big, String... names) {
        for (String n : names) {
            for (RealEnvModel.Pkg p : env) {
                if (p.name().equals(n) && (p.size() > PlannerOptions.DEFAULT_THRESHOLD) == big) {
                    return n;
                }
            }
        }
        throw new IllegalStateException("none of " + Arrays.toString(names) + " in the environment");
    }

    static String human(long n) {
        return n < 1 << 20
                ? String.format(Locale.ROOT, "%.1f KiB", n / 1024.0)
                : String.format(Locale.ROOT, "%.2f MiB", n / 1048576.0);
    }

    static void deleteTree(Path root) throws IOException {
        try (var s = Files.walk(root)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
