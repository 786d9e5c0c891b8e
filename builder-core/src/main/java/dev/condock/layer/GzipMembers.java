package dev.condock.layer;

import dev.condock.util.CondockException;
import dev.condock.util.Hashing;
import dev.condock.util.Workers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * The uncompressed tar stream of an eStargz layer, cut into independent gzip members where the writer says
 * ({@link #startMember}): each member is a complete gzip stream, so the concatenation is still one valid gzip file
 * (RFC 1952 multi-member) for every consumer, and a lazy reader can start decompressing at any member's offset.
 *
 * <p>Members are deflated on {@link Workers} in batches of about 1 MiB (a layer of small files is tens of thousands
 * of tiny members) and written in order; the bytes depend only on the input, never on the thread count. The
 * compressed offset of member {@code i} is known once every member before it has been written ({@link #offset}).
 */
final class GzipMembers extends OutputStream {
    private static final int LEVEL = 6;
    private static final int BATCH = 1 << 20;
    /** The same fixed header as the plain gzip layers: no name, no mtime, OS "unknown". */
    private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};

    private final OutputStream out;
    private final Workers workers;
    private final int maxInFlight;
    private final MessageDigest diffId = Hashing.sha256();
    private final ArrayDeque<Workers.Pending<List<byte[]>>> inFlight = new ArrayDeque<>();
    /** Compressed offset of each member written so far, by index. */
    private final List<Long> offsets = new ArrayList<>();

    private ByteArrayOutputStream current; // null: no member open
    private List<byte[]> batch = new ArrayList<>();
    private long batchBytes;
    private int members; // started so far
    private long uncompressed;
    private long compressed;

    GzipMembers(OutputStream out, Workers workers) {
        this.out = out;
        this.workers = workers;
        this.maxInFlight = Math.max(1, 2 * workers.threads());
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return;
        }
        if (current == null) { // opened lazily, like the reference writer's condOpenGz: no empty members
            openMember();
        }
        current.write(b, off, len);
        diffId.update(b, off, len);
        uncompressed += len;
    }

    /** Ends the open member (if any) and opens the next; returns its index. */
    int startMember() throws IOException {
        endMember();
        openMember();
        return members - 1;
    }

    private void openMember() {
        current = new ByteArrayOutputStream(64 * 1024);
        members++;
    }

    private void endMember() throws IOException {
        if (current == null) {
            return;
        }
        byte[] data = current.toByteArray();
        current = null;
        batch.add(data);
        batchBytes += data.length;
        if (batchBytes >= BATCH) {
            submitBatch();
        }
    }

    private void submitBatch() throws IOException {
        if (batch.isEmpty()) {
            return;
        }
        List<byte[]> todo = batch;
        batch = new ArrayList<>();
        batchBytes = 0;
        inFlight.add(workers.submit(() -> {
            List<byte[]> gz = new ArrayList<>(todo.size());
            Deflater d = new Deflater(LEVEL, true);
            try {
                for (byte[] m : todo) {
                    gz.add(member(d, m));
                }
            } finally {
                d.end();
            }
            return gz;
        }));
        while (inFlight.size() >= maxInFlight) {
            if (!Workers.helpInsteadOfWaiting(inFlight)) {
                writeOut(inFlight.poll());
            }
        }
    }

    private void writeOut(Workers.Pending<List<byte[]>> p) throws IOException {
        List<byte[]> gz;
        try {
            gz = p.join();
        } catch (CondockException e) {
            throw new IOException("gzip compression failed: " + e.getMessage(), e);
        }
        for (byte[] m : gz) {
            offsets.add(compressed);
            out.write(m);
            compressed += m.length;
        }
    }

    /** Ends the open member and writes every member: afterwards all offsets are known. Returns the bytes written. */
    long drain() throws IOException {
        endMember();
        submitBatch();
        try {
            while (!inFlight.isEmpty()) {
                if (!Workers.helpInsteadOfWaiting(inFlight)) {
                    writeOut(inFlight.poll());
                }
            }
        } finally {
            for (Workers.Pending<List<byte[]>> p : inFlight) {
                p.cancel();
            }
            inFlight.clear();
        }
        return compressed;
    }

    /** The compressed offset of member {@code index}; valid after {@link #drain}. */
    long offset(int index) {
        return offsets.get(index);
    }

    /** The uncompressed bytes written so far. */
    long uncompressedSize() {
        return uncompressed;
    }

    /** sha256 of the uncompressed stream ("sha256:hex"): the layer's diff_id. Call once, at the end. */
    String diffId() {
        return "sha256:" + Hashing.hex(diffId.digest());
    }

    /** One complete gzip member of {@code data}. */
    static byte[] member(Deflater d, byte[] data) {
        d.reset();
        d.setInput(data);
        d.finish();
        ByteArrayOutputStream bo = new ByteArrayOutputStream(data.length / 2 + 64);
        bo.write(HEADER, 0, HEADER.length);
        byte[] buf = new byte[64 * 1024];
        while (!d.finished()) {
            bo.write(buf, 0, d.deflate(buf));
        }
        CRC32 crc = new CRC32();
        crc.update(data);
        long c = crc.getValue();
        for (int i = 0; i < 4; i++) {
            bo.write((int) (c >>> (8 * i)));
        }
        for (int i = 0; i < 4; i++) {
            bo.write(data.length >>> (8 * i));
        }
        return bo.toByteArray();
    }
}
