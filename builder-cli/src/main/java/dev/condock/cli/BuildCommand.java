package dev.condock.cli;

import dev.condock.build.BuildRequest;
import dev.condock.build.BuildResult;
import dev.condock.build.ImageBuilder;
import dev.condock.fetch.PackageFetcher;
import dev.condock.image.ImageTarget;
import dev.condock.layer.Compression;
import dev.condock.layer.LayerWriter;
import dev.condock.model.Platform;
import dev.condock.util.AtomicFiles;
import dev.condock.util.CondockException;
import dev.condock.util.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code condock build --lock FILE --to TARGET...}: a lock file into an image. */
@Command(name = "build", mixinStandardHelpOptions = true,
        description = "Build an OCI image from a conda lock file (@EXPLICIT or conda-lock.yml).")
public final class BuildCommand implements Callable<Integer> {
    @Option(names = "--lock", required = true, paramLabel = "FILE", description = "@EXPLICIT file or conda-lock.yml")
    Path lock;

    @Option(names = "--to", required = true, paramLabel = "TARGET",
            description = "oci:DIR[:TAG], docker-archive:FILE[:NAME:TAG], or a registry HOST[:PORT]/REPO[:TAG] "
                    + "(docker:// accepted); repeatable, every target gets the same image")
    List<String> to = new ArrayList<>();

    @Option(names = "--platform", defaultValue = "linux-64", description = "conda subdir (default: ${DEFAULT-VALUE})")
    String platform;

    @Option(names = "--prefix", defaultValue = "/opt/conda", description = "prefix in the image (default: ${DEFAULT-VALUE})")
    String prefix;

    @Option(names = "--base", defaultValue = "scratch",
            description = "scratch, oci:DIR[:TAG] or a registry reference (default: ${DEFAULT-VALUE})")
    String base;

    @Option(names = "--compression", defaultValue = "gzip", description = "gzip or zstd (default: ${DEFAULT-VALUE})")
    String compression;

    @Option(names = "--threads", description = "parallel work (default: number of CPUs)")
    Integer threads;

    @Option(names = "--digest-file", paramLabel = "FILE", description = "write the image digest here")
    Path digestFile;

    @Option(names = "--cache", paramLabel = "DIR", description = "package and layer cache (default: $CONDOCK_CACHE or ~/.cache/condock)")
    Path cache;

    @Option(names = "--debug", description = "stack traces on errors")
    boolean debug;

    @Option(names = "--json", description = "print a JSON summary (digest, size, per-registry pushes) instead of the digest")
    boolean json;

    @Mixin
    RegistryFlags registry = new RegistryFlags();
    @Mixin
    LayerOptions layers = new LayerOptions();

    @Override
    public Integer call() throws CondockException, IOException {
        ErrorHandler.debug |= debug;
        long start = System.nanoTime();
        ConsoleListener listener = new ConsoleListener();
        BuildResult result = new ImageBuilder(layers.options(), listener).build(request());
        if (json) {
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("digest", result.digest());
            summary.put("size", result.image().manifest().size());
            summary.put("targets", to);
            summary.put("pushes", listener.pushes().stream().map(PushSummary::of).toList());
            summary.put("seconds", Math.round((System.nanoTime() - start) / 1e6) / 1000.0);
            System.out.println(Json.pretty(summary));
        } else {
            System.out.println(result.digest());
        }
        if (digestFile != null) {
            AtomicFiles.write(digestFile, (result.digest() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return 0;
    }

    BuildRequest request() throws CondockException {
        if (!prefix.startsWith("/") || prefix.length() < 2 || prefix.contains("//") || prefix.contains("/../")
                || prefix.endsWith("/") || prefix.endsWith("/..")) {
            throw CondockException.user("--prefix must be an absolute path like /opt/conda: " + prefix);
        }
        List<ImageTarget> targets = new ArrayList<>();
        for (String t : to) {
            targets.add(ImageTarget.parse(t));
        }
        ImageTarget baseTarget = base.equals("scratch") ? null : ImageTarget.parse(base);
        int n = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        if (n < 1) {
            throw CondockException.user("--threads must be at least 1");
        }
        return new BuildRequest(lock, Platform.of(platform), prefix, baseTarget, targets, Compression.parse(compression),
                n, cache != null ? cache : PackageFetcher.defaultCacheRoot(), LayerWriter.defaultMtime(), null,
                registry.options());
    }
}
