package dev.condock.image;

import java.util.List;

/**
 * A built image ready to be written or pushed: the manifest's own bytes (their sha256 is the image digest), the
 * config, and the layers. A layer whose {@code source} is null is not held locally (a registry base layer
 * reused by digest): a push must find it at the target or mount it from {@code mountFrom}.
 */
public record ImageBlobs(
        Descriptor manifest, byte[] manifestBytes, Descriptor config, byte[] configBytes, List<Layer> layers) {

    public record Layer(Descriptor descriptor, BlobSource source, String mountFrom) {}

    public ImageBlobs {
        layers = List.copyOf(layers);
    }
}
