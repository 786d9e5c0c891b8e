package dev.condock.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.condock.image.Descriptor;
import dev.condock.model.TreeEntry;
import dev.condock.util.Hashing;
import dev.condock.util.Workers;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The layout a lazy puller relies on, read back the way containerd/stargz-snapshotter reads it. */
class EstargzWriterTest {
    @TempDir
    Path tmp;

    private byte[] big; // 9 MiB + 5: three chunks, the last one short

    private List<LayerEntry> sample() throws Exception {
        big = new byte[2 * EstargzWriter.CHUNK + (1 << 20) + 5];
        new Random(7).nextBytes(big);
        Path bigFile = Files.write(tmp.resolve("big"), big);
        Path a = Files.writeString(tmp.resolve("a"), "#!/bin/sh\necho hi\n");
        Path empty = Files.write(tmp.resolve("empty"), new byte[0]);
        List<LayerEntry> es = new ArrayList<>();
        es.add(LayerEntry.at("/opt/conda", TreeEntry.file("lib/libbig.so", 0755, bigFile, big.length)));
        es.add(LayerEntry.at("/opt/conda", TreeEntry.file("bin/python3.11", 0755, a, Files.size(a))));
        es.add(LayerEntry.at("/opt/conda", TreeEntry.hardlink("bin/python3", "bin/python3.11", 0755)));
        es.add(LayerEntry.at("/opt/conda", TreeEntry.symlink("bin/python", "python3.11")));
        es.add(LayerEntry.at("/opt/conda", TreeEntry.file("lib/<&>.txt", 0644, empty, 0)));
        es.add(LayerEntry.whiteout("/opt/conda/lib/gone.py"));
        es.add(LayerEntry.at("/opt/conda", TreeEntry.file("share/doc/" + "x".repeat(120) + ".txt", 0600, a, 18)));
        return es;
    }

    private WrittenLayer write(List<LayerEntry> entries, List<String> prefetch, int threads, String dir)
            throws Exception {
        Path blobs = Files.createDirectories(tmp.resolve(dir));
        try (Workers w = Workers.of(threads)) {
            return new LayerWriter(Compression.ESTARGZ, 0, w, prefetch).write(entries, blobs);
        }
    }

    /** Footer → TOC offset → TOC member → JSON, as the snapshotter does it (estargz.OpenFooter and parseTOC). */
    static JsonNode toc(byte[] blob, String[] tocDigest) throws Exception {
        byte[] footer = Arrays.copyOfRange(blob, blob.length - EstargzWriter.FOOTER_SIZE, blob.length);
        try (GZIPInputStream f = new GZIPInputStream(new ByteArrayInputStream(footer))) {
            assertEquals(-1, f.read(), "the footer is an empty gzip member");
        }
        String extra = new String(footer, 16, 22, StandardCharsets.US_ASCII);
        assertEquals('S', footer[12]);
        assertEquals('G', footer[13]);
        assertTrue(extra.endsWith("STARGZ"), extra);
        int tocOffset = Integer.parseInt(extra.substring(0, 16), 16);
        try (TarArchiveInputStream t = new TarArchiveInputStream(
                new GZIPInputStream(new ByteArrayInputStream(blob, tocOffset, blob.length - tocOffset)))) {
            TarArchiveEntry e = t.getNextEntry();
            assertEquals(EstargzWriter.TOC_NAME, e.getName());
            byte[] json = t.readAllBytes();
            tocDigest[0] = "sha256:" + Hashing.sha256Hex(json);
            return new ObjectMapper().readTree(json);
        }
    }

    /** The first {@code n} bytes of the gzip member starting at {@code offset} (one member only). */
    static byte[] member(byte[] blob, long offset, int n) throws Exception {
        try (InputStream in =
                new GZIPInputStream(new ByteArrayInputStream(blob, (int) offset, blob.length - (int) offset))) {
            return in.readNBytes(n);
        }
    }

    @Test
    void tocOffsetsPointAtEachFilesOwnMemberAndChunks() throws Exception {
        WrittenLayer w = write(sample(), List.of(), 2, "b");
        byte[] blob = Files.readAllBytes(w.blob());
        String[] tocDigest = new String[1];
        JsonNode toc = toc(blob, tocDigest);
        assertEquals(1, toc.path("version").asInt());
        Map<String, JsonNode> regs = new HashMap<>();
        List<JsonNode> chunks = new ArrayList<>();
        for (JsonNode e : toc.path("entries")) {
            if (e.path("type").asText().equals("reg")) {
                regs.put(e.path("name").asText(), e);
            }
            if (e.path("name").asText().equals("opt/conda/lib/libbig.so")) {
                chunks.add(e);
            }
        }
        assertEquals(
                EstargzWriter.NO_PREFETCH_LANDMARK,
                toc.path("entries").get(0).path("name").asText());
        // the big file: three chunks, each its own member with its digest; chunkSize left out on the short one
        assertEquals(3, chunks.size());
        for (int i = 0; i < 3; i++) {
            JsonNode c = chunks.get(i);
            assertEquals(i == 0 ? "reg" : "chunk", c.path("type").asText());
            long off = c.path("chunkOffset").asLong();
            assertEquals((long) i * EstargzWriter.CHUNK, off);
            assertEquals(i < 2 ? EstargzWriter.CHUNK : 0, c.path("chunkSize").asLong());
            int len = (int) Math.min(EstargzWriter.CHUNK, big.length - off);
            byte[] want = Arrays.copyOfRange(big, (int) off, (int) off + len);
            assertArrayEquals(want, member(blob, c.path("offset").asLong(), len), "chunk " + i);
            assertEquals(
                    "sha256:" + Hashing.sha256Hex(want), c.path("chunkDigest").asText());
        }
        JsonNode bigReg = regs.get("opt/conda/lib/libbig.so");
        assertEquals(big.length, bigReg.path("size").asLong());
        assertEquals("sha256:" + Hashing.sha256Hex(big), bigReg.path("digest").asText());
        JsonNode py = regs.get("opt/conda/bin/python3"); // the hardlink set's first path holds the content
        assertArrayEquals(
                "#!/bin/sh\necho hi\n".getBytes(StandardCharsets.UTF_8),
                member(blob, py.path("offset").asLong(), 18));
        assertEquals(493, py.path("mode").asInt());
        // empty files and whiteouts: no offset, but the empty digest
        JsonNode wh = regs.get("opt/conda/lib/.wh.gone.py");
        assertFalse(wh.has("offset"));
        assertEquals(
                "sha256:" + Hashing.sha256Hex(new byte[0]), wh.path("digest").asText());
        assertEquals(w.descriptor().annotations().get(EstargzWriter.ANNOTATION_TOC_DIGEST), tocDigest[0]);
        assertEquals(Descriptor.LAYER_GZIP, w.descriptor().mediaType());
        // Go escapes <, >, & in strings: the TOC digest must match what the reference writer computes
        String raw = new String(tocJsonBytes(blob), StandardCharsets.UTF_8);
        assertTrue(raw.contains("\"opt/conda/lib/\\u003c\\u0026\\u003e.txt\""), raw);
        assertTrue(raw.startsWith("{\n\t\"version\": 1,\n\t\"entries\": [\n\t\t{\n\t\t\t\"name\": "), raw);
    }

