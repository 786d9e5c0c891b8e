package dev.condock.cli;

import dev.condock.pipeline.BuildRequest;
import dev.condock.fetch.PackageFetcher;
import dev.condock.image.ImageTarget;
import dev.condock.layer.Compression;
import dev.condock.layer.LayerWriter;
import dev.condock.model.Platform;
import dev.condock.util.CondockException;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;

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

    /** A request to build {@code lock} on {@code base} (null: scratch) that writes no target. */
    BuildRequest request(Path lock, ImageTarget base) throws CondockException {
        return new BuildRequest(lock, Platform.of(platform), checkPrefix(prefix), base, List.of(),
                Compression.parse(compression), Runtime.getRuntime().availableProcessors(),
                cache != null ? cache : PackageFetcher.defaultCacheRoot(), LayerWriter.defaultMtime(), null);
    }

    /** The prefix must be absolute and plain: it is written into every text file with a placeholder. */
    static String checkPrefix(String p) throws CondockException {
        if (!p.startsWith("/") || p.length() < 2 || p.contains("//") || p.contains("/../") || p.endsWith("/")
                || p.endsWith("/..") || p.contains("/./")) {
            throw CondockException.user("--prefix must be an absolute path like /opt/conda: " + p);
        }
        return p;
    }
}
