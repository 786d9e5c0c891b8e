package dev.condock.diff;

import dev.condock.image.ImageBlobs;
import dev.condock.image.RegistryTarget;
import dev.condock.model.Platform;
import dev.condock.registry.ImageReference;
import dev.condock.registry.JibRegistry;
import dev.condock.registry.RegistryOptions;
import dev.condock.registry.RemoteImage;
import dev.condock.util.CondockException;

/** A registry image as {@link ImageBlobs}: manifest and config read now, layers streamed when something reads them. */
public final class RegistryImages {
    private RegistryImages() {}

    public static ImageBlobs load(RegistryTarget ref, Platform platform, RegistryOptions registry)
            throws CondockException {
        JibRegistry client = new JibRegistry(registry);
        RemoteImage remote = client.pull(ImageReference.parse(ref.reference()), platform);
        // the manifest's bytes are not kept by the pull; the diff needs only its descriptor (digest, size)
        return new ImageBlobs(
                remote.manifest(), new byte[0], remote.config(), remote.configBytes(), remote.reusedLayers(client));
    }
}
