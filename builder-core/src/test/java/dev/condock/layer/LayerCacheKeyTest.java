package dev.condock.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.condock.install.InstalledPackage;
import dev.condock.model.PackageRecord;
import dev.condock.model.TreeEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The layer cache key moves with everything that decides a layer's bytes, and with nothing else. */
class LayerCacheKeyTest {
    @TempDir
    Path tmp;

    private PlannedLayer layer(PackageRecord r, String... paths) throws Exception {
        InstalledPackage p = PlanFixtures.pkg(tmp, r, paths);
        return new PlannedLayer("l", List.of(r), p.entries(), "test");
    }

    private static String key(PlannedLayer l) throws Exception {
        return LayerCache.key(l, "/opt/conda", "3.11", Compression.GZIP, 0);
    }

    @Test
    void keyMovesWithEveryInputThatDecidesTheBytes() throws Exception {
        PackageRecord r = PlanFixtures.record("numpy", "1.26", 1000);
        PlannedLayer base = layer(r, "lib/a.so", "lib/b.so");
        assertEquals(key(base), key(layer(r, "lib/a.so", "lib/b.so")), "same inputs, same key");
        Set<String> keys = new HashSet<>();
        keys.add(key(base));
        keys.add(LayerCache.key(base, "/opt/other", "3.11", Compression.GZIP, 0));
        keys.add(LayerCache.key(base, "/opt/conda", "3.11", Compression.ZSTD, 0));
        keys.add(LayerCache.key(base, "/opt/conda", "3.11", Compression.GZIP, 1700000000));
        keys.add(key(layer(r.toBuilder().md5(null).sha256("0".repeat(64)).build(), "lib/a.so", "lib/b.so")));
        keys.add(key(layer(
                r.toBuilder()
                        .url("https://mirror.example/numpy.conda")
                        .channel("https://mirror.example")
                        .fn("numpy.conda")
                        .build(),
                "lib/a.so",
                "lib/b.so")));
        keys.add(key(layer(r, "lib/a.so"))); // a path lost to a clobbering package
        assertEquals(7, keys.size(), "every change gives a new key");
        // python decides noarch python paths only
        assertEquals(key(base), LayerCache.key(base, "/opt/conda", "3.12", Compression.GZIP, 0));
        PlannedLayer noarch = layer(r.toBuilder().noarch("python").build(), "lib/python3.11/site-packages/x.py");
        assertNotEquals(
                LayerCache.key(noarch, "/opt/conda", "3.11", Compression.GZIP, 0),
                LayerCache.key(noarch, "/opt/conda", "3.12", Compression.GZIP, 0));
    }

    @Test
    void theTopLayerIsKeyedByItsBytes() throws Exception {
        Path f = tmp.resolve("history");
        Files.writeString(f, "one\n");
        PlannedLayer a = new PlannedLayer(
                "environment",
                List.of(),
                List.of(TreeEntry.file("conda-meta/history", 0644, f, 4)),
                "environment files");
        String before = key(a);
        Files.writeString(f, "two\n");
        assertNotEquals(before, key(a));
    }
}
