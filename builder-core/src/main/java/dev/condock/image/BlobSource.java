package dev.condock.image;

import java.io.IOException;
import java.io.InputStream;

/** Where a blob's bytes can be read from, as often as needed (a push may retry). */
@FunctionalInterface
public interface BlobSource {
    InputStream open() throws IOException;
}
