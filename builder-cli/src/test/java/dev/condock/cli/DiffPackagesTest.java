package dev.condock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.condock.pkgbuild.ArchiveFormat;
import dev.condock.pkgbuild.BuiltPackage;
import dev.condock.pkgbuild.ChannelWriter;
import dev.condock.pkgbuild.CondaPackageWriter;
import dev.condock.pkgbuild.PackageContents;
import dev.condock.util.Json;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code condock diff} by package: a bump, an add, a remove, a rebuild and a big addition, on locks and images. */
class DiffPackagesTest {
    @TempDir
    Path tmp;

    static PackageContents pkg(String name, String version, String build, int bytes) {
        byte[] data = new byte[bytes];
        new Random(name.hashCode()).nextBytes(data); // random: the archive is as big as the file
        return CondaPackageWriter.builder(name, version, build)
                .subdir("linux-64")
                .file("share/" + name + "/data", data, 0644);
    }

    /** Old and new locks over one channel. */
    Path[] locks() throws Exception {
        Path ch = tmp.resolve("channel");
        List<BuiltPackage> built = ChannelWriter.writePackages(
                ch,
                ArchiveFormat.CONDA,
                List.of(
                        pkg("numpy", "1.26.0", "py311_0", 1000),
                        pkg("numpy", "1.26.4", "py311_0", 1200),
                        pkg("keep", "1.0", "0", 100),
                        pkg("gone", "1.0", "0", 100),
                        pkg("libx", "2.0", "h0_0", 300),
                        pkg("libx", "2.0", "h1_0", 300),
                        pkg("torch", "2.3.0", "cuda_0", 200_000)));
        Map<String, BuiltPackage> byDist = new HashMap<>();
        built.forEach(b -> byDist.put(b.archive().getFileName().toString().replaceAll("\\.conda$", ""), b));
        Path a = Fixtures.explicitLock(
                tmp.resolve("old.txt"),
                ch,
                List.of(
                        byDist.get("numpy-1.26.0-py311_0"),
                        byDist.get("keep-1.0-0"),
                        byDist.get("gone-1.0-0"),
                        byDist.get("libx-2.0-h0_0")),
                "linux-64");
        Path b = Fixtures.explicitLock(
                tmp.resolve("new.txt"),
                ch,
                List.of(
                        byDist.get("numpy-1.26.4-py311_0"),
                        byDist.get("keep-1.0-0"),
                        byDist.get("libx-2.0-h1_0"),
                        byDist.get("torch-2.3.0-cuda_0")),
                "linux-64");
        return new Path[] {a, b};
    }

    @Test
    void locksAndImagesByPackageInEachFormat() throws Exception {
        Path[] l = locks();
        String cache = tmp.resolve("cache").toString();
        Fixtures.Run text =
                Fixtures.cli("diff", l[0].toString(), l[1].toString(), "--cache", cache, "--warn-size", "100K");
        assertEquals(0, text.exit(), text.err());
        String out = text.out();
        assertTrue(
                out.startsWith("packages: 1 added, 1 removed, 1 upgraded, 0 downgraded, 1 rebuilt, 1 unchanged;"), out);
        assertTrue(
                out.lines()
                        .anyMatch(x -> x.matches(
                                "\\s+upgraded\\s+numpy\\s+1\\.26\\.0-py311_0\\s+1\\.26\\.4-py311_0\\s+\\+.*")),
                out);
        assertTrue(out.lines().anyMatch(x -> x.matches("\\s+removed\\s+gone\\s+1\\.0-0\\s+-.*")), out);
        assertTrue(out.lines().anyMatch(x -> x.matches("\\s+rebuilt\\s+libx\\s+2\\.0-h0_0\\s+2\\.0-h1_0\\s.*")), out);
        assertTrue(
                out.lines()
                        .anyMatch(x -> x.matches("\\s+added\\s+torch\\s+2\\.3\\.0-cuda_0\\s+\\+19\\d\\.\\d KiB.*"
                                + "! over --warn-size 100\\.0 KiB")),
                out);
        assertTrue(out.lines().filter(x -> x.contains("over --warn-size")).count() == 1, out);
        assertTrue(out.contains("\nlayers: "), "the layer section stays below: " + out);

        JsonNode j = Json.CANONICAL.readTree(Fixtures.cli(
                        "diff",
                        l[0].toString(),
                        l[1].toString(),
                        "--cache",
                        cache,
                        "--format",
                        "json",
                        "--warn-size",
                        "100K")
                .out());
        assertTrue(j.has("kept") && j.has("uploadBytes") && j.has("changes"), "today's keys stay: " + j);
        JsonNode p = j.path("packages");
        assertEquals(1, p.path("rebuilt").asInt());
        assertTrue(p.path("sizesKnown").asBoolean(), p.toString());
        assertTrue(
                p.path("newArchiveBytes").asLong() - p.path("oldArchiveBytes").asLong() > 190_000, p.toString());
        JsonNode torch = p.path("changes").get(3); // sorted by name: gone, libx, numpy, torch
        assertEquals("torch", torch.path("name").asText());
        assertEquals("added", torch.path("kind").asText());
        assertTrue(torch.path("overWarnSize").asBoolean());
        assertEquals(200_000, torch.path("new").path("installedBytes").asLong());
        assertEquals(
                j.toString(),
                Json.CANONICAL
                        .readTree(Fixtures.cli(
                                        "diff",
                                        l[0].toString(),
                                        l[1].toString(),
                                        "--cache",
                                        cache,
                                        "--json",
                                        "--warn-size",
                                        "100K")
                                .out())
                        .toString(),
                "--json is --format json");

        Fixtures.Run md = Fixtures.cli(
                "diff",
                l[0].toString(),
                l[1].toString(),
                "--cache",
                cache,
                "--format",
                "markdown",
                "--warn-size",
                "100K");
        assertTrue(md.out().contains("| upgraded | numpy | `1.26.0-py311_0` | `1.26.4-py311_0` |"), md.out());
        assertTrue(md.out().contains("> :warning: over 100.0 KiB: **torch**"), md.out());
        assertTrue(md.out().contains("<details><summary>Layers: "), md.out());

        // the same two package sets as images: same package section (sizes from the images' conda-meta)
        String oci = "oci:" + tmp.resolve("oci");
        assertEquals(
                0,
                Fixtures.cli("build", "--lock", l[0].toString(), "--cache", cache, "--to", oci + ":a")
                        .exit());
        assertEquals(
                0,
                Fixtures.cli("build", "--lock", l[1].toString(), "--cache", cache, "--to", oci + ":b")
                        .exit());
        Fixtures.Run images = Fixtures.cli("diff", oci + ":a", oci + ":b", "--cache", cache, "--warn-size", "100K");
        assertEquals(out, images.out());
        Fixtures.Run bad = Fixtures.cli("diff", oci + ":a", oci + ":b", "--format", "html");
        assertEquals(2, bad.exit());
    }
}
