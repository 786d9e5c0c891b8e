package dev.condock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.condock.pkgbuild.ArchiveFormat;
import dev.condock.pkgbuild.BuiltPackage;
import dev.condock.pkgbuild.ChannelWriter;
import dev.condock.pkgbuild.CondaPackageWriter;
import dev.condock.pkgbuild.PackageContents;
import dev.condock.util.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** condock plan and condock diff on real packages. */
class PlanDiffCommandTest {
    @TempDir
    Path tmp;

    /** The fixture packages plus one, written to the same channel as {@code dir}'s (same URLs, same records). */
    private Path lockWithExtra(Path dir) throws Exception {
        List<PackageContents> pkgs = new ArrayList<>(Fixtures.packages());
        pkgs.add(CondaPackageWriter.builder("extra-tool", "1.0", "0")
                .subdir("linux-64")
                .file("bin/extra-tool", "#!/bin/sh\necho extra\n", 0755));
        StringBuilder sb = new StringBuilder("@EXPLICIT\n");
        for (BuiltPackage p : ChannelWriter.writePackages(dir.resolve("channel"), ArchiveFormat.CONDA, pkgs)) {
            sb.append(p.archive().toAbsolutePath().toUri())
                    .append("#sha256:")
                    .append(p.sha256())
                    .append('\n');
        }
        Path lock = dir.resolve("env-extra.txt");
        Files.writeString(lock, sb.toString());
        return lock;
    }

    private String cache() {
        return tmp.resolve("cache").toString();
    }

    @Test
    void planShowsEveryPackageOnceWritesNothingAndJsonAgrees() throws Exception {
        Path lock = Fixtures.channelAndLock(tmp, ArchiveFormat.CONDA);
        Fixtures.Run text = Fixtures.cli("plan", "--lock", lock.toString(), "--cache", cache());
        assertEquals(0, text.exit(), text.err());
        assertTrue(text.out().contains("environment files"), text.out());
        assertTrue(text.out().contains("of --max-layers 100; 4 packages"), text.out());
        Fixtures.Run json = Fixtures.cli("plan", "--lock", lock.toString(), "--cache", cache(), "--json");
        JsonNode plan = Json.CANONICAL.readTree(json.out());
        List<String> dists = new ArrayList<>();
        plan.path("layers")
                .forEach(l ->
                        l.path("packages").forEach(p -> dists.add(p.path("dist").asText())));
        assertEquals(
                List.of("footool-1.0-0", "libfoo-2.0-h1_0", "pyfoo-0.3-pyh0_0", "python-3.11.4-h0_0_cpython"),
                dists.stream().sorted().toList());
        // as build makes them: the environment layer, then the build record on top
        assertEquals(
                "environment",
                plan.path("layers")
                        .get(plan.path("layers").size() - 2)
                        .path("name")
                        .asText());
        assertEquals(
                "record",
                plan.path("layers")
                        .get(plan.path("layers").size() - 1)
                        .path("name")
                        .asText());
        assertFalse(Files.exists(tmp.resolve("cache/layers")), "plan writes no layer");
    }

