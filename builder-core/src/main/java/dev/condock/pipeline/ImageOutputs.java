package dev.condock.pipeline;

import dev.condock.image.ImageBlobs;
import dev.condock.image.ImageIndex;
import dev.condock.image.ImageTarget;
import dev.condock.registry.PushListener;
import dev.condock.registry.RegistryOptions;
import dev.condock.registry.TargetPusher;
import dev.condock.util.CondockException;
import dev.condock.util.Workers;
import java.util.List;

/** Writes one built image to every target; all targets get the same bytes, so the same digest. */
final class ImageOutputs {
    private ImageOutputs() {}

    static void writeAll(
            ImageBlobs image,
            List<ImageTarget> targets,
            BuildListener listener,
            RegistryOptions registry,
            Workers workers)
            throws CondockException {
        TargetPusher pusher = new TargetPusher(registry, listener.pushListener(), listener::pushed, workers);
        // Checks every target before anything is written, so a bad last --to leaves no first one half done.
        for (ImageTarget t : targets) {
            t.checkWrite(pusher);
        }
        for (ImageTarget t : targets) {
            t.write(image, pusher);
            listener.info("wrote " + t);
        }
    }

    /** Checks every target for an image (or an index) before anything is built: a bad last --to fails first. */
    static void validate(List<ImageTarget> targets, boolean index, RegistryOptions registry) throws CondockException {
        TargetPusher pusher = new TargetPusher(registry, PushListener.NONE, r -> {}, null);
        for (ImageTarget t : targets) {
            if (index) {
                t.checkWriteIndex(pusher);
            } else {
                t.checkWrite(pusher);
            }
        }
    }

    static void writeIndex(
            ImageIndex index,
            List<ImageTarget> targets,
            BuildListener listener,
            RegistryOptions registry,
            Workers workers)
            throws CondockException {
        TargetPusher pusher = new TargetPusher(registry, listener.pushListener(), listener::pushed, workers);
        for (ImageTarget t : targets) {
            t.checkWriteIndex(pusher);
        }
        for (ImageTarget t : targets) {
            t.writeIndex(index, pusher);
            listener.info("wrote " + t);
        }
    }
}
