package dev.condock.cli;

import dev.condock.pipeline.BuildRequest;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The options that decide what a lock builds into, shared by {@code plan} and {@code diff}. Unset ones take the
 * spec's value (a SPEC argument), else the request's defaults.
 */
final class LockBuildOptions {
    @Option(names = "--platform", description = "conda subdir (default: the spec's first, else linux-64)")
    String platform;

    @Option(names = "--prefix", description = "prefix in the image (default: the spec's, else /opt/conda)")
    String prefix;

    @Option(names = "--compression", description = "gzip or zstd (default: the spec's, else gzip)")
    String compression;

    @Option(
            names = "--cache",
            paramLabel = "DIR",
            description = "package and layer cache (default: $CONDOCK_CACHE or ~/.cache/condock)")
    Path cache;

    /** A request builder with these options set; the caller adds the lock or environment and the base. */
    BuildRequest.Builder builder() {
        BuildRequest.Builder b =
                BuildRequest.builder().prefix(prefix).compression(compression).cacheRoot(cache);
        return platform != null ? b.platform(platform) : b;
    }
}
