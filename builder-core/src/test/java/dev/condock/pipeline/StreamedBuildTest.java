package dev.condock.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.condock.layer.GroupingPlanner;
import dev.condock.layer.PlannerOptions;
import dev.condock.pkgbuild.CondaPackageWriter;
import dev.condock.pkgbuild.PackageContents;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The streamed route (plan from metadata, install per layer) builds the very image of the install-everything route
 * (a planner object takes that one), and holds at most {@link StreamedLayers#IN_FLIGHT} layers' files at once.
 */
class StreamedBuildTest {
    private static final long THRESHOLD = 64 << 10;

    @TempDir
    Path tmp;

    private static PackageContents big(String name, String version, int kib) {
        byte[] data = new byte[kib << 10];
        new Random(name.hashCode()).nextBytes(data);
        return CondaPackageWriter.builder(name, version, "h0_0")
                .file("lib/lib" + name + ".so", data, 0755)
                .textPrefix("etc/" + name + ".conf", "prefix=/opt/anaconda1anaconda2anaconda3\n", 0644);
    }

    /** Big and small packages, a clobbering pair (the loser's hardlink to the lost file), noarch python. */
    private static List<PackageContents> env(String toolVersion) {
        List<PackageContents> out = new ArrayList<>(List.of(
                big("python", "3.11.4", 100),
                big("libtorch", "2.1", 200),
                big("cudnn", "9.0", 150),
                CondaPackageWriter.builder("loser", "1.0", "0")
                        .file("share/common.txt", "loser", 0644)
                        .hardlink("share/alias.txt", "share/common.txt"),
                CondaPackageWriter.builder("winner", "1.0", "0").file("share/common.txt", "winner", 0644),
                CondaPackageWriter.builder("tool", toolVersion, "pyh_0")
                        .noarch("python")
                        .file("site-packages/tool/__init__.py", "v = '" + toolVersion + "'\n", 0644)
                        .entryPoint("tool = tool:main")));
        for (int i = 0; i < 6; i++) {
            out.add(CondaPackageWriter.builder("small" + i, "1.0", "0").file("share/s" + i, "s" + i, 0644));
        }
        return out;
    }

    private BuildResult build(Path lock, String cache, String compression, boolean installFirst, BuildListener l)
            throws Exception {
        BuildRequest.Builder b = LockFixtures.request(lock, tmp.resolve(cache), 2)
                .compression(compression)
                .layerThreshold(THRESHOLD)
                .to("oci:" + tmp.resolve("oci-" + cache));
        if (installFirst) {
            // the same options as the request's, given as an object: the install-everything route
            b.planner(new GroupingPlanner(new PlannerOptions(
                    THRESHOLD,
                    PlannerOptions.DEFAULT_GROUPS,
                    PlannerOptions.DEFAULT_RUNTIME_GROUPS,
                    PlannerOptions.DEFAULT_MAX_LAYERS,
                    0)));
        }
        return new Condock(l).build(b.build());
    }

    @Test
    void sameImageAsInstallingEverythingFirst() throws Exception {
        Path lock = LockFixtures.lock(tmp.resolve("channel"), "env", env("1.0"));
        for (String c : List.of("gzip", "zstd", "estargz")) {
            BuildResult streamed = build(lock, "s-" + c, c, false, new LayerCacheBuildTest.Counting());
            BuildResult installed = build(lock, "i-" + c, c, true, new LayerCacheBuildTest.Counting());
            assertEquals(installed.digest(), streamed.digest(), c);
            assertTrue(
                    streamed.image().layers().size() > 5,
                    "several layers: " + streamed.image().layers().size());
        }
    }

    @Test
    void aBumpWritesItsLayerAndAtMostTwoLayersAreStagedAtOnce() throws Exception {
        Path channel = tmp.resolve("channel");
        AtomicInteger maxStaged = new AtomicInteger();
        LayerCacheBuildTest.Counting first = new LayerCacheBuildTest.Counting() {
            @Override
            public void layer(String name, String digest, boolean cached) {
                super.layer(name, digest, cached); // called once a layer is written, before its staging goes
                maxStaged.accumulateAndGet(staged(tmp.resolve("c/tmp")), Math::max);
            }
        };
        BuildResult a = build(LockFixtures.lock(channel, "v1", env("1.0")), "c", "gzip", false, first);
        assertTrue(maxStaged.get() >= 1 && maxStaged.get() <= StreamedLayers.IN_FLIGHT, "staged: " + maxStaged);

        LayerCacheBuildTest.Counting bump = new LayerCacheBuildTest.Counting();
        BuildResult b = build(LockFixtures.lock(channel, "v2", env("2.0")), "c", "gzip", false, bump);
        assertEquals(3, bump.written.get(), "tool's group, the top layer and the record: " + bump.layers);
        assertEquals(a.image().layers().size(), b.image().layers().size());
        // and that bump is what installing everything first gives
        BuildResult ref = build(
                LockFixtures.lock(channel, "v2", env("2.0")), "ref", "gzip", true, new LayerCacheBuildTest.Counting());
        assertEquals(ref.digest(), b.digest());
    }

    /** {@code plan} installs nothing and names the keys build stores its layers under (the package layers' from metadata). */
    @Test
    void planGivesTheKeysTheBuildStored() throws Exception {
        Path lock = LockFixtures.lock(tmp.resolve("channel"), "env", env("1.0"));
        BuildResult built = build(lock, "p", "zstd", false, new LayerCacheBuildTest.Counting());
        var plan = new Condock(BuildListener.SILENT)
                .plan(LockFixtures.request(lock, tmp.resolve("p"), 2)
                        .compression("zstd")
                        .layerThreshold(THRESHOLD)
                        .build())
                .values()
                .iterator()
                .next();
        assertEquals(
                built.images().get(0).layers().stream()
                        .map(BuildResult.LayerReport::name)
                        .toList(),
                plan.layers().stream().map(l -> l.name()).toList());
        for (String key : plan.cacheKeys()) {
            assertTrue(Files.isRegularFile(tmp.resolve("p/layers/" + key + ".json")), key);
        }
    }

    /** Layer staging directories (build-*&#47;layer-N) under the cache's tmp now. */
    private static int staged(Path cacheTmp) {
        try (Stream<Path> builds = Files.list(cacheTmp)) {
            int n = 0;
            for (Path build : builds.toList()) {
                if (Files.isDirectory(build)) {
                    try (Stream<Path> s = Files.list(build)) {
                        n += (int) s.filter(p -> p.getFileName().toString().startsWith("layer-"))
                                .count();
                    }
                }
            }
            return n;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
