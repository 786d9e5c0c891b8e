package dev.condock.image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A blob this process has just written into the cache, hashed while it was written (a layer not found in the
 * layer cache): an OCI layout target may link it instead of copying and hashing its bytes once more (a cold
 * 342 MB-tree build wrote its 119 MB layer, then read and hashed it again to copy it). A blob from an earlier
 * run is a plain {@link BlobSource} and is checked as before.
 */
public record FreshBlob(Path file) implements BlobSource {
    @Override
    public InputStream open() throws IOException {
        return Files.newInputStream(file);
    }
}
