package dev.condock.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Package-level diff: conda's version order, rebuilds, pip entries keyed apart from conda ones, big additions. */
class PackageDiffTest {
    static PackageEntry c(String name, String version, String build, long size) {
        return PackageEntry.conda(name, version, build, size, size * 3);
    }

    @Test
    void kindsByCondaVersionOrder() {
        PackageDiff d = PackageDiff.of(
                List.of(
                        c("a", "1.9", "0", 10),
                        c("b", "2.0", "0", 10),
                        c("c", "1.0", "0", 10),
                        c("d", "3", "0", 5),
                        c("e", "1", "h0", 7),
                        new PackageEntry("pip", "Foo_Bar", "1.0", "", 4, -1)),
                List.of(
                        c("a", "1.10", "0", 12),
                        c("b", "2.0rc1", "0", 10),
                        c("c", "1.0", "1", 10),
                        c("f", "1", "0", 500),
                        c("e", "1", "h0", 7),
                        new PackageEntry("pip", "foo-bar", "1.1", "", 4, -1),
                        new PackageEntry("pip", "numpy", "2.0", "", -1, -1)));
        assertEquals(
                List.of(
                        "conda:a upgraded",
                        "conda:b downgraded",
                        "conda:c rebuilt",
                        "conda:d removed",
                        "conda:f added",
                        "pip:foo-bar upgraded",
                        "pip:numpy added"),
                d.changes().stream()
                        .map(x -> x.manager() + ":" + x.name() + " " + x.lowerKind())
                        .toList());
        assertEquals(1, d.unchanged());
        assertEquals(46, d.oldTotal());
        assertEquals(543, d.newTotal());
        assertFalse(d.sizesKnown(), "numpy (pip) has no size");
        assertEquals(
                List.of("f"),
                d.bigAdditions(100).stream().map(PackageChange::name).toList());
        assertEquals(
                List.of("f"),
                d.bigAdditions(1000).stream().map(PackageChange::name).toList(),
                "installed 1500");
        assertEquals(List.of(), d.bigAdditions(1500));
    }
}
