package dev.condock.image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A cache blob this process has just written (hashed while it was written) or just checked (a build or layer cache
 * hit: its {@code cache.Integrity} stamp matched, or it was hashed): an OCI layout target may link it instead of
 * copying and hashing its bytes once more. A cold 342 MB-tree build wrote its 119 MB layer, then read and hashed it
 * again to copy it; a no-op rebuild into a new layout directory (a CI job's clean workspace over a restored cache)
 * copied and hashed every layer again (0.22 s for 115 MB). Any other source (a base image's layers, a layout) is
 * copied and checked as before.
 */
public record VerifiedBlob(Path file) implements BlobSource {
    @Override
    public InputStream open() throws IOException {
        return Files.newInputStream(file);
    }
}
