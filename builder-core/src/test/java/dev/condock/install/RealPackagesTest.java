package dev.condock.install;

import static dev.condock.install.Fixtures.get;
import static dev.condock.install.Fixtures.installShared;
import static dev.condock.install.Fixtures.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.condock.model.PackageRecord;
import dev.condock.model.PythonAbi;
import dev.condock.model.TreeEntry;
import dev.condock.util.CondockException;
import dev.condock.util.Hashing;
import dev.condock.util.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Real packages from ../shared/conda-testdata/packages. */
class RealPackagesTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"zlib-1.2.11-h7b6447c_3", "zlib-1.2.11-h1de35cc_3", "mock-2.0.0-py37_1000"})
    void condaAndTarBz2TwinsInstallIdentically(String dist) throws Exception {
        InstalledPackage conda = installShared(tmp.resolve("a"), dist + ".conda");
        InstalledPackage tarBz2 = installShared(tmp.resolve("b"), dist + ".tar.bz2");
        assertEquals(Fixtures.snapshot(tarBz2, false), Fixtures.snapshot(conda, false));
        assertEquals(withoutArchiveFields(meta(tarBz2)), withoutArchiveFields(meta(conda)));
    }

    @Test
    void twinsWhoseArchivesDisagreeOnModesDifferOnlyInThoseModes() throws Exception {
        // this .conda was transmuted by a tool that stored every member 0666: the bin scripts lost their x bits
        String dist = "conda-index-pkg-a-1.0-py27h5e241af_0";
        Map<String, String> conda = Fixtures.snapshot(installShared(tmp.resolve("a"), dist + ".conda"), false);
        Map<String, String> tarBz2 = Fixtures.snapshot(installShared(tmp.resolve("b"), dist + ".tar.bz2"), false);
        assertEquals(tarBz2.keySet(), conda.keySet());
        Set<String> differ = new HashSet<>();
        for (String path : conda.keySet()) {
            if (!conda.get(path).equals(tarBz2.get(path))) {
                differ.add(path);
                assertEquals(tarBz2.get(path).replace(" 755 ", " 644 "), conda.get(path), path);
            }
        }
        assertEquals(
                Set.of("bin/.conda-index-pkg-a-post-link.sh", "bin/conda-index-pkg-a", "bin/conda-index-pkg-a-helper"),
                differ);
    }

    @Test
    void linux64ZlibTextPlaceholderAndStrippedSymlinks() throws Exception {
        InstalledPackage p = installShared(tmp, "zlib-1.2.11-h7b6447c_3.conda");
        String pc = text(get(p, "lib/pkgconfig/zlib.pc"));
        assertTrue(pc.startsWith("prefix=/opt/conda\n"), pc);
        assertFalse(pc.contains("anaconda1anaconda2"), pc);
        // the stripped copy's symlinks have empty targets: installed as empty files, with a warning each
        assertEquals(TreeEntry.Kind.FILE, get(p, "lib/libz.so").kind());
        assertEquals(0, get(p, "lib/libz.so").size());
        assertEquals(
                List.of(
                        "package zlib-1.2.11-h7b6447c_3: symlink lib/libz.so has an empty target; installed as an empty file",
                        "package zlib-1.2.11-h7b6447c_3: symlink lib/libz.so.1 has an empty target; installed as an empty file"),
                p.warnings());
    }

    @Test
    void osx64ZlibBinaryPlaceholderIsNulPadded() throws Exception {
        InstalledPackage p = installShared(tmp, "zlib-1.2.11-h1de35cc_3.tar.bz2");
        String placeholder = "/opt/concourse/worker/volumes/live/daaeb72a-edde-4290-4b99-c04415e26890/volume/"
                + "zlib_1542814994389/_h_env_placehold_placehold_placehold_placehold_placehold_placehold_placehold_"
                + "placehold_placehold_placehold_placehold_placehold_placehold_placehold_placehold_";
        byte[] raw = member(Fixtures.PACKAGES.resolve("zlib-1.2.11-h1de35cc_3.tar.bz2"), "lib/libz.1.2.11.dylib");
        byte[] out = Fixtures.bytes(get(p, "lib/libz.1.2.11.dylib"));
        assertEquals(raw.length, out.length);
        // independent check: every NUL-terminated string holding the placeholder keeps its offset and length
        String in = new String(raw, StandardCharsets.ISO_8859_1);
        String got = new String(out, StandardCharsets.ISO_8859_1);
        int at = in.indexOf(placeholder);
        assertTrue(at > 0, "the test package has a binary placeholder");
        int checked = 0;
        while (at >= 0) {
            int end = in.indexOf('\0', at);
            String string = in.substring(at, end);
            String replaced = string.replace(placeholder, "/opt/conda");
            assertEquals(
                    replaced + "\0".repeat(string.length() - replaced.length()), got.substring(at, end), "at " + at);
            checked++;
            at = in.indexOf(placeholder, end);
        }
        assertTrue(checked >= 1);
        assertFalse(got.contains("_h_env_placehold"));
        assertEquals(in.substring(0, in.indexOf(placeholder)), got.substring(0, in.indexOf(placeholder)));
        assertEquals(
                text(get(p, "lib/pkgconfig/zlib.pc")),
                text(get(installShared(tmp.resolve("c"), "zlib-1.2.11-h1de35cc_3.conda"), "lib/pkgconfig/zlib.pc")));
    }

    @Test
    void caCertificatesMembersUnderAZipDirectory() throws Exception {
        InstalledPackage p = installShared(tmp, "ca-certificates-2024.7.4-hbcca054_0.conda");
        assertTrue(text(get(p, "ssl/cacert.pem")).contains("-----BEGIN CERTIFICATE-----"));
        assertEquals("cacert.pem", get(p, "ssl/cert.pem").linkTarget());
    }

    @Test
    void spiffyMetadataOnlyCopyIsRefused() throws Exception {
        // a metadata-only copy: its paths.json lists files the archive lacks; conda's safety_checks refuse it too
        CondockException e = org.junit.jupiter.api.Assertions.assertThrows(
                CondockException.class, () -> installShared(tmp, "spiffy-test-app-0.5-pyh6afbcc8_0.tar.bz2"));
        assertTrue(
                e.getMessage().startsWith("package spiffy-test-app-0.5-pyh6afbcc8_0: info/paths.json lists '"),
                e.getMessage());
        assertEquals(2, e.exitCode());
    }

    @Test
    void entryPointMatchesRattlerSnapshotUpToConda4SpaceIndent() throws Exception {
        String snap = Files.readString(Fixtures.SHARED.resolve(
                "expectations/rattler-install-snapshots/entry_point__test__entry_point_script.snap"));
        String expected = snap.substring(snap.indexOf("---", 3) + 4).replace("\t", "    ");
        NoarchPython py = new NoarchPython("/prefix", new PythonAbi("3.11", false));
        String script = new String(
                py.script(new NoarchPython.EntryPoint("jupyter-lab", "jupyterlab.labapp", "main")),
                StandardCharsets.UTF_8);
        assertEquals(expected.strip(), script.strip());
    }

    @Test
    void sampleNoarchPythonIsRelocated() throws Exception {
        InstalledPackage p = installShared(tmp, "sample_noarch_python-1.0-py_0.conda");
        assertEquals(
                List.of("conda-meta/sample_noarch_python-1.0-py_0.json", "lib/python3.11/site-packages/sample.py"),
                Fixtures.paths(p));
    }

    @Test
    void linkScriptsOfARealPackageAreListed() throws Exception {
        InstalledPackage p = installShared(tmp, "link-scripts-0.1.0-h4616a5c_0.conda");
        assertEquals(
                List.of(
                        "Scripts/.link-scripts-post-link.bat",
                        "Scripts/.link-scripts-pre-unlink.bat",
                        "bin/.link-scripts-post-link.sh",
                        "bin/.link-scripts-pre-unlink.sh"),
                p.linkScripts());
    }

    @Test
    void rattlerEdgeCases() throws Exception {
        assertEquals(
                "lib/data.txt",
                Fixtures.paths(installShared(tmp.resolve("a"), "rattler-sparse/dotslash-test-1.0.0-0.conda"))
                        .get(1));
        assertEquals(
                List.of("conda-meta/info-only-1.0.0-0.json"),
                Fixtures.paths(installShared(tmp.resolve("b"), "rattler-sparse/info-only-1.0.0-0.conda")));
        InstalledPackage links = installShared(tmp.resolve("c"), "rattler-sparse/symlink-test-1.0.0-0.conda");
        assertEquals(TreeEntry.Kind.HARDLINK, get(links, "lib/libhard.so").kind());
        assertEquals("lib/libreal.so.1", get(links, "lib/libhard.so").linkTarget());
        assertEquals("libreal.so.1", get(links, "lib/liblink.so").linkTarget());
        assertEquals(
                150000,
                get(installShared(tmp.resolve("d"), "rattler-sparse/sparse-test-1.0.0-0.conda"), "lib/blob.bin")
                        .size());
        assertEquals(
                "bin/hello.txt",
                Fixtures.paths(installShared(tmp.resolve("e"), "rattler-sparse/zip64-test-1.0.0-0.conda"))
                        .get(0));
    }

    @Test
    void condaMetaHasTheShapeOfRealRecords() throws Exception {
        Map<String, String> realTypes = new TreeMap<>();
        Map<String, Integer> realCounts = new HashMap<>();
        Set<String> realPathKeys = new HashSet<>();
        int records = 0;
        try (DirectoryStream<Path> envs = Files.newDirectoryStream(Fixtures.SHARED.resolve("conda-meta"))) {
            for (Path env : envs) {
                try (DirectoryStream<Path> files = Files.newDirectoryStream(env, "*.json")) {
                    for (Path f : files) {
                        JsonNode r = Json.CANONICAL.readTree(f.toFile());
                        records++;
                        for (Iterator<Map.Entry<String, JsonNode>> it = r.fields(); it.hasNext(); ) {
                            Map.Entry<String, JsonNode> e = it.next();
                            if (!e.getValue().isNull()) {
                                realTypes.put(
                                        e.getKey(), e.getValue().getNodeType().toString());
                            }
                            realCounts.merge(e.getKey(), 1, Integer::sum);
                        }
                        r.at("/paths_data/paths").forEach(n -> n.fieldNames().forEachRemaining(realPathKeys::add));
                    }
                }
            }
        }
        Path archive = Fixtures.PACKAGES.resolve("zlib-1.2.11-h1de35cc_3.conda");
        PackageRecord rec = Fixtures.recordFor(archive).toBuilder()
                .md5(Hashing.md5Hex(archive))
                .sha256(Hashing.sha256Hex(archive))
                .size(Files.size(archive))
                .build();
        InstalledPackage p = new PackageInstaller(Fixtures.options(tmp)).install(rec, archive, "zlib");
        JsonNode ours = meta(p);
        for (Iterator<Map.Entry<String, JsonNode>> it = ours.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            assertTrue(realTypes.containsKey(e.getKey()), "key not in real records: " + e.getKey());
            if (!e.getValue().isNull()) {
                assertEquals(
                        realTypes.get(e.getKey()), e.getValue().getNodeType().toString(), e.getKey());
            }
        }
        for (Map.Entry<String, Integer> e : realCounts.entrySet()) {
            if (e.getValue() == records) {
                assertTrue(ours.has(e.getKey()), "every real record has " + e.getKey());
            }
        }
        ours.at("/paths_data/paths")
                .forEach(n -> n.fieldNames()
                        .forEachRemaining(
                                k -> assertTrue(realPathKeys.contains(k), "paths_data key not in real records: " + k)));
        assertEquals(ours.get("files").size(), ours.at("/paths_data/paths").size());
        assertNotEquals(0, ours.get("files").size());
    }

    private static JsonNode meta(InstalledPackage p) throws IOException {
        TreeEntry e = p.entries().stream()
                .filter(x -> x.path().startsWith("conda-meta/"))
                .findFirst()
                .orElseThrow();
        return Json.CANONICAL.readTree(Fixtures.bytes(e));
    }

    /** The fields that name the archive file itself, which twins cannot share. */
    private static JsonNode withoutArchiveFields(JsonNode meta) {
        var copy = meta.deepCopy();
        for (String k : new String[] {"fn", "url", "md5", "sha256", "size", "package_tarball_full_path"}) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) copy).remove(k);
        }
        return copy;
    }

    private static byte[] member(Path tarBz2, String name) throws IOException {
        try (InputStream in = new BZip2CompressorInputStream(Files.newInputStream(tarBz2));
                TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                if (e.getName().equals(name)) {
                    return tar.readAllBytes();
                }
            }
        }
        throw new AssertionError(name + " not in " + tarBz2);
    }
}
