package dev.condock.pipeline;

import dev.condock.image.ImageIndex;
import dev.condock.model.Platform;
import dev.condock.util.CondockException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One image per platform (each solved, locked and built on its own, its base resolved for that platform), then
 * one OCI image index over them, written to the targets after every image is complete.
 */
public final class MultiPlatformBuilder {
    /** The index and each platform's build, in platform order. */
    public record Result(ImageIndex index, List<BuildResult> builds) {
        public String digest() {
            return index.descriptor().digest();
        }
    }

    /** Where each platform's lock comes from: a file, or a solve of environment.yml for that platform. */
    @FunctionalInterface
    public interface LockSource {
        Path lockFor(Platform p) throws CondockException;
    }

    /** The lock for a platform: a conda-lock.yml serves all, an @EXPLICIT path may carry {@code {platform}}. */
    public static Path lockFor(Path lock, Platform p) {
        return Path.of(lock.toString().replace("{platform}", p.subdir()));
    }

    private final ImageBuilder builder;
    private final BuildListener listener;

    public MultiPlatformBuilder(ImageBuilder builder, BuildListener listener) {
        this.builder = builder;
        this.listener = listener;
    }

    public Result build(BuildRequest req, List<Platform> platforms) throws CondockException {
        return build(req, platforms, p -> lockFor(req.lockFile(), p));
    }

    public Result build(BuildRequest req, List<Platform> platforms, LockSource locks) throws CondockException {
        if (platforms.isEmpty()) {
            throw CondockException.user("no platform to build");
        }
        List<BuildResult> builds = new ArrayList<>();
        List<ImageIndex.PlatformImage> images = new ArrayList<>();
        for (Platform p : platforms) {
            listener.info("platform " + p.subdir() + " (" + p.os() + "/" + p.architecture() + ")");
            // no targets per platform: only the index is tagged, once all its images exist
            BuildResult r = builder.build(req.forPlatform(p, locks.lockFor(p), List.of()));
            builds.add(r);
            images.add(new ImageIndex.PlatformImage(p, r.image()));
        }
        Map<String, String> ann = new LinkedHashMap<>();
        ann.put("org.opencontainers.image.created", java.time.Instant.ofEpochSecond(req.mtime()).toString());
        ImageIndex index = ImageIndex.assemble(images, ann);
        ImageOutputs.writeIndex(index, req.targets(), listener, req.registry());
        listener.info("index " + index.descriptor().digest());
        return new Result(index, builds);
    }
}
