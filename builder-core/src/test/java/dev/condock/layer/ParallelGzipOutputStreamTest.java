package dev.condock.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.condock.util.Workers;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParallelGzipOutputStreamTest {
    static byte[] sample(int size, long seed) {
        byte[] b = new byte[size];
        Random r = new Random(seed);
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (r.nextInt(4) == 0 ? r.nextInt(256) : 'a' + r.nextInt(6)); // compressible, not trivial
        }
        return b;
    }

    static byte[] gzip(byte[] data, Workers pool, int inFlight, int chunk) throws Exception {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        try (ParallelGzipOutputStream z = new ParallelGzipOutputStream(bo, pool, inFlight)) {
            for (int i = 0; i < data.length; i += chunk) {
                z.write(data, i, Math.min(chunk, data.length - i));
            }
        }
        return bo.toByteArray();
    }

    @Test
    void roundTripsEverySizeAroundBlockEdges() throws Exception {
        try (Workers pool = Workers.of(3)) {
            int b = ParallelGzipOutputStream.BLOCK;
            for (int size : new int[] {0, 1, 100, b - 1, b, b + 1, 3 * b, 5 * b + 12345}) {
                byte[] data = sample(size, size);
                byte[] gz = gzip(data, pool, 4, 7919);
                try (GZIPInputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(gz))) {
                    assertArrayEquals(data, in.readAllBytes(), "size " + size);
                }
            }
        }
    }

    @Test
    void sameBytesForAnyThreadCountAndWriteChunking() throws Exception {
        byte[] data = sample(2_000_000, 7);
        try (Workers one = Workers.of(1);
                Workers four = Workers.of(4);
                Workers none = Workers.callerRuns()) {
            byte[] a = gzip(data, one, 1, 1 << 20);
            byte[] b = gzip(data, four, 8, 333);
            assertArrayEquals(a, b);
            assertArrayEquals(a, gzip(data, none, 2, 4096));
            // written from inside a worker (a layer task), nested with the blocks on the same single thread
            assertArrayEquals(
                    a,
                    one.map(java.util.List.of(0), i -> gzip(data, one, 2, 4096)).get(0));
        }
    }

    @Test
    void gnuGzipAcceptsIt(@TempDir Path tmp) throws Exception {
        byte[] data = sample(700_000, 3);
        Path f = tmp.resolve("x.gz");
        try (Workers two = Workers.of(2)) {
            Files.write(f, gzip(data, two, 4, 4096));
        }
        Process p = new ProcessBuilder("gzip", "-t", f.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        assertEquals("", out.strip());
    }
}
