package dev.condock.cli;

import dev.condock.pipeline.BuildRequest;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** The options that decide what a lock builds into, shared by {@code plan} and {@code diff}. */
final class LockBuildOptions {
    @Option(names = "--platform", defaultValue = "linux-64", description = "conda subdir (default: ${DEFAULT-VALUE})")
    String platform;

    @Option(names = "--prefix", defaultValue = "/opt/conda", description = "prefix in the image (default: ${DEFAULT-VALUE})")
    String prefix;

    @Option(names = "--compression", defaultValue = "gzip", description = "gzip or zstd (default: ${DEFAULT-VALUE})")
    String compression;

    @Option(names = "--cache", paramLabel = "DIR",
            description = "package and layer cache (default: $CONDOCK_CACHE or ~/.cache/condock)")
    Path cache;

    /** A request builder with these options set; the caller adds the lock or environment and the base. */
    BuildRequest.Builder builder() {
        return BuildRequest.builder().platform(platform).prefix(prefix).compression(compression).cacheRoot(cache);
    }
}
