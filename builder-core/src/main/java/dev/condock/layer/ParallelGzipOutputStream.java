package dev.condock.layer;

import dev.condock.util.CondockException;
import dev.condock.util.Workers;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A gzip stream compressed on several cores, the way pigz does it: the input is cut into fixed 128 KiB blocks,
 * each deflated on its own with the previous block's last 32 KiB as dictionary and ended by a sync flush, and
 * the pieces are written in order. The bytes depend only on the input (fixed block size, level and header),
 * never on the number of threads or on how the caller chunks its writes. Blocks are deflated on the build's
 * {@link Workers}; a worker writing the stream deflates its own blocks while it waits for them, so this nests
 * inside a parallel layer write without deadlock.
 *
 * <p>Block arrays, output buffers and Deflaters are reused (a Deflater is {@code reset()}: zlib's deflateReset is
 * a fresh stream with the same parameters, so the bytes are the same): a new Deflater, output buffer, block and
 * dictionary copy for every 128 KiB block made ~55 young collections in a 342 MB layer. The pools hold at most
 * what is in flight.
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
    private final ArrayDeque<Workers.Pending<Piece>> inFlight = new ArrayDeque<>();
    private final CRC32 crc = new CRC32();
    private final ArrayDeque<byte[]> freeBlocks = new ArrayDeque<>(); // only the writing thread touches it
    private final ConcurrentLinkedQueue<byte[]> freeOutputs = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Deflater> deflaters = new ConcurrentLinkedQueue<>();
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

    /**
     * A deflated block, {@code out[0, length)}. {@code dict} is the block before it, read as its dictionary:
     * once this piece is written, that block's own piece (written earlier) and this one are done with it.
     */
    private record Piece(byte[] out, int length, byte[] dict) {}

    private void submit(boolean last) throws IOException {
        byte[] data = block;
        int len = fill;
        byte[] dict = previous;
        inFlight.add(workers.submit(() -> deflate(data, len, dict, last)));
        previous = len >= DICT ? data : null; // every block but the last is full
        block = freeBlocks.isEmpty() ? new byte[BLOCK] : freeBlocks.poll();
        fill = 0;
        while (inFlight.size() >= maxInFlight) {
            // pieces are written in order whoever deflates them: helping does not change the bytes
            if (!Workers.helpInsteadOfWaiting(inFlight)) {
                writePiece(inFlight.poll());
            }
        }
    }

    private void writePiece(Workers.Pending<Piece> f) throws IOException {
        Piece p;
        try {
            p = f.join();
        } catch (CondockException e) {
            throw new IOException("gzip compression failed: " + e.getMessage(), e);
        }
        out.write(p.out, 0, p.length);
        freeOutputs.add(p.out);
        if (p.dict != null) {
            freeBlocks.add(p.dict);
        }
    }

    private Piece deflate(byte[] data, int len, byte[] dict, boolean last) {
        Deflater d = deflaters.poll();
        if (d == null) {
            d = new Deflater(LEVEL, true);
        }
        if (dict != null) {
            d.setDictionary(dict, dict.length - DICT, DICT);
        }
        d.setInput(data, 0, len);
        byte[] buf = freeOutputs.poll();
        if (buf == null) {
            buf = new byte[BLOCK + BLOCK / 8 + 64]; // more than deflate's worst case for a block: grown if not
        }
        int n = 0;
        if (last) {
            d.finish();
            while (!d.finished()) {
                if (n == buf.length) {
                    buf = Arrays.copyOf(buf, buf.length * 2);
                }
                n += d.deflate(buf, n, buf.length - n);
            }
        } else {
            // SYNC_FLUSH ends the piece on a byte boundary so pieces concatenate into one deflate stream; it is
            // complete when deflate leaves room in the buffer and has taken all the input
            int got;
            do {
                if (n == buf.length) {
                    buf = Arrays.copyOf(buf, buf.length * 2);
                }
                got = d.deflate(buf, n, buf.length - n, Deflater.SYNC_FLUSH);
                n += got;
            } while (n == buf.length || !d.needsInput());
        }
        d.reset();
        deflaters.add(d);
        return new Piece(buf, n, dict);
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
                    writePiece(inFlight.poll());
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
            for (Workers.Pending<Piece> f : inFlight) {
                f.cancel();
            }
            // a cancelled block's Deflater, never given back, is freed by its cleaner
            for (Deflater d; (d = deflaters.poll()) != null; ) {
                d.end();
            }
            out.close();
        }
    }
}
