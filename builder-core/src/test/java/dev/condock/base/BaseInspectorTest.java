package dev.condock.base;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.condock.image.ImageBlobs;
import dev.condock.layer.Compression;
import dev.condock.layer.LayerEntry;
import dev.condock.layer.LayerWriter;
import dev.condock.layer.WrittenLayer;
import dev.condock.model.Platform;
import dev.condock.model.VirtualPackages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A foreign base: conda-meta read from real layer tars, whiteouts across layers, glibc and CUDA found. */
class BaseInspectorTest {
    @TempDir
    Path tmp;

    private int n;

    private ImageBlobs.Layer layer(Compression c, Map<String, String> files, List<String> whiteouts) throws Exception {
        List<LayerEntry> entries = new ArrayList<>();
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path content = tmp.resolve("f" + n++);
            Files.writeString(content, f.getValue());
            entries.add(LayerEntry.file(f.getKey(), 0644, content, Files.size(content)));
        }
        whiteouts.forEach(w -> entries.add(LayerEntry.whiteout(w)));
        WrittenLayer w = new LayerWriter(c, 0).write(entries, Files.createDirectories(tmp.resolve("blobs")));
        return new ImageBlobs.Layer(w.descriptor(), () -> Files.newInputStream(w.blob()), null);
    }

    private static String record(String name, String version, String build, String... files) {
        return "{\"name\":\"" + name + "\",\"version\":\"" + version + "\",\"build\":\"" + build + "\",\"files\":["
                + String.join(
                        ",",
                        java.util.Arrays.stream(files).map(f -> "\"" + f + "\"").toList()) + "]}";
    }

    @Test
    void readsCondaMetaAppliesWhiteoutsAndFindsGlibcAndCuda() throws Exception {
        String banner = "\0junk\0GNU C Library (Ubuntu GLIBC 2.35-0ubuntu3.8) stable release version 2.35.\n\0";
        ImageBlobs.Layer os = layer(
                Compression.GZIP,
                Map.of("usr/lib/x86_64-linux-gnu/libc.so.6", banner, "etc/os-release", "ID=ubuntu\n"),
                List.of());
        ImageBlobs.Layer conda = layer(
                Compression.ZSTD,
                Map.of(
                        "opt/conda/conda-meta/python-3.10.14-h0_0.json",
                                record("python", "3.10.14", "h0_0", "bin/python3.10"),
                        "opt/conda/conda-meta/zlib-1.2-h0_0.json", record("zlib", "1.2", "h0_0", "lib/libz.so.1.2"),
                        "opt/conda/conda-meta/history", "==> 2024 <==\n",
                        "opt/conda/envs/other/conda-meta/numpy-1.0-0.json", record("numpy", "1.0", "0")),
                List.of());
        ImageBlobs.Layer update = layer(
                Compression.GZIP,
                Map.of("opt/conda/conda-meta/zlib-1.3-h0_0.json", record("zlib", "1.3", "h0_0", "lib/libz.so.1.3")),
                List.of("opt/conda/conda-meta/zlib-1.2-h0_0.json"));
        byte[] config = ("{\"config\":{\"Env\":[\"PATH=/usr/bin\",\"NVIDIA_REQUIRE_CUDA=cuda>=12.4 brand=tesla\","
                        + "\"CUDA_VERSION=12.4.1\"]}}")
                .getBytes(StandardCharsets.UTF_8);

        BaseInspector inspector = new BaseInspector(new LayerScanner(tmp.resolve("cache")));
        BaseContents c = inspector.inspect(config, List.of(os, conda, update), "/opt/conda", false);
        assertEquals("layers", c.origin());
        assertEquals("/opt/conda", c.prefix());
        assertEquals(List.of("python", "zlib"), List.copyOf(new java.util.TreeMap<>(c.packages()).keySet()));
        assertEquals("zlib-1.3-h0_0", c.packages().get("zlib").dist(), "the whited-out 1.2 record is gone");
        assertEquals(List.of("lib/libz.so.1.3"), c.packages().get("zlib").files());
        assertEquals("2.35", c.glibc());
        assertEquals("12.4", c.cuda());
        assertEquals(3, Files.list(tmp.resolve("cache/base-scan")).count(), "scans cached by layer digest");

        VirtualPackages vp = VirtualPackages.defaults(Platform.LINUX_64).withBase(c.glibc(), c.cuda());
        assertEquals("__archspec=1=x86_64 __cuda=12.4 __glibc=2.35 __linux=5.10 __unix=0", vp.describe());
        VirtualPackages declared = VirtualPackages.defaults(Platform.of("linux-aarch64"))
                .withBase(c.glibc(), c.cuda())
                .withDeclared(Map.of("__cuda", "", "__glibc", "2.28"), "test");
        assertEquals("__archspec=1=aarch64 __glibc=2.28 __linux=5.10 __unix=0", declared.describe());

        BaseContents other = inspector.inspect(config, List.of(os, conda, update), "/opt/conda/envs/other", false);
        assertEquals(List.of("numpy"), List.copyOf(other.packages().keySet()));
    }

    @Test
    void libcByFileNameAndCudaFromRequireOnly() throws Exception {
        ImageBlobs.Layer os = layer(Compression.GZIP, Map.of("lib/x86_64-linux-gnu/libc-2.31.so", "x"), List.of());
        byte[] config = "{\"config\":{\"Env\":[\"NVIDIA_REQUIRE_CUDA=cuda>=11.8 brand=tesla,driver>=470\"]}}"
                .getBytes(StandardCharsets.UTF_8);
        BaseContents c = new BaseInspector(new LayerScanner(tmp.resolve("cache")))
                .inspect(config, List.of(os), "/opt/conda", false);
        assertEquals("2.31", c.glibc());
        assertEquals("11.8", c.cuda());
        assertNull(c.prefix());
        assertEquals("none", c.origin());
    }

    @Test
    void deltaKeepsSameDistsAndWhitesOutOnlyWhatNothingRewrites() {
        BaseContents base = new BaseContents(
                "/opt/conda",
                Map.of(
                        "python", new BasePackage("python", "3.11.4", "h0", List.of("bin/python3.11")),
                        "libfoo",
                                new BasePackage(
                                        "libfoo", "1.0", "h0", List.of("lib/libfoo.so.1", "share/foo/a", "share/x")),
                        "libbar", new BasePackage("libbar", "1.0", "h0", List.of("share/x"))),
                "layers",
                null,
                null);
        var lock = List.of(
                dev.condock.model.PackageRecord.of("python", "3.11.4", "h0"),
                dev.condock.model.PackageRecord.of("libfoo", "2.0", "h0"));
        BaseDelta d = BaseDelta.of(base, lock);
        assertEquals(
                List.of("libfoo-2.0-h0"),
                d.install().stream().map(r -> r.dist()).toList());
        assertEquals(
                List.of("python-3.11.4-h0"),
                d.fromBase().stream().map(r -> r.dist()).toList());
        assertEquals(
                List.of("libbar-1.0-h0"),
                d.keptOnly().stream().map(BasePackage::dist).toList());
        Map<String, List<String>> w = Whiteouts.of(d, java.util.Set.of("share/foo/a", "lib/libfoo.so.2"));
        assertEquals(
                Map.of("libfoo-2.0-h0", List.of("conda-meta/libfoo-1.0-h0.json", "lib/libfoo.so.1")),
                w,
                "share/foo/a is rewritten and share/x still belongs to libbar");
    }
}
