package dev.condock.pipeline;

import dev.condock.image.ImageBlobs;
import dev.condock.image.ImageIndex;
import dev.condock.image.ImageTarget;
import dev.condock.lock.LockFile;
import dev.condock.model.Platform;
import dev.condock.model.PythonAbi;
import dev.condock.model.VirtualPackages;
import dev.condock.registry.PushResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a build made.
 *
 * @param digest  the digest of what the targets got: the image manifest, or the index of a multi-platform build
 * @param size    that manifest's (or index's) size in bytes
 * @param targets where it was written
 * @param images  each platform's image, in platform order
 * @param index   the image index of a multi-platform build, or null
 * @param locks   the lock files a build that solved wrote, per platform (empty for a build from a lock)
 * @param pushes  one entry per registry push
 */
public record BuildResult(
        String digest,
        long size,
        List<ImageTarget> targets,
        List<PlatformImage> images,
        ImageIndex index,
        Map<Platform, Path> locks,
        List<PushResult> pushes) {
    public BuildResult {
        targets = List.copyOf(targets);
        images = List.copyOf(images);
        locks = Map.copyOf(locks);
        pushes = List.copyOf(pushes);
    }

    /**
     * One platform's image.
     *
     * @param virtualPackages what the target offers: what the solver was given and the label says
     * @param python          the environment's python, or null
     * @param lock            the lock installed (read, or solved)
     * @param layers          condock's layers, bottom to top
     * @param fromBuildCache  the whole image came from the build cache (nothing fetched or installed)
     */
    public record PlatformImage(
            Platform platform,
            ImageBlobs image,
            VirtualPackages virtualPackages,
            PythonAbi python,
            LockFile lock,
            List<LayerReport> layers,
            List<String> warnings,
            boolean fromBuildCache) {
        public PlatformImage {
            layers = List.copyOf(layers);
            warnings = List.copyOf(warnings);
        }
    }

    /** A layer of condock's: the plan's name, its digest and compressed size, and whether the cache had it. */
    public record LayerReport(String name, String digest, long size, boolean cached) {}

    /** The image of a single-platform build (the first platform's). */
    public ImageBlobs image() {
        return images.get(0).image();
    }

    /** Every platform's warnings. */
    public List<String> warnings() {
        List<String> out = new ArrayList<>();
        images.forEach(i -> out.addAll(i.warnings()));
        return out;
    }
}
