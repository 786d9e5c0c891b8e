package dev.condock.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.condock.image.ImageBlobs;
import dev.condock.lock.LockedWheel;
import dev.condock.pipeline.BuildRequest;
import dev.condock.pipeline.BuildResult;
import dev.condock.pipeline.Condock;
import dev.condock.registry.LocalRegistry.Mode;
import dev.condock.smoke.ContainerRuntime;
import dev.condock.smoke.RunOptions;
import dev.condock.testkit.Scratch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16, the ML image for real: examples/ml-train (Debian's CPython 3.11 and pip as conda packages from
 * scripts/ml-material.sh, torch 2.13 CPU + numpy<2, pandas, scikit-learn, transformers, tensorboard as real wheels
 * from /opt/wheels and /opt/pypi) solved, built on the Debian glibc base, smoke-tested by the build under runc
 * (the spec's {@code test:}: import torch/transformers/sklearn, a few training steps), pushed to the loopback
 * registry, pulled and run by podman (the smoke command) and containerd's ctr (train.py). Then numpy is bumped to
 * another version of the wheelhouse: only numpy's layer (and the record layer, which holds the lock) is uploaded.
 * Last, the same inputs are built with a fresh cache in another directory: the same digest. Skipped where /opt/pypi is absent.
 */
@Tag("e2e")
class MlTrainE2ETest {
    static final Path WHEELHOUSE = Path.of("/opt/pypi/simple");
    static final Path TORCH = Path.of("/opt/wheels/torch-2.13.0+cpu-cp311-cp311-manylinux_2_28_x86_64.whl");
    static final Path ROOT = repoRoot();

    @TempDir
    static Path dir;

    static Path material;

    @BeforeAll
    static void material() throws Exception {
        assumeTrue(
                Files.isDirectory(WHEELHOUSE) && Files.isRegularFile(TORCH),
                "no real wheelhouse (/opt/pypi/simple and " + TORCH
                        + ") on this machine: the ML image test is skipped");
        assumeTrue(LocalRegistry.available(), "docker-registry/openssl/htpasswd not installed");
        assumeTrue(Consumers.available(), "skopeo/umoci/containerd/ctr/podman/runc not installed, or not root");
        String env = System.getenv("CONDOCK_ML_MATERIAL");
        material = env != null ? Path.of(env) : Path.of(System.getProperty("user.home"), ".cache/condock/ml-material");
        Tool.Result r = Tool.run(
                ROOT, Map.of(), 900, ROOT.resolve("scripts/ml-material.sh").toString(), material.toString());
        assertEquals(0, r.exit(), "scripts/ml-material.sh: " + r.output());
        LocalRegistry.start(Mode.HTTP);
    }

    /** examples/ml-train copied into {@code to}, the channel pointing at this run's material. */
    static Path project(Path to, String numpy, boolean tests) throws Exception {
        Path ex = ROOT.resolve("examples/ml-train");
        Files.createDirectories(to);
        Files.copy(ex.resolve("train.py"), to.resolve("train.py"));
        // the lock line stays out: these builds solve
        String spec = Files.readString(ex.resolve("condock.yaml")).replaceAll("(?m)^lock: .*\n", "");
        if (!tests) spec = spec.replaceAll("(?ms)^test:.*", ""); // the last key: the bump build skips the smoke run
        Files.writeString(to.resolve("condock.yaml"), spec);
        String envYml = Files.readString(ex.resolve("environment.yml"))
                .replace("~/.cache/condock/ml-material", material.toString())
                .replace("- numpy<2\n", "- " + numpy + "\n");
        assertTrue(envYml.contains("- " + numpy + "\n"), envYml);
        Files.writeString(to.resolve("environment.yml"), envYml);
        Files.createSymbolicLink(to.resolve(".material"), material);
        return to;
    }

    static BuildRequest.Builder request(Path project, Path cache) throws Exception {
        return BuildRequest.builder()
                .spec(project)
                .threads(2)
                .cacheRoot(cache)
                .registry(RegistryE2ETest.options(Mode.HTTP));
    }

    @Test
    void trainsUnderThreeRuntimesAndABumpRepushesOneLayer() throws Exception {
        long t0 = System.nanoTime();
        Path p1 = project(dir.resolve("v1"), "numpy<2", true);
        String ref1 = Mode.HTTP.host() + "/e2e/ml-train:1";
        BuildOnRegistryE2ETest.Pushes pushes1 = new BuildOnRegistryE2ETest.Pushes();
        BuildResult v1 = new Condock(pushes1)
                .build(request(p1, dir.resolve("cache"))
                        .to(List.of(ref1))
                        .testRun(new RunOptions(ContainerRuntime.RUNC, false, false, null))
                        .build());
        // a tested build that only pushes still writes its lock beside environment.yml
        Path lockFile = v1.locks().get(dev.condock.model.Platform.LINUX_64);
        assertTrue(
                lockFile != null && lockFile.startsWith(p1) && Files.isRegularFile(lockFile),
                () -> "lock: " + v1.locks());
        Map<String, String> pins = pins(v1);
        assertEquals("1.26.4", pins.get("numpy"), pins.toString());
        assertEquals("2.13.0+cpu", pins.get("torch"), pins.toString());
        assertTrue(
                pins.keySet().containsAll(Set.of("pandas", "scikit-learn", "transformers", "tensorboard")),
                pins.toString());
        long built = System.nanoTime();

        try (Consumers c = new Consumers(Scratch.dir("condock-ml-consumers")).timeout(900)) {
            Tool.Result pull = c.podman("pull", "-q", "--tls-verify=false", ref1);
            assertEquals(0, pull.exit(), pull.output());
            Tool.Result smoke = c.podman(
                    "run",
                    "--rm",
                    "--network=none",
                    ref1,
                    "python",
                    "-c",
                    "import torch, transformers, sklearn; print(torch.__version__, torch.randn(2, 2).sum())");
            assertEquals(0, smoke.exit(), smoke.output());
            assertTrue(smoke.output().contains("2.13.0+cpu tensor("), smoke.output());

            c.startContainerd();
            Tool.Result cpull = c.ctr("image", "pull", "--hosts-dir", c.hostsDir(), ref1);
            assertEquals(0, cpull.exit(), cpull.output());
            Tool.Result train =
                    c.ctr("run", "--rm", ref1, "condock-ml-train", "python", "/app/train.py", "--steps", "5");
            assertEquals(0, train.exit(), train.output());
            assertTrue(train.output().matches("(?s).*trained 5 steps: loss [0-9.]+ -> [0-9.]+.*"), train.output());
        }
        long ran = System.nanoTime();

        // the bump: numpy 1.26.4 -> 2.0.2, same repository; the registry already holds every other layer
        Path p2 = project(dir.resolve("v2"), "numpy==2.0.2", false);
        String ref2 = Mode.HTTP.host() + "/e2e/ml-train:2";
        BuildOnRegistryE2ETest.Pushes pushes2 = new BuildOnRegistryE2ETest.Pushes();
        BuildResult v2 = new Condock(pushes2)
                .build(request(p2, dir.resolve("cache")).to(List.of(ref2)).build());
        Map<String, String> pins2 = pins(v2);
        assertEquals("2.0.2", pins2.get("numpy"));
        pins.remove("numpy");
        pins2.remove("numpy");
        assertEquals(pins, pins2, "only numpy moves");
        Map<String, String> l1 = layers(v1.image());
        Map<String, String> l2 = layers(v2.image());
        TreeSet<String> changed = new TreeSet<>();
        for (Map.Entry<String, String> e : l2.entrySet()) {
            if (!l1.containsKey(e.getKey())) changed.add(e.getValue());
        }
        // numpy's own layer, plus the two small ones that hold the lock (conda-meta's copy, the build record)
        assertTrue(changed.contains("pypi-numpy"), changed.toString());
        assertTrue(Set.of("pypi-numpy", "environment", "record").containsAll(changed), changed + " in " + l2);
        assertEquals(1, pushes2.results.size());
        PushResult push2 = pushes2.results.get(0);
        assertEquals(changed.size(), push2.pushed(), push2.toString());
        long changedBytes = 0;
        for (var l : v2.image().layers()) {
            if (changed.contains(l.descriptor().annotations().getOrDefault("dev.condock.layer", "?"))) {
                changedBytes += l.descriptor().size();
            }
        }
        assertTrue(push2.bytesUploaded() <= changedBytes + 64 * 1024, push2 + " vs layers " + changedBytes);
        // and the registry: the second manifest differs from the first in exactly those layers
        Set<String> inRegistry1 = registryLayers(ref1);
        Set<String> inRegistry2 = registryLayers(ref2);
        inRegistry2.removeAll(inRegistry1);
        assertEquals(changed.size(), inRegistry2.size(), inRegistry2.toString());
        long bumped = System.nanoTime();

        // same inputs, fresh caches: the same image
        BuildResult again = new Condock(new BuildOnRegistryE2ETest.Pushes())
                .build(request(project(dir.resolve("v1-again"), "numpy<2", true), dir.resolve("cache-fresh"))
                        .to(List.of("oci:" + dir.resolve("again") + ":1"))
                        .testRun(new RunOptions(ContainerRuntime.RUNC, false, false, null))
                        .build());
        System.out.println("[ml-train] fresh-cache digest " + again.digest() + " vs " + v1.digest());
        Map<String, String> firstLayers = layers(v1.image());
        layers(again.image()).forEach((d, name) -> {
            if (!firstLayers.containsKey(d)) System.out.println("[ml-train] fresh-cache layer differs: " + name);
        });
        System.out.println("[ml-train] config " + again.image().config().digest() + " vs "
                + v1.image().config().digest());
        // another checkout, fresh caches: the same image (an oci: base is named by its layout, not its host path)
        assertEquals(v1.digest(), again.digest(), "same inputs, fresh caches, another project directory");
        System.out.printf(
                "[ml-train] layers %d, size %d B; build+runc test %.0f s, podman+ctr %.0f s, bump %.0f s"
                        + " (uploaded %d B in %d layers), fresh rebuild %.0f s%n",
                v1.image().layers().size(),
                v1.image().layers().stream()
                        .mapToLong(l -> l.descriptor().size())
                        .sum(),
                (built - t0) / 1e9,
                (ran - built) / 1e9,
                (bumped - ran) / 1e9,
                push2.bytesUploaded(),
                push2.pushed(),
                (System.nanoTime() - bumped) / 1e9);
    }

    /** Tests run in the repository root (../shared is the test data); a module directory is allowed too. */
    private static Path repoRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isRegularFile(p.resolve("scripts/ml-material.sh"))) p = p.getParent();
        return p == null ? Path.of("").toAbsolutePath() : p;
    }

    /** The pip pins of the lock the build installed (solved from environment.yml). */
    private static Map<String, String> pins(BuildResult r) {
        Map<String, String> out = new LinkedHashMap<>();
        for (LockedWheel w : r.images().get(0).lock().pip()) {
            out.put(w.name(), w.version());
        }
        return out;
    }

    /** digest -> dev.condock.layer annotation. */
    private static Map<String, String> layers(ImageBlobs image) {
        Map<String, String> out = new LinkedHashMap<>();
        for (var l : image.layers()) {
            out.put(l.descriptor().digest(), l.descriptor().annotations().getOrDefault("dev.condock.layer", "?"));
        }
        return out;
    }

    private static Set<String> registryLayers(String ref) throws Exception {
        Set<String> out = new TreeSet<>();
        for (var l : RegistryE2ETest.skopeoInspectRaw(Mode.HTTP, ref).path("layers")) {
            out.add(l.path("digest").asText());
        }
        return out;
    }
}
