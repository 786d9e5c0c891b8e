package dev.condock.layer;

import dev.condock.util.CondockException;
import dev.condock.util.Workers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A gzip stream compressed on several cores, the way pigz does it: the input is cut into fixed 128 KiB blocks,
 * each deflated on its own with the previous block's last 32 KiB as dictionary and ended by a sync flush, and
 * the pieces are written in order. The bytes depend only on the input (fixed block size, level and header),
 * never on the number of threads or on how the caller chunks its writes. Blocks are deflated on the build's
 * {@link Workers}; a worker writing the stream deflates its own blocks while it waits for them, so this nests
 * inside a parallel layer write without deadlock.
 */
public final class ParallelGzipOutputStream extends OutputStream {
    static final int BLOCK = 128 * 1024;
    private static final int DICT = 32 * 1024;
    private static final int LEVEL = 6;
    /** Fixed header: no name, no mtime, "unknown" OS, so nothing about the build machine leaks in. */
    private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};

    private final OutputStream out;
    private final Workers workers;
    private final int maxInFlight;
    private final ArrayDeque<Workers.Pending<byte[]>> inFlight = new ArrayDeque<>();
    private final CRC32 crc = new CRC32();
    private byte[] block = new byte[BLOCK];
    private int fill;
    private byte[] previous; // the block before the current one, for its dictionary
    private long total;
    private boolean closed;

    /** Blocks deflated on {@code workers}, at most two per thread waiting to be written. */
    public ParallelGzipOutputStream(OutputStream out, Workers workers) throws IOException {
        this(out, workers, 2 * workers.threads());
    }

    ParallelGzipOutputStream(OutputStream out, Workers workers, int maxInFlight) throws IOException {
        this.out = out;
        this.workers = workers;
        this.maxInFlight = Math.max(1, maxInFlight);
        out.write(HEADER);
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        crc.update(b, off, len);
        total += len;
        while (len > 0) {
            int n = Math.min(len, BLOCK - fill);
            System.arraycopy(b, off, block, fill, n);
            fill += n;
            off += n;
            len -= n;
            if (fill == BLOCK) {
                submit(false);
            }
        }
    }

    private void submit(boolean last) throws IOException {
        byte[] data = fill == block.length ? block : Arrays.copyOf(block, fill);
        byte[] dict = previous == null ? null : Arrays.copyOfRange(previous, previous.length - DICT, previous.length);
        inFlight.add(workers.submit(() -> deflate(data, dict, last)));
        previous = data.length >= DICT ? data : null;
        block = new byte[BLOCK];
        fill = 0;
        while (inFlight.size() >= maxInFlight) {
            // pieces are written in order whoever deflates them: helping does not change the bytes
            if (!Workers.helpInsteadOfWaiting(inFlight)) {
                out.write(await(inFlight.poll()));
            }
        }
    }

    private static byte[] deflate(byte[] data, byte[] dict, boolean last) {
        Deflater d = new Deflater(LEVEL, true);
        try {
            if (dict != null) {
                d.setDictionary(dict);
            }
            d.setInput(data);
            ByteArrayOutputStream bo = new ByteArrayOutputStream(data.length / 2 + 64);
            byte[] buf = new byte[64 * 1024];
            if (last) {
                d.finish();
                while (!d.finished()) {
                    bo.write(buf, 0, d.deflate(buf));
                }
            } else {
                // SYNC_FLUSH ends the piece on a byte boundary so pieces concatenate into one deflate stream
                int n;
                do {
                    n = d.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH);
                    bo.write(buf, 0, n);
                } while (n == buf.length || !d.needsInput());
            }
            return bo.toByteArray();
        } finally {
            d.end();
        }
    }

    private static byte[] await(Workers.Pending<byte[]> f) throws IOException {
        try {
            return f.join();
        } catch (CondockException e) {
            throw new IOException("gzip compression failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            submit(true);
            while (!inFlight.isEmpty()) {
                if (!Workers.helpInsteadOfWaiting(inFlight)) {
                    out.write(await(inFlight.poll()));
                }
            }
            long c = crc.getValue();
            byte[] trailer = new byte[8];
            for (int i = 0; i < 4; i++) {
                trailer[i] = (byte) (c >>> (8 * i));
                trailer[4 + i] = (byte) (total >>> (8 * i));
            }
            out.write(trailer);
        } finally {
            for (Workers.Pending<byte[]> f : inFlight) {
                f.cancel();
            }
            out.close();
        }
    }
}
