package dev.condock.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RecordBufferTest {
    /** Records what reaches it: the bytes, each write's size, and flush/close calls in order. */
    static final class Sink extends ByteArrayOutputStream {
        final List<String> calls = new ArrayList<>();

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            calls.add("write " + len);
            super.write(b, off, len);
        }

        @Override
        public void flush() {
            calls.add("flush");
        }

        @Override
        public void close() {
            calls.add("close");
        }
    }

    @Test
    void passesTheSameBytesInBigWritesAndClosesWithoutFlushing() throws IOException {
        byte[] data = new byte[100_000];
        new Random(7).nextBytes(data);
        Sink sink = new Sink();
        try (RecordBuffer b = new RecordBuffer(sink, 4096)) {
            int off = 0;
            for (int n : new int[] {512, 512, 1, 5000, 3000, 4096, 0, 512}) {
                b.write(data, off, n);
                off += n;
            }
            b.write(data[off++]);
            for (; off < data.length; off += 512) { // tar's record-at-a-time writes
                b.write(data, off, Math.min(512, data.length - off));
            }
        }
        assertArrayEquals(data, sink.toByteArray());
        // no flush reaches zstd before the end: a flush there would end a block early and change the layer's bytes
        assertEquals("close", sink.calls.get(sink.calls.size() - 1));
        assertFalse(sink.calls.contains("flush"), sink.calls.toString());
        // ~200 writes came in
        assertTrue(sink.calls.stream().filter(c -> c.startsWith("write ")).count() < 40, sink.calls.toString());
    }

    @Test
    void flushPassesOn() throws IOException {
        Sink sink = new Sink();
        RecordBuffer b = new RecordBuffer(sink, 4096);
        b.write(new byte[10], 0, 10);
        b.flush();
        assertEquals(List.of("write 10", "flush"), sink.calls);
    }
}
