package dev.condock.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.condock.image.Descriptor;
import dev.condock.image.ImageBlobs;
import dev.condock.util.CondockException;
import dev.condock.util.FileTrees;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --compression estargz through whole builds: reproducible, annotated, prefetch lists checked and cached right. */
class EstargzBuildTest {
    static final String TOC = "containerd.io/snapshot/stargz/toc.digest";
    static final String SIZE = "io.containers.estargz.uncompressed-size";

    @TempDir
    Path tmp;

    private BuildResult build(Path lock, String cache, String out, List<String> prefetch, int threads)
            throws Exception {
        return new Condock(new LayerCacheBuildTest.Counting())
                .build(LockFixtures.request(lock, tmp.resolve(cache), threads)
                        .compression("estargz")
                        .prefetch(prefetch)
                        .to("oci:" + tmp.resolve(out))
                        .layerThreshold(LayerCacheBuildTest.OPTS.thresholdBytes())
                        .build());
    }

    private Path lock() throws Exception {
        return LockFixtures.lock(tmp.resolve("channel"), "train", LayerCacheBuildTest.train("1.0"));
    }

    /** Our layers (the base has none here): every one gzip, with both eStargz annotations. */
    private static List<Descriptor> layers(ImageBlobs image) {
        List<Descriptor> out = new ArrayList<>();
        image.layers().forEach(l -> out.add(l.descriptor()));
        return out;
    }

    @Test
    void coldBuildsInTwoCachesWithOtherThreadCountsGiveOneDigestAndEveryLayerIsAnnotated() throws Exception {
        Path lock = lock();
        BuildResult a = build(lock, "c1", "oci1", List.of(), 1);
        BuildResult b = build(lock, "c2", "oci2", List.of(), 3);
        assertEquals(a.digest(), b.digest());
        assertTrue(layers(a.image()).size() > 3);
        for (Descriptor d : layers(a.image())) {
            assertEquals(Descriptor.LAYER_GZIP, d.mediaType());
            assertTrue(d.annotations().get(TOC).matches("sha256:[0-9a-f]{64}"), d.toString());
            assertTrue(Long.parseLong(d.annotations().get(SIZE)) > 0, d.toString());
        }
        BuildResult gzip = new Condock(new LayerCacheBuildTest.Counting())
                .build(LockFixtures.request(lock, tmp.resolve("c1"), 2)
                        .to("oci:" + tmp.resolve("oci3"))
                        .layerThreshold(LayerCacheBuildTest.OPTS.thresholdBytes())
                        .build());
        assertNotEquals(a.digest(), gzip.digest());

        // from the layer cache (no build record): the annotations come back with the layers
        FileTrees.delete(tmp.resolve("c1/builds"));
        BuildResult again = build(lock, "c1", "oci4", List.of(), 2);
        assertEquals(a.digest(), again.digest());
        assertEquals(layers(a.image()), layers(again.image()));
    }

    @Test
    void aPrefetchedFileChangesOnlyItsOwnLayer() throws Exception {
        Path lock = lock();
        BuildResult plain = build(lock, "c", "oci1", List.of(), 2);
        BuildResult pre = build(lock, "c", "oci2", List.of("/opt/conda/lib/libpytorch.so"), 2);
        List<Descriptor> p = layers(plain.image());
        List<Descriptor> q = layers(pre.image());
        assertEquals(p.size(), q.size());
        int changed = 0;
        for (int i = 0; i < p.size(); i++) {
            changed += p.get(i).digest().equals(q.get(i).digest()) ? 0 : 1;
        }
        // pytorch's layer, and the record layer (it holds condock's inputs, not the flags: unchanged) stays
        assertEquals(1, changed, "only pytorch's layer is reordered");
        assertEquals(
                pre.digest(),
                build(lock, "c", "oci3", List.of("/opt/conda/lib/libpytorch.so"), 1)
                        .digest());
    }

    @Test
    void aPrefetchPathNoLayerHoldsOrOneWithoutEstargzIsAUserError() throws Exception {
        Path lock = lock();
        CondockException missing = assertThrows(
                CondockException.class, () -> build(lock, "c", "oci", List.of("/opt/conda/lib/nope.so"), 2));
        assertEquals(2, missing.exitCode());
        assertTrue(missing.getMessage().contains("/opt/conda/lib/nope.so"), missing.getMessage());
        CondockException gzip = assertThrows(
                CondockException.class,
                () -> LockFixtures.request(lock, tmp, 1)
                        .prefetch(List.of("/opt/conda/bin/python"))
                        .build());
        assertEquals(2, gzip.exitCode());
        assertTrue(gzip.getMessage().contains("--compression estargz"), gzip.getMessage());
        CondockException relative = assertThrows(
                CondockException.class,
                () -> LockFixtures.request(lock, tmp, 1)
                        .compression("estargz")
                        .prefetch(List.of("bin/python"))
                        .build());
        assertTrue(relative.getMessage().contains("absolute"), relative.getMessage());
    }
}
