package dev.condock.provenance;

import dev.condock.image.DockerArchiveTarget;
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
import java.util.Locale;

/**
 * Reads an image from wherever it is (oci: layout, docker-archive: file, registry) as {@link ImageBlobs}: manifest
 * and config read, layers only described. A registry image's layers are streamed on demand, so reading one layer
 * (the record) downloads only that one.
 */
public final class Images {
    private Images() {}

    /**
     * @param platform for an index: which image; null takes the host's platform (an oci: index then takes the
     *                 layout's own default)
     */
    public static ImageBlobs read(ImageTarget target, RegistryOptions registry, Platform platform)
            throws CondockException {
        if (target instanceof OciTarget oci) {
            return platform != null ? oci.read(platform) : oci.read();
        }
        if (target instanceof DockerArchiveTarget archive) {
            return archive.read();
        }
        RegistryTarget r = (RegistryTarget) target;
        JibRegistry client = new JibRegistry(registry);
        RemoteImage remote = client.pull(ImageReference.parse(r.reference()), platform != null ? platform : host());
        // manifestBytes: jib re-serializes what it pulls, so the registry's exact bytes are not available here
        return new ImageBlobs(
                remote.manifest(), null, remote.config(), remote.configBytes(), remote.reusedLayers(client));
    }

    /** The platform of this machine, for choosing from an index the way a container runtime here would. */
    public static Platform host() throws CondockException {
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        return switch (arch) {
            case "aarch64", "arm64" -> Platform.of("linux-aarch64");
            case "ppc64le" -> Platform.of("linux-ppc64le");
            default -> Platform.LINUX_64;
        };
    }
}
