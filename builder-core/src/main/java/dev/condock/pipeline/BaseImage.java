package dev.condock.pipeline;

import dev.condock.image.ImageBlobs;
import dev.condock.image.ImageTarget;
import dev.condock.image.OciTarget;
import dev.condock.image.RegistryTarget;
import dev.condock.model.Platform;
import dev.condock.registry.ImageReference;
import dev.condock.registry.JibRegistry;
import dev.condock.registry.RegistryOptions;
import dev.condock.registry.RemoteImage;
import dev.condock.util.CondockException;
import java.nio.file.Path;
import java.util.List;

/** The image we build on: its config (null for scratch) and layers, reused as they are. */
public record BaseImage(String reference, String digest, byte[] configBytes, List<ImageBlobs.Layer> layers) {

    public static BaseImage load(ImageTarget base, Platform platform) throws CondockException {
        return load(base, platform, RegistryOptions.defaults());
    }

    /**
     * A registry base is read as manifest + config only; its layers are carried by digest and fetched only by a
     * target that needs the bytes (see {@link RemoteImage#reusedLayers}).
     */
    public static BaseImage load(ImageTarget base, Platform platform, RegistryOptions registry)
            throws CondockException {
        if (base == null) {
            return new BaseImage(null, null, null, List.of());
        }
        if (base instanceof OciTarget oci) {
            ImageBlobs b = oci.read(platform);
            return new BaseImage(portableName(oci), b.manifest().digest(), b.configBytes(), b.layers());
        }
        if (base instanceof RegistryTarget r) {
            JibRegistry client = new JibRegistry(registry);
            RemoteImage remote = client.pull(ImageReference.parse(r.reference()), platform);
            return new BaseImage(
                    remote.reference().toString(),
                    remote.manifest().digest(),
                    remote.configBytes(),
                    remote.reusedLayers(client));
        }
        throw CondockException.user("--base docker-archive: is not supported; use oci:DIR");
    }

    /**
     * How an image names a local layout base (base.name annotation, SBOM, build-cache key): the layout's directory
     * name and tag, not the host path, which would make the same inputs in another checkout another image.
     */
    static String portableName(OciTarget oci) {
        Path name = oci.dir().getFileName();
        return "oci:" + (name == null ? oci.dir() : name)
                + oci.tag().map(t -> ":" + t).orElse("");
    }
}
