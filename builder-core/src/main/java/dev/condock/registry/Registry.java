package dev.condock.registry;

import dev.condock.image.BlobSource;
import dev.condock.image.Descriptor;
import dev.condock.image.ImageBlobs;
import dev.condock.model.Platform;
import dev.condock.util.CondockException;

/** The registry operations condock needs; {@link JibRegistry} implements them over jib-core's low-level client. */
public interface Registry {

    /**
     * Uploads what the target lacks (layers in parallel, mounting from a layer's {@code mountFrom} repository on
     * the same registry), then the manifest, so a tag never points at missing blobs.
     */
    PushResult push(ImageReference target, ImageBlobs image, PushListener listener) throws CondockException;

    /** Reads the manifest (choosing {@code platform} from an index) and config; never the layers. */
    RemoteImage pull(ImageReference ref, Platform platform) throws CondockException;

    /**
     * The digest of what {@code ref} names as the registry stores it: an index's own digest for a multi-platform
     * tag (what a signature signs), not a platform image's.
     */
    String digestOf(ImageReference ref) throws CondockException;

    /** Streams one blob of {@code repo} from the registry when it is read: for a target that needs the bytes. */
    BlobSource blobSource(ImageReference repo, Descriptor blob);
}