    private static byte[] tocJsonBytes(byte[] blob) throws Exception {
        String extra = new String(blob, blob.length - EstargzWriter.FOOTER_SIZE + 16, 16, StandardCharsets.US_ASCII);
        int off = Integer.parseInt(extra, 16);
        try (TarArchiveInputStream t = new TarArchiveInputStream(
                new GZIPInputStream(new ByteArrayInputStream(blob, off, blob.length - off)))) {
            t.getNextEntry();
            return t.readAllBytes();
        }
    }

    @Test
    void plainGzipReadersSeeOneTarWithTheSameFilesPlusTocAndLandmark() throws Exception {
        List<LayerEntry> entries = sample();
        WrittenLayer w = write(entries, List.of(), 2, "b");
        WrittenLayer plain;
        try (Workers wk = Workers.of(2)) {
            plain = new LayerWriter(Compression.GZIP, 0, wk).write(entries, Files.createDirectories(tmp.resolve("p")));
        }
        var es = LayerWriterTest.entries(w.blob(), true);
        var ps = LayerWriterTest.entries(plain.blob(), true);
        List<String> extra = new ArrayList<>(es.keySet());
        extra.removeAll(ps.keySet());
        assertEquals(List.of(EstargzWriter.NO_PREFETCH_LANDMARK, EstargzWriter.TOC_NAME), extra);
        for (var p : ps.entrySet()) {
            TarArchiveEntry e = es.get(p.getKey());
            assertEquals(p.getValue().getMode(), e.getMode(), p.getKey());
            assertEquals(p.getValue().getSize(), e.getSize(), p.getKey());
            assertEquals(p.getValue().getLinkName(), e.getLinkName(), p.getKey());
        }
        // diff_id and the uncompressed-size annotation describe the whole decompressed stream
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(w.blob()))) {
            in.transferTo(tar);
        }
        assertEquals("sha256:" + Hashing.sha256Hex(tar.toByteArray()), w.diffId());
        assertEquals(
                Long.toString(tar.size()),
                w.descriptor().annotations().get(EstargzWriter.ANNOTATION_UNCOMPRESSED_SIZE));
        assertEquals(w.descriptor().size(), Files.size(w.blob()));
        assertTrue(w.blob().getFileName().toString().equals(w.descriptor().hex()));
    }

    @Test
    void sameBytesForAnyThreadCountAndRun() throws Exception {
        List<LayerEntry> entries = sample();
        WrittenLayer one = write(entries, List.of("/opt/conda/bin/python3"), 1, "one");
        WrittenLayer three = write(entries, List.of("/opt/conda/bin/python3"), 3, "three");
        WrittenLayer again = write(entries, List.of("/opt/conda/bin/python3"), 3, "again");
        assertEquals(one.descriptor(), three.descriptor());
        assertEquals(one.descriptor(), again.descriptor());
        assertEquals(one.diffId(), three.diffId());
        assertNotEquals(
                one.descriptor().digest(),
                write(entries, List.of(), 1, "none").descriptor().digest());
    }

    @Test
    void prioritizedFilesComeFirstWithParentsAndLinkTargetsThenTheLandmark() throws Exception {
        WrittenLayer w = write(sample(), List.of("/opt/conda/bin/python3.11", "/opt/conda/not/here"), 2, "b");
        JsonNode toc = toc(Files.readAllBytes(w.blob()), new String[1]);
        List<String> names = new ArrayList<>();
        toc.path("entries").forEach(e -> names.add(e.path("name").asText()));
        assertEquals(
                List.of(
                        "opt/",
                        "opt/conda/",
                        "opt/conda/bin/",
                        "opt/conda/bin/python3",
                        "opt/conda/bin/python3.11",
                        EstargzWriter.PREFETCH_LANDMARK),
                names.subList(0, 6));
        assertFalse(names.contains(EstargzWriter.NO_PREFETCH_LANDMARK));
        assertEquals(
                List.of("opt/conda/bin/python3"),
                EstargzWriter.inLayer(
                        List.of("/opt/conda/bin/python3", "opt/conda/not/here"), List.of("opt/conda/bin/python3")));
    }
}
