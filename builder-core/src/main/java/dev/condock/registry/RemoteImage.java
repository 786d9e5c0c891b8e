package dev.condock.registry;

import dev.condock.image.Descriptor;
import dev.condock.image.ImageBlobs;
import java.util.List;

/**
 * A registry image as a base: its manifest descriptor, config bytes, and layer descriptors. The layers' bytes are
 * never fetched; a push reuses them by digest (present, mounted from {@link #reference()}'s repository, or
 * streamed through {@link Registry#blobSource}).
 */
public record RemoteImage(
        ImageReference reference, Descriptor manifest, Descriptor config, byte[] configBytes, List<Descriptor> layers) {
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
                .map(d -> new ImageBlobs.Layer(
                        ociLayer(d), registry.blobSource(reference, d), reference.repositoryName()))
                .toList();
    }

    /**
     * Our manifest is OCI; a Docker v2 base layer is the same gzip tar under another name, so it is listed with the
     * OCI media type (same digest: still mountable and present).
     */
    static Descriptor ociLayer(Descriptor d) {
        return d.mediaType().equals(Descriptor.DOCKER_LAYER_GZIP)
                ? new Descriptor(Descriptor.LAYER_GZIP, d.digest(), d.size(), d.annotations())
                : d;
    }
}
