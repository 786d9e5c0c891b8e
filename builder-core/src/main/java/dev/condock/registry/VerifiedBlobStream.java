package dev.condock.registry;

import dev.condock.util.Hashing;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.function.Supplier;

/**
 * A blob streamed from a registry, checked as it is read: at the end it must have the descriptor's size and
 * sha256, and a failure of the producing side is thrown here instead of looking like a short, valid end. So a
 * reader (an oci: layout, a push to another registry) never keeps a truncated or wrong blob under a digest name.
 */
final class VerifiedBlobStream extends FilterInputStream {
    private final String digest;
    private final long size;
    private final Supplier<Throwable> producerFailure;
    private final MessageDigest md = Hashing.sha256();
    private long count;
    private boolean checked;

    VerifiedBlobStream(InputStream in, String digest, long size, Supplier<Throwable> producerFailure) {
        super(in);
        this.digest = digest;
        this.size = size;
        this.producerFailure = producerFailure;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n;
        try {
            n = super.read(b, off, len);
        } catch (IOException e) {
            throw failure(e);
        }
        if (n > 0) {
            md.update(b, off, n);
            count += n;
        } else if (n < 0) {
            atEnd();
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // Skipped bytes would escape the digest: read them instead.
        byte[] buf = new byte[(int) Math.min(n, 1 << 16)];
        long done = 0;
        while (done < n) {
            int r = read(buf, 0, (int) Math.min(buf.length, n - done));
            if (r < 0) {
                break;
            }
            done += r;
        }
        return done;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void atEnd() throws IOException {
        if (checked) {
            return;
        }
        checked = true;
        Throwable failed = producerFailure.get();
        if (failed != null) {
            throw failure(failed);
        }
        String got = "sha256:" + Hashing.hex(md.digest());
        if (count != size || !got.equals(digest)) {
            throw new IOException("blob " + digest + " from the registry has " + count + " bytes and digest " + got
                    + ", expected " + size + " bytes");
        }
    }

    private IOException failure(Throwable cause) {
        Throwable f = producerFailure.get();
        Throwable reason = f != null ? f : cause;
        return new IOException(
                "cannot read blob " + digest + " from the registry: " + RegistryErrors.shortReason(reason), reason);
    }
}
