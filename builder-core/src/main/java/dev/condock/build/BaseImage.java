package dev.condock.build;

import dev.condock.image.ImageBlobs;
import dev.condock.image.ImageTarget;
import dev.condock.image.OciLayout;
import dev.condock.model.Platform;
import dev.condock.util.CondockException;

import java.util.List;

/** The image we build on: its config (null for scratch) and layers, reused as they are. */
public record BaseImage(String reference, String digest, byte[] configBytes, List<ImageBlobs.Layer> layers) {

    public static BaseImage load(ImageTarget base, Platform platform) throws CondockException {
        if (base == null) {
            return new BaseImage(null, null, null, List.of());
        }
        return switch (base.kind()) {
            case OCI_LAYOUT -> {
                ImageBlobs b = new OciLayout(base.path()).read(base.tag(), platform);
                yield new BaseImage(base.toString(), b.manifest().digest(), b.configBytes(), b.layers());
            }
            case DOCKER_ARCHIVE -> throw CondockException.user("--base docker-archive: is not supported; use oci:DIR");
            case REGISTRY -> throw CondockException.user("--base from a registry is not supported yet: " + base);
        };
    }
}
