package dev.condock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.condock.pkgbuild.ArchiveFormat;
import dev.condock.pkgbuild.BuiltPackage;
import dev.condock.pkgbuild.ChannelWriter;
import dev.condock.pkgbuild.CondaPackageWriter;
import dev.condock.pkgbuild.PackageContents;
import dev.condock.util.Hashing;
import dev.condock.util.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Building on a base that already holds a conda prefix: its packages are not installed again, and a package in
 * a new version leaves only the new version's files (checked on the tree umoci unpacks).
 */
@Tag("e2e")
class BaseAwareBuildTest {
    @TempDir
    Path tmp;

    Path baseLock;
    Path topLock;

    @BeforeEach
    void channel() throws Exception {
        List<PackageContents> pkgs = List.of(
                CondaPackageWriter.builder("python", "3.11.4", "h0_0_cpython")
                        .subdir("linux-64")
                        .file("bin/python3.11", "#!/bin/sh\necho py\n", 0755)
                        .symlink("bin/python", "python3.11"),
                CondaPackageWriter.builder("libfoo", "1.0", "h0_0")
                        .subdir("linux-64")
                        .file("lib/libfoo.so.1.0", "v1", 0755)
                        .symlink("lib/libfoo.so", "libfoo.so.1.0")
                        .file("share/foo/common.txt", "v1", 0644)
                        .file("share/foo/only-v1.txt", "old", 0644),
                CondaPackageWriter.builder("libfoo", "2.0", "h0_0")
                        .subdir("linux-64")
                        .file("lib/libfoo.so.2.0", "v2", 0755)
                        .symlink("lib/libfoo.so", "libfoo.so.2.0")
                        .file("share/foo/common.txt", "v2", 0644),
                CondaPackageWriter.builder("footool", "1.0", "0")
                        .subdir("linux-64")
                        .depends("libfoo >=2")
                        .file("bin/footool", "#!/bin/sh\necho tool\n", 0755));
        Path ch = tmp.resolve("channel");
        List<BuiltPackage> b = ChannelWriter.writePackages(ch, ArchiveFormat.CONDA, pkgs);
        baseLock = Fixtures.explicitLock(tmp.resolve("base.lock"), ch, List.of(b.get(0), b.get(1)), "linux-64");
        topLock = Fixtures.explicitLock(tmp.resolve("top.lock"), ch, List.of(b.get(0), b.get(2), b.get(3)), "linux-64");
    }

