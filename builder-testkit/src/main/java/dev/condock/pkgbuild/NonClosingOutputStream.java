package dev.condock.pkgbuild;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** Lets an inner stream (a tar, a zstd frame) be closed to finish it while the stream under it stays open. */
final class NonClosingOutputStream extends FilterOutputStream {
    NonClosingOutputStream(OutputStream out) {
        super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
        flush();
    }
}
