package dev.condock.smoke;

import dev.condock.image.Descriptor;
import dev.condock.image.DockerArchive;
import dev.condock.image.DockerArchiveTarget;
import dev.condock.image.ImageBlobs;
import dev.condock.image.ImageTarget;
import dev.condock.image.Manifests;
import dev.condock.image.OciLayout;
import dev.condock.image.OciTarget;
import dev.condock.model.Platform;
import dev.condock.pipeline.BaseImage;
import dev.condock.registry.RegistryOptions;
import dev.condock.util.CondockException;
import dev.condock.util.Hashing;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code condock test IMAGE}: any image condock reads, as an OCI layout every runtime takes. A tagged
 * {@code oci:} layout is used in place; anything else is copied into {@code scratch} (tag "test"): an untagged
 * layout or an index (the host's platform), a docker-archive, a registry image (pulled with condock's own
 * client, so --insecure-registry and credentials work as for a build).
 */
public final class ImageSources {
    public static final String TAG = "test";

    private ImageSources() {}

    public static LocalImage local(String image, Platform platform, RegistryOptions registry, Path scratch)
            throws CondockException {
        ImageTarget t = ImageTarget.parse(image);
        ImageBlobs blobs;
        if (t instanceof OciTarget oci) {
            if (oci.tag().isPresent() && isImage(oci)) {
                return new LocalImage(oci.dir().toAbsolutePath(), oci.tag().get());
            }
            blobs = oci.read(platform);
        } else if (t instanceof DockerArchiveTarget d) {
            blobs = DockerArchive.read(d.file());
        } else {
            BaseImage b = BaseImage.load(t, platform, registry);
            Descriptor config = new Descriptor(
                    Descriptor.OCI_CONFIG, "sha256:" + Hashing.sha256Hex(b.configBytes()), b.configBytes().length);
            blobs = Manifests.assemble(config, b.configBytes(), b.layers(), Map.of());
        }
        new OciLayout(scratch).write(blobs, TAG);
        return new LocalImage(scratch.toAbsolutePath(), TAG);
    }

    /** The platform of this machine, as conda names it (what a runtime here runs). */
    public static Platform hostPlatform() throws CondockException {
        String arch = System.getProperty("os.arch");
        return Platform.of(
                switch (arch) {
                    case "amd64", "x86_64" -> "linux-64";
                    case "aarch64", "arm64" -> "linux-aarch64";
                    case "ppc64le" -> "linux-ppc64le";
                    default ->
                        throw CondockException.environment("cannot run images on this machine's architecture " + arch);
                });
    }

    /** Whether the tag names an image (not an index, which runc's umoci and podman's oci: cannot all take). */
    private static boolean isImage(OciTarget oci) {
        try {
            oci.read();
            return true;
        } catch (CondockException e) {
            return false;
        }
    }
}