    private Fixtures.Run build(Path lock, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "build",
                "--lock",
                lock.toString(),
                "--cache",
                tmp.resolve("cache").toString()));
        args.addAll(List.of(extra));
        Fixtures.Run r = Fixtures.cli(args.toArray(String[]::new));
        assertEquals(0, r.exit(), r.err());
        return r;
    }

    private JsonNode inspect(String target) throws Exception {
        return Json.CANONICAL.readTree(Fixtures.cli("inspect", target, "--json").out());
    }

    @Test
    void condockBaseIsReadFromLabelsAndReplacedPackageIsWhitedOut() throws Exception {
        String img = "oci:" + tmp.resolve("img");
        build(baseLock, "--to", img + ":base");
        Fixtures.Run top = build(topLock, "--base", img + ":base", "--to", img + ":top");
        assertTrue(
                top.err()
                        .contains(
                                "virtual packages (linux-64): __archspec=1=x86_64 __glibc=2.17 __linux=5.10 __unix=0"),
                top.err());
        assertTrue(
                top.err()
                        .contains(
                                "base holds 2 packages in /opt/conda (read from labels, files from layers): 1 reused, 1 replaced, "
                                        + "2 to install"),
                top.err());
        checkTop("top", inspect(img + ":base"));
        Fixtures.Run plan = Fixtures.cli(
                "plan",
                "--lock",
                topLock.toString(),
                "--base",
                img + ":base",
                "--cache",
                tmp.resolve("cache").toString());
        assertEquals(0, plan.exit(), plan.err());
        assertTrue(plan.out().contains("from base, not installed again"), plan.out());
        assertTrue(plan.out().contains("python-3.11.4-h0_0_cpython"), plan.out());
        assertTrue(plan.out().lines().noneMatch(l -> l.strip().equals("python")), "no layer of ours holds python");
    }

    @Test
    void foreignBaseIsReadFromItsCondaMetaOnceAndCachedByLayerDigest() throws Exception {
        String img = "oci:" + tmp.resolve("img");
        build(baseLock, "--to", img + ":base");
        retagWithoutCondockLabels(tmp.resolve("img"), "base", "foreign");
        Fixtures.Run top = build(topLock, "--base", img + ":foreign", "--to", img + ":top2");
        assertTrue(top.err().contains("(read from layers): 1 reused, 1 replaced"), top.err());
        checkTop("top2", inspect(img + ":foreign"));
        try (Stream<Path> s = Files.list(tmp.resolve("cache/base-scan"))) {
            assertEquals(inspect(img + ":foreign").path("layers").size(), s.count(), "one scan per base layer");
        }
    }

    private void checkTop(String tag, JsonNode base) throws Exception {
        JsonNode top = inspect("oci:" + tmp.resolve("img") + ":" + tag);
        int n = base.path("layers").size();
        for (int i = 0; i < n; i++) {
            assertEquals(
                    base.path("layers").path(i).path("digest"),
                    top.path("layers").path(i).path("digest"));
        }
        List<String> added = new ArrayList<>();
        for (int i = n; i < top.path("layers").size(); i++) {
            top.path("layers").path(i).path("packages").forEach(p -> added.add(p.asText()));
        }
        assertEquals(
                List.of("footool-1.0-0", "libfoo-2.0-h0_0"),
                added.stream().sorted().toList(),
                "python is not installed again");
        assertEquals("[\"python-3.11.4-h0_0_cpython\"]", top.path("fromBase").toString());
        String table =
                Fixtures.cli("inspect", "oci:" + tmp.resolve("img") + ":" + tag).out();
        assertTrue(table.contains("from base (not installed again): python-3.11.4-h0_0_cpython"), table);

        Path bundle = tmp.resolve("bundle-" + tag);
        BuildCommandTest.sh(tmp, "umoci", "unpack", "--image", tmp.resolve("img") + ":" + tag, bundle.toString());
        Path root = bundle.resolve("rootfs/opt/conda");
        assertFalse(Files.exists(root.resolve("lib/libfoo.so.1.0")), "old version's file whited out");
        assertFalse(Files.exists(root.resolve("share/foo/only-v1.txt")));
        assertFalse(Files.exists(root.resolve("conda-meta/libfoo-1.0-h0_0.json")), "old record whited out");
        assertEquals("v2", Files.readString(root.resolve("share/foo/common.txt")));
        assertEquals(Path.of("libfoo.so.2.0"), Files.readSymbolicLink(root.resolve("lib/libfoo.so")));
        assertTrue(Files.exists(root.resolve("conda-meta/libfoo-2.0-h0_0.json")));
        assertTrue(Files.exists(root.resolve("conda-meta/python-3.11.4-h0_0_cpython.json")), "base's record stays");
        assertTrue(Files.exists(root.resolve("bin/python3.11")));
        assertTrue(Files.exists(root.resolve("bin/footool")));
        try (Stream<Path> s = Files.walk(bundle.resolve("rootfs"))) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith(".wh.")), "no whiteout files leak");
        }
        JsonNode labels =
                Json.CANONICAL.readTree(bundle.resolve("config.json").toFile()).path("annotations");
        assertEquals(
                "python-3.11.4-h0_0_cpython",
                labels.path("dev.condock.from-base").asText(),
                labels.toString());
    }

    /** A copy of a tagged image whose config lacks condock's labels: a base condock did not build. */
    static void retagWithoutCondockLabels(Path layout, String from, String to) throws Exception {
        ObjectNode index = (ObjectNode)
                Json.CANONICAL.readTree(layout.resolve("index.json").toFile());
        JsonNode desc = null;
        for (JsonNode m : index.path("manifests")) {
            if (from.equals(m.path("annotations")
                    .path("org.opencontainers.image.ref.name")
                    .asText())) {
                desc = m;
            }
        }
        ObjectNode manifest = (ObjectNode)
                Json.CANONICAL.readTree(blob(layout, desc.path("digest").asText()));
        ObjectNode config = (ObjectNode) Json.CANONICAL.readTree(
                blob(layout, manifest.path("config").path("digest").asText()));
        ((ObjectNode) config.path("config")).remove("Labels");
        byte[] cb = Json.canonicalBytes(config);
        String cd = "sha256:" + Hashing.sha256Hex(cb);
        Files.write(layout.resolve("blobs/sha256/" + cd.substring(7)), cb);
        ((ObjectNode) manifest.path("config")).put("digest", cd).put("size", cb.length);
        byte[] mb = Json.canonicalBytes(manifest);
        String md = "sha256:" + Hashing.sha256Hex(mb);
        Files.write(layout.resolve("blobs/sha256/" + md.substring(7)), mb);
        ObjectNode d = index.withArray("manifests").addObject();
        d.put("mediaType", "application/vnd.oci.image.manifest.v1+json")
                .put("digest", md)
                .put("size", mb.length);
        d.putObject("annotations").put("org.opencontainers.image.ref.name", to);
        Files.write(layout.resolve("index.json"), Json.canonicalBytes(index));
    }

    private static byte[] blob(Path layout, String digest) throws Exception {
        return Files.readAllBytes(layout.resolve("blobs/sha256/" + digest.substring(7)));
    }
}
