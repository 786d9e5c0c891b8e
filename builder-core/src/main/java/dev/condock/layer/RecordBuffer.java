package dev.condock.layer;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Gathers the tar stream's writes into big ones. commons-compress writes each 512-byte tar record on its own, so
 * without this the diff_id hash and the compressor (a JNI call per write for zstd) ran once per 512 bytes.
 * Unlike {@link java.io.BufferedOutputStream}, {@link #close()} does not flush downstream first: a zstd flush
 * before the end of the frame would change the layer's bytes. {@link #flush()} passes on like any stream's.
 */
final class RecordBuffer extends OutputStream {
    private final OutputStream out;
    private final byte[] buf;
    private int fill;

    RecordBuffer(OutputStream out, int size) {
        this.out = out;
        this.buf = new byte[size];
    }

    @Override
    public void write(int b) throws IOException {
        if (fill == buf.length) {
            drain();
        }
        buf[fill++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (len >= buf.length) {
            drain();
            out.write(b, off, len);
            return;
        }
        if (len > buf.length - fill) {
            drain();
        }
        System.arraycopy(b, off, buf, fill, len);
        fill += len;
    }

    private void drain() throws IOException {
        if (fill > 0) {
            out.write(buf, 0, fill);
            fill = 0;
        }
    }

    @Override
    public void flush() throws IOException {
        drain();
        out.flush();
    }

    @Override
    public void close() throws IOException {
        try {
            drain();
        } finally {
            out.close();
        }
    }
}
