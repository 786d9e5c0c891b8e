package dev.condock.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.condock.image.Descriptor;
import dev.condock.model.TreeEntry;
import dev.condock.util.Hashing;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerWriterTest {
    @TempDir
    Path tmp;

    private List<LayerEntry> sample() throws Exception {
        Path a = Files.writeString(tmp.resolve("a"), "#!/bin/sh\necho hi\n");
        Path b = Files.writeString(tmp.resolve("b"), "data");
        String longName = "lib/python3.11/site-packages/" + "x".repeat(120) + "/module.py";
        List<LayerEntry> es = new ArrayList<>();
        // deliberately unsorted, with a hardlink whose target sorts after it
        es.add(LayerEntry.at("/opt/conda", TreeEntry.file("share/z/data", 0644, b, 4)));
        es.add(LayerEntry.at("/opt/conda", TreeEntry.hardlink("share/a/data-link", "share/z/data", 0644)));
        es.add(LayerEntry.at("/opt/conda", TreeEntry.file("bin/tool", 0755, a, Files.size(a))));
        es.add(LayerEntry.at("/opt/conda", TreeEntry.symlink("bin/tool2", "tool")));
        es.add(LayerEntry.at("/opt/conda", TreeEntry.file(longName, 0600, b, 4)));
        es.add(LayerEntry.at("/opt/conda", TreeEntry.directory("empty/dir", 0700)));
        return es;
    }

    static Map<String, TarArchiveEntry> entries(Path blob, boolean gzip) throws Exception {
        Map<String, TarArchiveEntry> out = new LinkedHashMap<>();
        try (InputStream raw = Files.newInputStream(blob);
                InputStream in = gzip ? new GZIPInputStream(raw) : new com.github.luben.zstd.ZstdInputStream(raw);
                TarArchiveInputStream t = new TarArchiveInputStream(in)) {
            TarArchiveEntry e;
            while ((e = t.getNextEntry()) != null) {
                out.put(e.getName(), e);
            }
        }
        return out;
    }

    @Test
    void sortedWithParentsFixedMetadataAndLinks() throws Exception {
        WrittenLayer w =
                new LayerWriter(Compression.GZIP, 0).write(sample(), Files.createDirectories(tmp.resolve("blobs")));
        Map<String, TarArchiveEntry> es = entries(w.blob(), true);
        List<String> names = new ArrayList<>(es.keySet());
        List<String> sorted = new ArrayList<>(names);
        sorted.sort(null);
        assertEquals(sorted, names);
        assertEquals("opt/", names.get(0));
        assertTrue(es.containsKey("opt/conda/"));
        assertTrue(es.containsKey("opt/conda/empty/dir/"));
        for (TarArchiveEntry e : es.values()) {
            assertEquals(0, e.getLongUserId());
            assertEquals("", e.getUserName());
            assertEquals(0, e.getLastModifiedDate().getTime());
            if (e.isDirectory()) {
                assertEquals(0755, e.getMode() & 07777, e.getName());
            }
        }
        assertEquals(0755, es.get("opt/conda/bin/tool").getMode() & 07777);
        assertTrue(es.get("opt/conda/bin/tool2").isSymbolicLink());
        assertEquals("tool", es.get("opt/conda/bin/tool2").getLinkName());
        // the hardlink set's first path in archive order carries the content, the other links to it
        assertTrue(es.get("opt/conda/share/a/data-link").isFile());
        assertEquals(4, es.get("opt/conda/share/a/data-link").getSize());
        assertTrue(es.get("opt/conda/share/z/data").isLink());
        assertEquals(
                "opt/conda/share/a/data-link", es.get("opt/conda/share/z/data").getLinkName());
        assertTrue(names.stream().anyMatch(n -> n.length() > 140), "long name kept via PAX");
        assertEquals(Descriptor.LAYER_GZIP, w.descriptor().mediaType());
        assertEquals(
                "sha256:" + Hashing.sha256Hex(Files.readAllBytes(w.blob())),
                w.descriptor().digest());
        assertEquals(Files.size(w.blob()), w.descriptor().size());
        try (InputStream in = new GZIPInputStream(Files.newInputStream(w.blob()))) {
            assertEquals(w.diffId(), "sha256:" + Hashing.sha256Hex(in.readAllBytes()));
        }
    }

    @Test
    void byteIdenticalAcrossRunsAndInputOrder() throws Exception {
        List<LayerEntry> es = sample();
        WrittenLayer w1 = new LayerWriter(Compression.GZIP, 0).write(es, Files.createDirectories(tmp.resolve("b1")));
        List<LayerEntry> reversed = new ArrayList<>(es);
        java.util.Collections.reverse(reversed);
        WrittenLayer w2 =
                new LayerWriter(Compression.GZIP, 0).write(reversed, Files.createDirectories(tmp.resolve("b2")));
        assertArrayEquals(Files.readAllBytes(w1.blob()), Files.readAllBytes(w2.blob()));
        WrittenLayer w3 =
                new LayerWriter(Compression.GZIP, 1700000000).write(es, Files.createDirectories(tmp.resolve("b3")));
        assertNotEquals(w1.descriptor().digest(), w3.descriptor().digest());
    }

    @Test
    void zstdLayersUseTheZstdMediaTypeAndSameTar() throws Exception {
        List<LayerEntry> es = sample();
        WrittenLayer g = new LayerWriter(Compression.GZIP, 0).write(es, Files.createDirectories(tmp.resolve("g")));
        WrittenLayer z = new LayerWriter(Compression.ZSTD, 0).write(es, Files.createDirectories(tmp.resolve("z")));
        assertEquals(Descriptor.LAYER_ZSTD, z.descriptor().mediaType());
        assertEquals(g.diffId(), z.diffId());
        assertEquals(entries(g.blob(), true).keySet(), entries(z.blob(), false).keySet());
    }

    @Test
    void zstdOutputDoesNotDependOnWorkerCount() throws Exception {
        byte[] data = new byte[3 << 20];
        java.util.Random r = new java.util.Random(42);
        for (int i = 0; i < data.length; i += 64) {
            data[i] = (byte) r.nextInt(8); // compressible but not trivial
        }
        byte[][] outs = new byte[2][];
        int[] workers = {1, 3};
        for (int k = 0; k < 2; k++) {
            java.io.ByteArrayOutputStream bo = new java.io.ByteArrayOutputStream();
            try (com.github.luben.zstd.ZstdOutputStream z = new com.github.luben.zstd.ZstdOutputStream(bo, 3)) {
                z.setWorkers(workers[k]);
                z.write(data);
            }
            outs[k] = bo.toByteArray();
        }
        assertArrayEquals(outs[0], outs[1]);
    }

    @Test
    void gnuTarReadsTheLayer() throws Exception {
        WrittenLayer w =
                new LayerWriter(Compression.GZIP, 0).write(sample(), Files.createDirectories(tmp.resolve("t")));
        Process p = new ProcessBuilder("tar", "-tvzf", w.blob().toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        assertTrue(out.contains("opt/conda/bin/tool2 -> tool"), out);
        assertTrue(out.contains("opt/conda/share/z/data link to opt/conda/share/a/data-link"), out);
        assertTrue(out.contains("-rwxr-xr-x 0/0"), out);
        assertTrue(!out.toLowerCase().contains("warning"), out);
    }

    @Test
    void hardlinkToMissingTargetIsRejectedWithoutContent() throws Exception {
        List<LayerEntry> es = List.of(LayerEntry.hardlink("a/b", "a/missing", 0644));
        assertThrows(
                IllegalArgumentException.class,
                () -> new LayerWriter(Compression.GZIP, 0).write(es, Files.createDirectories(tmp.resolve("h"))));
        assertEquals(0, Files.list(tmp.resolve("h")).count(), "no blob or temp file left behind");
    }

    @Test
    void hardlinkWhoseTargetIsElsewhereBecomesACopy() throws Exception {
        Path c = Files.writeString(tmp.resolve("c"), "shared bytes");
        List<LayerEntry> es = List.of(new LayerEntry("a/link", TreeEntry.Kind.HARDLINK, 0644, "a/elsewhere", c, 12));
        WrittenLayer w = new LayerWriter(Compression.GZIP, 0).write(es, Files.createDirectories(tmp.resolve("hc")));
        TarArchiveEntry e = entries(w.blob(), true).get("a/link");
        assertTrue(e.isFile());
        assertEquals(12, e.getSize());
    }

    @Test
    void lastEntryForAPathWins() throws Exception {
        Path one = Files.writeString(tmp.resolve("one"), "1");
        Path two = Files.writeString(tmp.resolve("two"), "22");
        List<LayerEntry> es = List.of(LayerEntry.file("x/f", 0644, one, 1), LayerEntry.file("x/f", 0644, two, 2));
        WrittenLayer w = new LayerWriter(Compression.GZIP, 0).write(es, Files.createDirectories(tmp.resolve("l")));
        assertEquals(2, entries(w.blob(), true).get("x/f").getSize());
    }
}
