package dev.condock.registry;

import dev.condock.image.Descriptor;

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
}
