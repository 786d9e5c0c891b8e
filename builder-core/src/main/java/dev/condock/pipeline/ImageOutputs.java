package dev.condock.pipeline;

import dev.condock.image.DockerArchive;
import dev.condock.image.ImageBlobs;
import dev.condock.image.ImageIndex;
import dev.condock.image.ImageTarget;
import dev.condock.image.OciLayout;
import dev.condock.registry.ImageReference;
import dev.condock.registry.JibRegistry;
import dev.condock.registry.PushResult;
import dev.condock.registry.RegistryOptions;
import dev.condock.util.CondockException;

import java.util.List;

/** Writes one built image to every target; all targets get the same bytes, so the same digest. */
final class ImageOutputs {
    private ImageOutputs() {}

    static void writeAll(ImageBlobs image, List<ImageTarget> targets, BuildListener listener, RegistryOptions registry)
            throws CondockException {
        validate(targets, false);
        JibRegistry client = null;
        for (ImageTarget t : targets) {
            switch (t.kind()) {
                case OCI_LAYOUT -> new OciLayout(t.path()).write(image, t.tag());
                case DOCKER_ARCHIVE -> DockerArchive.write(image, t.path(),
                        t.tag() == null ? "condock:latest" : t.tag().contains(":") ? t.tag() : t.tag() + ":latest");
                case REGISTRY -> {
                    if (client == null) {
                        client = new JibRegistry(registry);
                    }
                    PushResult r = client.push(ImageReference.parse(t.reference()), image, listener.pushListener());
                    listener.pushed(r);
                }
            }
            listener.info("wrote " + t);
        }
    }

    /** Checks every target before anything is written, so a bad last --to leaves no first one half done. */
    static void validate(List<ImageTarget> targets, boolean index) throws CondockException {
        for (ImageTarget t : targets) {
            if (t.kind() == ImageTarget.Kind.REGISTRY) {
                ImageReference.parse(t.reference());
            } else if (index && t.kind() == ImageTarget.Kind.DOCKER_ARCHIVE) {
                throw CondockException.user("a multi-platform image cannot go into a docker-archive (it holds one "
                        + "platform): " + t);
            }
        }
    }

    static void writeIndex(ImageIndex index, List<ImageTarget> targets, BuildListener listener,
                           RegistryOptions registry) throws CondockException {
        validate(targets, true);
        JibRegistry client = null;
        for (ImageTarget t : targets) {
            switch (t.kind()) {
                case OCI_LAYOUT -> new OciLayout(t.path()).write(index, t.tag());
                case DOCKER_ARCHIVE -> throw CondockException.user("a multi-platform image cannot go into a "
                        + "docker-archive (it holds one platform): " + t);
                case REGISTRY -> {
                    if (client == null) {
                        client = new JibRegistry(registry);
                    }
                    for (PushResult r : client.pushIndex(ImageReference.parse(t.reference()), index,
                            listener.pushListener())) {
                        listener.pushed(r);
                    }
                }
            }
            listener.info("wrote " + t);
        }
    }
}
