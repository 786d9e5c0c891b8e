package dev.condock.pipeline;

import dev.condock.image.ConfigOverrides;
import dev.condock.image.ImageTarget;
import dev.condock.layer.Compression;
import dev.condock.model.Platform;
import dev.condock.registry.RegistryOptions;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Everything a build takes.
 *
 * @param lockFile    the lock to install
 * @param platform    which platform's records to take
 * @param prefix      the conda prefix inside the image ("/opt/conda")
 * @param base        null for scratch, else an oci: or registry reference
 * @param targets     where to write the image (at least one)
 * @param compression gzip or zstd
 * @param threads     parallel downloads, unpacking and compression; never changes the output
 * @param cacheRoot   the package and blob cache
 * @param mtime       the fixed mtime of every entry and the config's "created", seconds
 * @param labels      extra labels for the image config
 * @param registry    how to reach registries (a registry --base or --to); null for the defaults
 * @param config      env/entrypoint/cmd/workdir/user set by the user
 * @param virtualPackages virtual packages the user declares ("__cuda" → "12.4"); they override the base's
 */
public record BuildRequest(Path lockFile, Platform platform, String prefix, ImageTarget base, List<ImageTarget> targets,
                           Compression compression, int threads, Path cacheRoot, long mtime,
                           Map<String, String> labels, RegistryOptions registry, ConfigOverrides config,
                           Map<String, String> virtualPackages) {
    public BuildRequest {
        targets = List.copyOf(targets);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        registry = registry == null ? RegistryOptions.defaults() : registry;
        config = config == null ? ConfigOverrides.NONE : config;
        virtualPackages = virtualPackages == null ? Map.of() : Map.copyOf(virtualPackages);
    }

    public BuildRequest(Path lockFile, Platform platform, String prefix, ImageTarget base, List<ImageTarget> targets,
                        Compression compression, int threads, Path cacheRoot, long mtime, Map<String, String> labels,
                        RegistryOptions registry) {
        this(lockFile, platform, prefix, base, targets, compression, threads, cacheRoot, mtime, labels, registry, null,
                null);
    }

    public BuildRequest(Path lockFile, Platform platform, String prefix, ImageTarget base, List<ImageTarget> targets,
                        Compression compression, int threads, Path cacheRoot, long mtime, Map<String, String> labels) {
        this(lockFile, platform, prefix, base, targets, compression, threads, cacheRoot, mtime, labels, null);
    }

    /** The same request for another platform and lock, writing to other targets (multi-arch builds). */
    public BuildRequest forPlatform(Platform p, Path lock, List<ImageTarget> to) {
        return new BuildRequest(lock, p, prefix, base, to, compression, threads, cacheRoot, mtime, labels, registry,
                config, virtualPackages);
    }
}
