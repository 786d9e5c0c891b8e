package dev.condock.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.condock.image.ImageBlobs;
import dev.condock.util.Hashing;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A corrupt cached layer blob is never written to a target: found on reuse, removed, written again. */
class CacheIntegrityBuildTest {
    @TempDir
    Path tmp;

    static final class Warnings extends LayerCacheBuildTest.Counting {
        final List<String> warnings = new CopyOnWriteArrayList<>();

        @Override
        public void warn(String message) {
            warnings.add(message);
        }
    }

    private BuildResult build(Path lock, String oci, Warnings listener) throws Exception {
        return new Condock(listener)
                .build(LockFixtures.request(lock, tmp.resolve("cache"), 2)
                        .to("oci:" + tmp.resolve(oci))
                        .layerThreshold(LayerCacheBuildTest.OPTS.thresholdBytes())
                        .maxLayers(LayerCacheBuildTest.OPTS.maxLayers())
                        .build());
    }

    /** Every layer blob of the image in the OCI layout holds the bytes its digest names. */
    private static void assertBlobsMatch(Path oci, ImageBlobs image) throws Exception {
        for (ImageBlobs.Layer l : image.layers()) {
            String hex = l.descriptor().digest().substring("sha256:".length());
            assertEquals(hex, Hashing.sha256Hex(oci.resolve("blobs/sha256").resolve(hex)), "blob " + hex);
        }
    }

    private Path biggestBlob() throws Exception {
        try (var s = Files.list(tmp.resolve("cache/blobs/sha256"))) {
            return s.filter(p -> !p.getFileName().toString().startsWith("."))
                    .max((a, b) -> Long.compare(a.toFile().length(), b.toFile().length()))
                    .orElseThrow();
        }
    }

    /**
     * A rebuild into a new layout directory (a CI job's clean workspace over a restored cache) links the layer blobs
     * the cache lookup has just checked instead of copying and hashing them again: the no-op route and a layer
     * cache hit alike.
     */
    @Test
    void aCachedLayerIsLinkedIntoANewLayoutOnceChecked() throws Exception {
        Path lock = LockFixtures.lock(tmp.resolve("channel"), "train", LayerCacheBuildTest.train("1.0"));
        build(lock, "first", new Warnings());
        Path blob = biggestBlob();
        String name = blob.getFileName().toString();

        BuildResult noop = build(lock, "second", new Warnings());
        assertTrue(Files.isSameFile(blob, tmp.resolve("second/blobs/sha256").resolve(name)), "no-op: linked");
        assertBlobsMatch(tmp.resolve("second"), noop.image());

        dev.condock.util.FileTrees.delete(tmp.resolve("cache/builds")); // the layer cache answers now
        Warnings hit = new Warnings();
        BuildResult b = build(lock, "third", hit);
        assertEquals(0, hit.written.get(), "every layer from the layer cache: " + hit.layers);
        assertTrue(Files.isSameFile(blob, tmp.resolve("third/blobs/sha256").resolve(name)), "layer cache hit: linked");
        assertBlobsMatch(tmp.resolve("third"), b.image());
    }

    @Test
    void aFlippedByteInACachedBlobIsHealedOnTheNoOpRebuildAndOnALayerCacheHit() throws Exception {
        Path lock = LockFixtures.lock(tmp.resolve("channel"), "train", LayerCacheBuildTest.train("1.0"));
        BuildResult clean = build(lock, "oci0", new Warnings());

        Path blob = biggestBlob();
        dev.condock.pkgbuild.Corrupt.flip(blob, 100);
        Warnings noop = new Warnings();
        BuildResult a = build(lock, "oci1", noop);
        assertEquals(clean.digest(), a.digest());
        assertEquals(1, noop.warnings.size(), noop.warnings.toString());
        assertTrue(noop.warnings.get(0).contains("corrupt"), noop.warnings.get(0));
        assertEquals(1, noop.written.get(), "only the corrupt layer was written again: " + noop.layers);
        assertBlobsMatch(tmp.resolve("oci1"), a.image());
        assertEquals(blob.getFileName().toString(), Hashing.sha256Hex(blob), "the cache holds good bytes again");

        // without the build record the layer cache answers: same check there
        dev.condock.util.FileTrees.delete(tmp.resolve("cache/builds"));
        dev.condock.pkgbuild.Corrupt.flip(blob, 7);
        Warnings hit = new Warnings();
        BuildResult b = build(lock, "oci2", hit);
        assertEquals(clean.digest(), b.digest());
        assertEquals(1, hit.warnings.size(), hit.warnings.toString());
        assertEquals(1, hit.written.get());
        assertBlobsMatch(tmp.resolve("oci2"), b.image());

        Warnings quiet = new Warnings();
        build(lock, "oci3", quiet);
        assertEquals(List.of(), quiet.warnings, "healed: nothing to report");
        assertFalse(
                Files.exists(tmp.resolve("cache/tmp"))
                        && Files.list(tmp.resolve("cache/tmp")).findAny().isPresent(),
                "no temp directory left");
    }

    /** The docker-archive target (issue 14 found it unreadable with a corrupt cached blob) gets good bytes too. */
    @Test
    void aFlippedByteInACachedBlobNeverReachesADockerArchive() throws Exception {
        Path lock = LockFixtures.lock(tmp.resolve("channel"), "train", LayerCacheBuildTest.train("1.0"));
        BuildResult clean = build(lock, "oci0", new Warnings());
        dev.condock.pkgbuild.Corrupt.flip(biggestBlob(), 100);
        Warnings w = new Warnings();
        Path archive = tmp.resolve("image.tar");
        BuildResult r = new Condock(w)
                .build(LockFixtures.request(lock, tmp.resolve("cache"), 2)
                        .to("docker-archive:" + archive)
                        .layerThreshold(LayerCacheBuildTest.OPTS.thresholdBytes())
                        .maxLayers(LayerCacheBuildTest.OPTS.maxLayers())
                        .build());
        assertEquals(clean.digest(), r.digest());
        assertEquals(1, w.warnings.size(), w.warnings.toString());
        java.util.Set<String> whole = new java.util.HashSet<>();
        try (var tar =
                new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(Files.newInputStream(archive))) {
            for (var e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                if (e.getName().startsWith("blobs/sha256/") && !e.isDirectory()) {
                    String hex = e.getName().substring("blobs/sha256/".length());
                    assertEquals(hex, Hashing.sha256Hex(tar.readAllBytes()), e.getName());
                    whole.add("sha256:" + hex);
                }
            }
        }
        for (ImageBlobs.Layer l : r.image().layers()) {
            assertTrue(
                    whole.contains(l.descriptor().digest()),
                    "layer " + l.descriptor().digest() + " in the archive");
        }
    }
}
