package dev.condock.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.condock.model.TreeEntry;
import dev.condock.util.Workers;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pins the bytes of a layer. The digests were taken with the writer before its speed-ups (the tar's 512-byte
 * writes going straight to the hash and compressor, 8 KiB file reads, a new Deflater per gzip block): a change
 * that alters them breaks every user's layer cache and image digest, and needs {@link LayerWriter#FORMAT_VERSION}
 * bumped (and these values taken again) — as does a zstd-jni or zlib upgrade that changes their output.
 */
class LayerBytesTest {
    @TempDir
    Path tmp;

    /** ~9 MiB over files of many sizes: several gzip blocks and zstd jobs, tar records split every way. */
    private List<LayerEntry> entries() throws Exception {
        Random r = new Random(15);
        List<LayerEntry> es = new ArrayList<>();
        int[] sizes = {0, 1, 511, 512, 513, 4095, 65_537, 131_072, 131_073, 262_145, 1 << 20, 3_000_001, 5_000_000};
        for (int i = 0; i < sizes.length; i++) {
            byte[] data = new byte[sizes[i]];
            for (int j = 0; j < data.length; j++) {
                // compressible but not trivial: a few symbols with runs, some noise
                data[j] = (byte) (j % 97 < 60 ? 'a' + r.nextInt(4) : r.nextInt(256));
            }
            Path f = Files.write(tmp.resolve("f" + i), data);
            es.add(LayerEntry.at("/opt/conda", TreeEntry.file("lib/f" + i + ".bin", 0644, f, data.length)));
        }
        es.add(LayerEntry.at("/opt/conda", TreeEntry.symlink("lib/link", "f1.bin")));
        return es;
    }

    private WrittenLayer write(Compression c, Workers w) throws Exception {
        return new LayerWriter(c, 0, w).write(entries(), Files.createDirectories(tmp.resolve(c + "-" + w.threads())));
    }

    @Test
    void gzipLayerBytesAreUnchanged() throws Exception {
        try (Workers w = Workers.of(3)) {
            WrittenLayer l = write(Compression.GZIP, w);
            assertEquals(DIFF_ID, l.diffId());
            assertEquals(GZIP_DIGEST, l.descriptor().digest());
        }
        assertEquals(
                GZIP_DIGEST,
                write(Compression.GZIP, Workers.callerRuns()).descriptor().digest());
    }

    @Test
    void zstdLayerBytesAreUnchanged() throws Exception {
        try (Workers w = Workers.of(2)) {
            WrittenLayer l = write(Compression.ZSTD, w);
            assertEquals(DIFF_ID, l.diffId());
            assertEquals(ZSTD_DIGEST, l.descriptor().digest());
        }
    }

    /** What the tar buffer relies on: zstd's frame does not depend on how its input is cut into writes. */
    @Test
    void zstdOutputDoesNotDependOnWriteSizes() throws Exception {
        byte[] data = Files.readAllBytes(entries().get(12).content());
        byte[][] outs = new byte[2][];
        int[] chunks = {512, 256 * 1024};
        for (int k = 0; k < 2; k++) {
            ByteArrayOutputStream bo = new ByteArrayOutputStream();
            try (OutputStream z = LayerWriter.zstd(bo, 2)) {
                for (int off = 0; off < data.length; off += chunks[k]) {
                    z.write(data, off, Math.min(chunks[k], data.length - off));
                }
            }
            outs[k] = bo.toByteArray();
        }
        assertArrayEquals(outs[0], outs[1]);
    }

    static final String DIFF_ID = "sha256:b1f8e833476e203acf9fc1b4216e445d65d1c2d767dd4765f149a5c2669b9355";
    static final String GZIP_DIGEST = "sha256:77f810c6c1582b3036a9a6de242bd8c0a1657e54962f17230ec549b9db0075b1";
    static final String ZSTD_DIGEST = "sha256:a5a972c4e0d9a14f0fbaa5faf440936c06fc2ad034dfb30be5a98f9b2722bcb9";
}