    @Test
    void planTakesASpecDirectoryAndItsRegistryFlags() throws Exception {
        Path lock = Fixtures.channelAndLock(tmp, ArchiveFormat.CONDA);
        Files.writeString(tmp.resolve("condock.yaml"), "lock: " + lock.getFileName() + "\nlayers:\n  max: 50\n");
        Fixtures.Run r =
                Fixtures.cli("plan", tmp.toString(), "--cache", cache(), "--insecure-registry", "127.0.0.1:5000");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("of --max-layers 50; 4 packages"), "the spec's layers.max: " + r.out());
        Fixtures.Run none = Fixtures.cli("plan", "--cache", cache());
        assertEquals(2, none.exit());
    }

    @Test
    void planSaysWhichBuildFlagsItDoesNotUse() throws Exception {
        Path lock = Fixtures.channelAndLock(tmp, ArchiveFormat.CONDA);
        Fixtures.Run r = Fixtures.cli(
                "plan",
                "--lock",
                lock.toString(),
                "--cache",
                cache(),
                "--to",
                "oci:" + tmp.resolve("never"),
                "--label",
                "a=b");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("do not apply: --to"), r.err());
        assertFalse(r.err().contains("--label"), "a label is part of the image the plan is for: " + r.err());
        assertFalse(Files.exists(tmp.resolve("never")));
    }

    @Test
    void badLayerFlagsAreOneLineUserErrors() throws Exception {
        Path lock = Fixtures.channelAndLock(tmp, ArchiveFormat.CONDA);
        Fixtures.Run r = Fixtures.cli("plan", "--lock", lock.toString(), "--max-layers", "200");
        assertEquals(2, r.exit());
        assertEquals(
                "condock: --max-layers must be between 2 and 127: 200", r.err().strip());
        r = Fixtures.cli("plan", "--lock", lock.toString(), "--layer-threshold", "lots");
        assertEquals(2, r.exit());
        assertEquals("condock: not a size (like 16M): lots", r.err().strip());
    }

    @Test
    void diffOfLocksAndOfTheirImagesAgree() throws Exception {
        Path a = Fixtures.channelAndLock(tmp.resolve("a"), ArchiveFormat.CONDA);
        Path b = lockWithExtra(tmp.resolve("a"));
        Fixtures.Run locks = Fixtures.cli("diff", a.toString(), b.toString(), "--cache", cache());
        assertEquals(0, locks.exit(), locks.err());
        // the package section first, then the layer section from "layers: " on
        String layerSection = locks.out().substring(locks.out().indexOf("\nlayers: ") + "\nlayers: ".length());
        assertTrue(locks.out().startsWith("packages: 1 added, 0 removed,"), locks.out());
        assertTrue(layerSection.startsWith("4 kept, "), locks.out());
        assertTrue(locks.out().contains("+extra-tool-1.0-0"), locks.out());
        assertTrue(locks.out().lines().anyMatch(l -> l.matches("\\s+changed\\s+environment\\s.*")), locks.out());
        assertEquals(
                4,
                layerSection.lines().count(),
                "summary, the extra package's layer, the top layer, the record (another lock): " + locks.out());
        assertTrue(layerSection.lines().anyMatch(l -> l.matches("\\s+changed\\s+record\\s.*")), locks.out());

        String oci = "oci:" + tmp.resolve("oci");
        assertEquals(
                0,
                Fixtures.cli("build", "--lock", a.toString(), "--cache", cache(), "--to", oci + ":a")
                        .exit());
        assertEquals(
                0,
                Fixtures.cli("build", "--lock", b.toString(), "--cache", cache(), "--to", oci + ":b")
                        .exit());
        Fixtures.Run images = Fixtures.cli("diff", oci + ":a", oci + ":b");
        assertEquals(locks.out(), images.out());
        JsonNode j = Json.CANONICAL.readTree(
                Fixtures.cli("diff", oci + ":a", oci + ":b", "--json").out());
        assertEquals(4, j.path("kept").asInt());
        long upload = j.path("uploadBytes").asLong();
        long changed = 0;
        for (JsonNode c : j.path("changes")) {
            changed += c.path("size").asLong();
        }
        // config + manifest: a few KB, with the record's sha256 labels and annotations in both
        assertTrue(
                upload > changed && upload < changed + 8192,
                "layers not kept + config + manifest: " + upload + " (layers " + changed + ")");
        Fixtures.Run same = Fixtures.cli("diff", oci + ":b", oci + ":b");
        assertTrue(
                same.out().contains("\nlayers: 7 kept, 0 changed, 0 added, 0 removed; push uploads 0 B of "),
                same.out());
        assertTrue(
                same.out().startsWith("packages: 0 added, 0 removed, 0 upgraded, 0 downgraded, 0 rebuilt, 5 unchanged"),
                same.out());
    }
}
