package dev.condock.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.condock.pkgbuild.ArchiveFormat;
import dev.condock.util.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** condock build end to end: real packages in, an OCI layout out, checked by umoci and skopeo. */
@Tag("e2e")
class BuildCommandTest {
    @TempDir
    Path tmp;

    static String sh(Path cwd, String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd)
                .directory(cwd.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", cmd) + "\n" + out);
        return out;
    }

    private Fixtures.Run build(Path lock, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "build",
                "--lock",
                lock.toString(),
                "--cache",
                tmp.resolve("cache").toString()));
        args.addAll(List.of(extra));
        return Fixtures.cli(args.toArray(String[]::new));
    }

    @Test
    void buildsAnImageThatUmociUnpacksAsCondaWould() throws Exception {
        Path lock = Fixtures.channelAndLock(tmp, ArchiveFormat.CONDA);
        Path digestFile = tmp.resolve("digest.txt");
        Fixtures.Run r =
                build(lock, "--to", "oci:" + tmp.resolve("oci") + ":t1", "--digest-file", digestFile.toString());
        assertEquals(0, r.exit(), r.err());
        String digest = r.out().strip();
        assertTrue(digest.matches("sha256:[0-9a-f]{64}"), r.out());
        assertEquals(digest, Files.readString(digestFile).strip());

        sh(
                tmp,
                "umoci",
                "unpack",
                "--image",
                tmp.resolve("oci") + ":t1",
                tmp.resolve("bundle").toString());
        Path root = tmp.resolve("bundle/rootfs/opt/conda");
        assertEquals("#!/bin/sh\necho prefix=/opt/conda\n", Files.readString(root.resolve("bin/footool")));
        assertEquals(
                "rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("bin/footool"))));
        assertEquals("root = /opt/conda\n", Files.readString(root.resolve("etc/footool.conf")));
        assertEquals(Path.of("libfoo.so.2"), Files.readSymbolicLink(root.resolve("lib/libfoo.so")));
        assertEquals(Path.of("libfoo.so.2.0"), Files.readSymbolicLink(root.resolve("lib/libfoo.so.2")));
        assertEquals(
                Files.getAttribute(root.resolve("share/foo/data.bin"), "unix:ino"),
                Files.getAttribute(root.resolve("share/foo/data-copy.bin"), "unix:ino"),
                "hardlink kept");
        byte[] lib = Files.readAllBytes(root.resolve("lib/libfoo.so.2.0"));
        String ph = Fixtures.PH;
        byte[] original = ("\u007fELF\0" + ph + "/lib:" + ph + "/lib64\0tail\0").getBytes(StandardCharsets.UTF_8);
        assertEquals(original.length, lib.length, "binary replacement keeps the length");
        String s = new String(lib, StandardCharsets.ISO_8859_1);
        assertTrue(s.contains("\0/opt/conda/lib:/opt/conda/lib64\0\0\0"), "NUL padded");
        assertTrue(s.endsWith("\0tail\0"));
        // noarch python: site-packages relocated, entry point written with the prefix's python
        assertTrue(Files.exists(root.resolve("lib/python3.11/site-packages/pyfoo/__init__.py")));
        String cli = Files.readString(root.resolve("bin/pyfoo-cli"));
        assertTrue(cli.startsWith("#!/opt/conda/bin/python"), cli);
        assertTrue(cli.contains("from pyfoo import main"), cli);
        // conda-meta: one record per package plus history
        for (String dist :
                List.of("python-3.11.4-h0_0_cpython", "libfoo-2.0-h1_0", "footool-1.0-0", "pyfoo-0.3-pyh0_0")) {
            JsonNode rec = Json.CANONICAL.readTree(
                    root.resolve("conda-meta/" + dist + ".json").toFile());
            assertTrue(rec.path("files").size() > 0, dist);
            assertTrue(rec.path("url").asText().startsWith("file:"), dist);
            assertEquals(64, rec.path("sha256").asText().length(), dist);
        }
        assertTrue(Files.readString(root.resolve("conda-meta/history")).contains("footool-1.0-0"));
        assertTrue(Files.exists(root.resolve("conda-meta/condock.lock")));

        JsonNode config =
                Json.CANONICAL.readTree(tmp.resolve("bundle/config.json").toFile());
        String env = config.path("process").path("env").toString();
        assertTrue(env.contains("PATH=/opt/conda/bin:"), env);
        assertTrue(env.contains("CONDA_PREFIX=/opt/conda"), env);

        String skopeo = sh(tmp, "skopeo", "inspect", "oci:" + tmp.resolve("oci") + ":t1");
        assertTrue(skopeo.contains(digest), skopeo);
        assertTrue(skopeo.contains("dev.condock.lock.sha256"), skopeo);
    }

    @Test
    void inspectListsLayersWithPackages() throws Exception {
        Path lock = Fixtures.channelAndLock(tmp, ArchiveFormat.TAR_BZ2);
        Fixtures.Run b = build(lock, "--to", "oci:" + tmp.resolve("oci") + ":x");
        assertEquals(0, b.exit(), b.err());
        Fixtures.Run r = Fixtures.cli("inspect", "oci:" + tmp.resolve("oci") + ":x", "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode j = Json.CANONICAL.readTree(r.out());
        assertEquals(b.out().strip(), j.path("digest").asText());
        assertEquals(6, j.path("layers").size(), "one per package plus the environment layer and the record");
        assertEquals("record", j.path("layers").path(5).path("name").asText(), r.out());
        JsonNode first = j.path("layers").path(0);
        assertEquals(
                "application/vnd.oci.image.layer.v1.tar+gzip",
                first.path("mediaType").asText());
        assertTrue(first.path("size").asLong() > 0);
        assertEquals(
                "python-3.11.4-h0_0_cpython", first.path("packages").path(0).asText());
        Fixtures.Run table = Fixtures.cli("inspect", "oci:" + tmp.resolve("oci") + ":x");
        assertTrue(table.out().contains("footool-1.0-0"), table.out());
    }

    @Test
    void condaAndTarBz2ChannelsGiveTheSameImage() throws Exception {
        Path a = Files.createDirectories(tmp.resolve("a"));
        Path b = Files.createDirectories(tmp.resolve("b"));
        Fixtures.Run ra = build(Fixtures.channelAndLock(a, ArchiveFormat.CONDA), "--to", "oci:" + tmp.resolve("o1"));
        Fixtures.Run rb = build(Fixtures.channelAndLock(b, ArchiveFormat.TAR_BZ2), "--to", "oci:" + tmp.resolve("o2"));
        assertEquals(0, ra.exit(), ra.err());
        assertEquals(0, rb.exit(), rb.err());
        JsonNode ja = Json.CANONICAL.readTree(
                Fixtures.cli("inspect", "oci:" + tmp.resolve("o1"), "--json").out());
        JsonNode jb = Json.CANONICAL.readTree(
                Fixtures.cli("inspect", "oci:" + tmp.resolve("o2"), "--json").out());
        // the package layers hold identical trees; conda-meta differs (url, fn, hashes), so compare the file
        // layers' sizes as a cheap signal and the unpacked trees below for equality
        assertEquals(ja.path("layers").size(), jb.path("layers").size());
        sh(
                tmp,
                "umoci",
                "unpack",
                "--image",
                tmp.resolve("o1").toString(),
                tmp.resolve("u1").toString());
        sh(
                tmp,
                "umoci",
                "unpack",
                "--image",
                tmp.resolve("o2").toString(),
                tmp.resolve("u2").toString());
        assertEquals(tree(tmp.resolve("u1/rootfs"), false), tree(tmp.resolve("u2/rootfs"), false));
    }

    /** path, type, mode and content hash of every entry outside conda-meta. */
    static List<String> tree(Path root, boolean withMeta) throws Exception {
        List<String> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted().toList()) {
                String rel = root.relativize(p).toString();
                if (!withMeta && rel.contains("conda-meta")) {
                    continue;
                }
                String kind = Files.isSymbolicLink(p)
                        ? "l:" + Files.readSymbolicLink(p)
                        : Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)
                                ? "d"
                                : "f:" + dev.condock.util.Hashing.sha256Hex(Files.readAllBytes(p));
                String mode =
                        Files.isSymbolicLink(p) ? "" : PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
                out.add(rel + " " + kind + " " + mode);
            }
        }
        return out;
    }

    @Test
    void reproducibleAcrossCacheMtimesUmaskTimezoneAndThreads() throws Exception {
        Path lock = Fixtures.channelAndLock(tmp, ArchiveFormat.CONDA);
        Fixtures.Run first = build(lock, "--to", "oci:" + tmp.resolve("r1"), "--threads", "1");
        assertEquals(0, first.exit(), first.err());
        try (Stream<Path> s = Files.walk(tmp.resolve("channel"))) {
            for (Path p : s.toList()) {
                Files.setLastModifiedTime(p, FileTime.fromMillis(1_234_567_000L));
            }
        }
        Fixtures.Run second = Fixtures.cliProcess(
                "umask 077; TZ=Asia/Kolkata; export TZ;",
                List.of(
                        "build",
                        "--lock",
                        lock.toString(),
                        "--to",
                        "oci:" + tmp.resolve("r2"),
                        "--threads",
                        "7",
                        "--cache",
                        tmp.resolve("cache2").toString()));
        assertEquals(0, second.exit(), second.err());
        assertEquals(first.out().strip(), second.out().strip());
        Path m1 = tmp.resolve("r1/blobs/sha256/" + first.out().strip().substring(7));
        Path m2 = tmp.resolve("r2/blobs/sha256/" + second.out().strip().substring(7));
        assertArrayEquals(Files.readAllBytes(m1), Files.readAllBytes(m2));
        // and SOURCE_DATE_EPOCH really changes it
        Fixtures.Run third = Fixtures.cliProcess(
                "SOURCE_DATE_EPOCH=1700000000; export SOURCE_DATE_EPOCH;",
                List.of(
                        "build",
                        "--lock",
                        lock.toString(),
                        "--to",
                        "oci:" + tmp.resolve("r3"),
                        "--cache",
                        tmp.resolve("cache2").toString()));
        assertEquals(0, third.exit(), third.err());
        assertFalse(third.out().strip().equals(first.out().strip()));
    }

    @Test
    void zstdAndDockerArchiveAndSeveralTargetsShareTheDigest() throws Exception {
        Path lock = Fixtures.channelAndLock(tmp, ArchiveFormat.CONDA);
        Path archive = tmp.resolve("img.tar");
        Fixtures.Run r = build(
                lock,
                "--compression",
                "zstd",
                "--to",
                "oci:" + tmp.resolve("z") + ":zz",
                "--to",
                "docker-archive:" + archive + ":demo/app:1");
        assertEquals(0, r.exit(), r.err());
        JsonNode j = Json.CANONICAL.readTree(
                Fixtures.cli("inspect", "docker-archive:" + archive, "--json").out());
        assertEquals(r.out().strip(), j.path("digest").asText());
        assertEquals(
                "application/vnd.oci.image.layer.v1.tar+zstd",
                j.path("layers").path(0).path("mediaType").asText());
        String listing = sh(tmp, "tar", "-tf", archive.toString());
        assertTrue(listing.contains("manifest.json"), listing);
        String skopeo = sh(tmp, "skopeo", "inspect", "--raw", "docker-archive:" + archive);
        assertTrue(skopeo.contains("tar+zstd") || skopeo.contains("tar.zstd") || skopeo.contains("layers"), skopeo);
    }

    @Test
    void estargzWithPrefetchIsGzipWithTocAnnotationsAndABadPrefetchPathIsOneLine() throws Exception {
        Path lock = Fixtures.channelAndLock(tmp, ArchiveFormat.CONDA);
        Fixtures.Run r = build(
                lock,
                "--compression",
                "estargz",
                "--prefetch",
                "/opt/conda/bin/footool",
                "--to",
                "oci:" + tmp.resolve("e") + ":e");
        assertEquals(0, r.exit(), r.err());
        JsonNode j = Json.CANONICAL.readTree(Fixtures.cli("inspect", "oci:" + tmp.resolve("e") + ":e", "--json")
                .out());
        assertEquals(r.out().strip(), j.path("digest").asText());
        String raw = sh(tmp, "skopeo", "inspect", "--raw", "oci:" + tmp.resolve("e") + ":e");
        JsonNode manifest = Json.CANONICAL.readTree(raw);
        for (JsonNode l : manifest.path("layers")) {
            assertEquals(
                    "application/vnd.oci.image.layer.v1.tar+gzip",
                    l.path("mediaType").asText());
            assertTrue(
                    l.at("/annotations/containerd.io~1snapshot~1stargz~1toc.digest")
                            .isTextual(),
                    raw);
            assertTrue(
                    l.at("/annotations/io.containers.estargz.uncompressed-size").isTextual(), raw);
        }

        Fixtures.Run bad = build(
                lock,
                "--compression",
                "estargz",
                "--prefetch",
                "/opt/conda/bin/nope",
                "--to",
                "oci:" + tmp.resolve("n"));
        assertEquals(2, bad.exit(), bad.err());
        // progress lines, then the error on one line of its own
        String last = bad.err().strip().lines().reduce((a, b) -> b).orElse("");
        assertTrue(last.startsWith("condock: --prefetch") && last.contains("/opt/conda/bin/nope"), bad.err());
        Fixtures.Run gzip = build(lock, "--prefetch", "/opt/conda/bin/footool", "--to", "oci:" + tmp.resolve("g"));
        assertEquals(2, gzip.exit(), gzip.err());
        assertTrue(gzip.err().contains("--compression estargz"), gzip.err());
    }

    @Test
    void buildsOnAnOciBaseReusingItsLayersAndConfig() throws Exception {
        Path lock = Fixtures.channelAndLock(tmp, ArchiveFormat.CONDA);
        Fixtures.Run base = build(lock, "--prefix", "/opt/base", "--to", "oci:" + tmp.resolve("base") + ":b");
        assertEquals(0, base.exit(), base.err());
        Fixtures.Run top =
                build(lock, "--base", "oci:" + tmp.resolve("base") + ":b", "--to", "oci:" + tmp.resolve("top"));
        assertEquals(0, top.exit(), top.err());
        JsonNode jb = Json.CANONICAL.readTree(Fixtures.cli("inspect", "oci:" + tmp.resolve("base") + ":b", "--json")
                .out());
        JsonNode jt = Json.CANONICAL.readTree(
                Fixtures.cli("inspect", "oci:" + tmp.resolve("top"), "--json").out());
        assertEquals(jb.path("layers").size() * 2, jt.path("layers").size());
        for (int i = 0; i < jb.path("layers").size(); i++) {
            assertEquals(
                    jb.path("layers").path(i).path("digest"),
                    jt.path("layers").path(i).path("digest"));
        }
        sh(
                tmp,
                "umoci",
                "unpack",
                "--image",
                tmp.resolve("top").toString(),
                tmp.resolve("ub").toString());
        assertTrue(Files.exists(tmp.resolve("ub/rootfs/opt/base/bin/footool")));
        assertTrue(Files.exists(tmp.resolve("ub/rootfs/opt/conda/bin/footool")));
        String env = Files.readString(tmp.resolve("ub/config.json"));
        assertTrue(env.contains("PATH=/opt/conda/bin:/opt/base/bin:"), env);
    }

    @Test
    void concurrentBuildsTaggingOneLayoutKeepEveryTag() throws Exception {
        Path lock = Fixtures.channelAndLock(tmp, ArchiveFormat.CONDA);
        build(lock, "--to", "oci:" + tmp.resolve("warm")); // fill the caches so the builds below race on the index
        int n = 6;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(n);
        try {
            List<java.util.concurrent.Future<Integer>> fs = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String tag = "t" + i;
                fs.add(pool.submit(() -> dev.condock.cli.Main.run(
                        "build",
                        "--lock",
                        lock.toString(),
                        "--cache",
                        tmp.resolve("cache").toString(),
                        "--to",
                        "oci:" + tmp.resolve("shared") + ":" + tag)));
            }
            for (var f : fs) {
                assertEquals(0, f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        JsonNode index =
                Json.CANONICAL.readTree(tmp.resolve("shared/index.json").toFile());
        java.util.Set<String> tags = new java.util.TreeSet<>();
        index.path("manifests")
                .forEach(m -> tags.add(m.path("annotations")
                        .path("org.opencontainers.image.ref.name")
                        .asText()));
        assertEquals(java.util.Set.of("t0", "t1", "t2", "t3", "t4", "t5"), tags);
    }
}
