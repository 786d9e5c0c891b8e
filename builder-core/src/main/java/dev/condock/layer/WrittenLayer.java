package dev.condock.layer;

import dev.condock.image.Descriptor;
import java.nio.file.Path;

/**
 * A compressed layer blob on disk.
 *
 * @param descriptor media type, digest (sha256 of the compressed blob) and size
 * @param diffId     sha256 of the uncompressed tar, as the image config's rootfs lists it
 * @param blob       where the blob lies
 */
public record WrittenLayer(Descriptor descriptor, String diffId, Path blob) {}
