package dev.condock.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.condock.image.ImageBlobs;
import dev.condock.layer.PlannerOptions;
import dev.condock.pkgbuild.CondaPackageWriter;
import dev.condock.pkgbuild.PackageContents;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The layer cache through whole builds: unchanged layers are not written again, shared ones share digests. */
class LayerCacheBuildTest {
    /** 64 KiB threshold: the fixtures' "big" packages are 100-300 KiB of random (incompressible) bytes. */
    static final PlannerOptions OPTS = new PlannerOptions(64 << 10, 16, 4, 100, 0);

    @TempDir
    Path tmp;

    static class Counting implements BuildListener {
        final AtomicInteger written = new AtomicInteger();
        final Map<String, Boolean> layers = new ConcurrentHashMap<>();

        @Override
        public void info(String message) {}

        @Override
        public void warn(String message) {}

        @Override
        public void layer(String name, String digest, boolean cached) {
            layers.put(name, cached);
            if (!cached) {
                written.incrementAndGet();
            }
        }
    }

    static PackageContents pkg(String name, String version, int kib) {
        byte[] data = new byte[kib << 10];
        new Random(name.hashCode() * 31L + version.hashCode()).nextBytes(data);
        return CondaPackageWriter.builder(name, version, "h0_0")
                .subdir("linux-64")
                .file("lib/lib" + name + ".so", data, 0755)
                .file("share/" + name + "/VERSION", version + "\n", 0644);
    }

    static List<PackageContents> train(String smallVersion) {
        return env(smallVersion, "tensorboard");
    }

    /** The shared packages plus one of the env's own (tensorboard for training, onnxruntime for inference). */
    static List<PackageContents> env(String smallVersion, String own) {
        List<PackageContents> out = new ArrayList<>(List.of(
                pkg("python", "3.11.4", 120),
                pkg("libcublas", "12.1", 300),
                pkg("pytorch", "2.1.0", 250),
                pkg(own, "2.0", 150)));
        for (int i = 0; i < 20; i++) {
            out.add(pkg("small" + i, i == 5 ? smallVersion : "1.0", 2 + i));
        }
        return out;
    }

    private BuildResult build(Path lock, Counting listener) throws Exception {
        return new Condock(listener)
                .build(LockFixtures.request(lock, tmp.resolve("cache"), 2)
                        .to("oci:" + tmp.resolve("oci"))
                        .layerThreshold(OPTS.thresholdBytes())
                        .maxLayers(OPTS.maxLayers())
                        .build());
    }

    @Test
    void secondBuildWritesNoLayerAndABumpWritesItsGroupAndTheTop() throws Exception {
        Path channel = tmp.resolve("channel");
        Path lock = LockFixtures.lock(channel, "train", train("1.0"));
        Counting first = new Counting();
        BuildResult a = build(lock, first);
        int layers = a.image().layers().size();
        assertEquals(layers, first.written.get());

        Counting second = new Counting();
        BuildResult b = build(lock, second);
        assertEquals(0, second.written.get());
        assertTrue(second.layers.isEmpty(), "the build cache answered: no layer even looked up");
        assertEquals(a.digest(), b.digest());

        dev.condock.util.FileTrees.delete(tmp.resolve("cache/builds"));
        Counting third = new Counting();
        assertEquals(a.digest(), build(lock, third).digest());
        assertEquals(0, third.written.get(), "without the build record, every layer came from the layer cache");
        assertEquals(layers, third.layers.size());

        Counting bump = new Counting();
        BuildResult c = build(LockFixtures.lock(channel, "train2", train("1.1")), bump);
        assertEquals(3, bump.written.get(), "small5's group, the top layer and the record: " + bump.layers);
        assertEquals(layers, c.image().layers().size());
        assertEquals(layers - 3, shared(a.image(), c.image()));
    }

