package dev.condock.registry;

import dev.condock.image.Descriptor;
import dev.condock.image.ImageBlobs;

import java.util.List;

/**
 * A registry image as a base: its manifest descriptor, config bytes, and layer descriptors. The layers' bytes are
 * never fetched; a push reuses them by digest (present, mounted from {@link #reference()}'s repository, or
 * streamed through {@link Registry#blobSource}).
 */
public record RemoteImage(ImageReference reference, Descriptor manifest, Descriptor config, byte[] configBytes,
                          List<Descriptor> layers) {
    public RemoteImage {
        layers = List.copyOf(layers);
    }

    /**
     * The base's layers as an image built on it carries them: by digest, mountable from the base's repository,
     * with bytes streamed from the base's registry only when a target needs them (an oci: directory, or a
     * registry that has them neither already nor by mount).
     */
    public List<ImageBlobs.Layer> reusedLayers(Registry registry) {
        return layers.stream()
                .map(d -> new ImageBlobs.Layer(d, registry.blobSource(reference, d), reference.repositoryName()))
                .toList();
    }
}
