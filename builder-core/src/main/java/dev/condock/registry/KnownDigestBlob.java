package dev.condock.registry;

import com.google.cloud.tools.jib.api.DescriptorDigest;
import com.google.cloud.tools.jib.blob.Blob;
import com.google.cloud.tools.jib.blob.BlobDescriptor;
import dev.condock.image.BlobSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A blob to upload whose digest is already known (the descriptor's). jib's own blobs hash every byte as they write
 * it, a second SHA-256 pass over the whole image during a push (the layer was hashed when it was written or
 * verified, issue 15); this one only copies. The registry still checks the digest of what arrives (the upload's
 * final PUT names it), so a corrupted source fails the push instead of landing under a wrong name.
 */
final class KnownDigestBlob implements Blob {
    /** Larger than transferTo's 8 KiB: fewer writes into the HTTP client's chunked stream. */
    private static final int BUFFER = 1 << 17;

    private final BlobSource source;
    private final DescriptorDigest digest;
    private final long size;

    KnownDigestBlob(BlobSource source, DescriptorDigest digest, long size) {
        this.source = source;
        this.digest = digest;
        this.size = size;
    }

    @Override
    public BlobDescriptor writeTo(OutputStream out) throws IOException {
        long n = 0;
        byte[] buf = new byte[BUFFER];
        try (InputStream in = source.open()) {
            for (int r; (r = in.read(buf)) > 0; ) {
                out.write(buf, 0, r);
                n += r;
            }
        }
        if (size >= 0 && n != size) {
            throw new IOException("blob " + digest + " has " + n + " bytes, its descriptor says " + size);
        }
        return new BlobDescriptor(n, digest);
    }

    /** Each attempt opens the source again. */
    @Override
    public boolean isRetryable() {
        return true;
    }
}