    /** A build on a base image is a no-op rebuild too, keyed by the base's digest (it was always rebuilt). */
    @Test
    void aBuildOnABaseImageIsServedFromTheBuildCacheUntilTheBaseChanges() throws Exception {
        Path channel = tmp.resolve("channel");
        String base = "oci:" + tmp.resolve("base") + ":1";
        new Condock(new Counting())
                .build(LockFixtures.request(
                                LockFixtures.lock(channel, "base", List.of(pkg("busybox", "1.0", 8))),
                                tmp.resolve("cache-base"),
                                2)
                        .to(base)
                        .build());
        Path lock = LockFixtures.lock(channel, "train", train("1.0"));
        BuildResult a = onBase(lock, base, new Counting());
        assertTrue(!a.images().get(0).fromBuildCache());
        Counting second = new Counting();
        BuildResult b = onBase(lock, base, second);
        assertTrue(b.images().get(0).fromBuildCache(), "same lock, same base digest: the build cache answers");
        assertEquals(a.digest(), b.digest());
        assertEquals(0, second.written.get());

        // the same tag now names another base: built again, on it
        new Condock(new Counting())
                .build(LockFixtures.request(
                                LockFixtures.lock(channel, "base2", List.of(pkg("busybox", "1.1", 8))),
                                tmp.resolve("cache-base"),
                                2)
                        .to(base)
                        .build());
        BuildResult c = onBase(lock, base, new Counting());
        assertTrue(!c.images().get(0).fromBuildCache(), "another base digest is another build");
        assertTrue(!a.digest().equals(c.digest()));
    }

    /** The same base layout in another checkout (another host path) gives the same image: no host path inside. */
    @Test
    void theSameLocalBaseElsewhereGivesTheSameImage() throws Exception {
        Path channel = tmp.resolve("channel");
        Path baseLock = LockFixtures.lock(channel, "base", List.of(pkg("busybox", "1.0", 8)));
        Path lock = LockFixtures.lock(channel, "train", train("1.0"));
        List<String> digests = new ArrayList<>();
        for (String checkout : List.of("one", "two/deeper")) {
            Path dir = tmp.resolve(checkout);
            String base = "oci:" + dir.resolve("base") + ":1";
            new Condock(new Counting())
                    .build(LockFixtures.request(baseLock, dir.resolve("cache-base"), 2)
                            .to(base)
                            .build());
            digests.add(new Condock(new Counting())
                    .build(LockFixtures.request(lock, dir.resolve("cache"), 2)
                            .base(base)
                            .to("oci:" + dir.resolve("out"))
                            .build())
                    .digest());
        }
        assertEquals(digests.get(0), digests.get(1));
    }

    private BuildResult onBase(Path lock, String base, Counting listener) throws Exception {
        return new Condock(listener)
                .build(LockFixtures.request(lock, tmp.resolve("cache"), 2)
                        .base(base)
                        .to("oci:" + tmp.resolve("oci") + ":"
                                + lock.getFileName().toString().replace('.', '-'))
                        .layerThreshold(OPTS.thresholdBytes())
                        .maxLayers(OPTS.maxLayers())
                        .build());
    }

    @Test
    void trainAndInferEnvironmentsShareTheirCommonLayersByDigest() throws Exception {
        Path channel = tmp.resolve("channel");
        List<PackageContents> infer = env("1.0", "onnxruntime");
        BuildResult t = build(LockFixtures.lock(channel, "train", train("1.0")), new Counting());
        Counting inferListener = new Counting();
        BuildResult i = build(LockFixtures.lock(channel, "infer", infer), inferListener);
        // tensorboard's and onnxruntime's own layers differ, the top layer (lock copy, history) and the record
        assertEquals(t.image().layers().size() - 3, shared(t.image(), i.image()));
        assertEquals(3, inferListener.written.get(), "only onnxruntime, the top layer and the record are new");
    }

    static int shared(ImageBlobs a, ImageBlobs b) {
        Set<String> da = new HashSet<>();
        a.layers().forEach(l -> da.add(l.descriptor().digest()));
        int n = 0;
        for (ImageBlobs.Layer l : b.layers()) {
            n += da.contains(l.descriptor().digest()) ? 1 : 0;
        }
        return n;
    }
}
