package dev.condock.cli;

import dev.condock.image.ImageTarget;
import dev.condock.pipeline.BuildRequest;
import dev.condock.pipeline.BuildResult;
import dev.condock.pipeline.Condock;
import dev.condock.util.CondockException;
import dev.condock.util.Json;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code condock build [DIR|condock.yaml] [--lock FILE] --to TARGET...}: a lock file into an image. A spec
 * (condock.yaml) supplies defaults; every flag given here overrides it.
 */
@Command(
        name = "build",
        mixinStandardHelpOptions = true,
        description = "Build an OCI image from a condock.yaml spec or a conda lock file (@EXPLICIT or conda-lock.yml).")
public final class BuildCommand implements Callable<Integer> {
    @Mixin
    BuildOptions options = new BuildOptions();

    @Override
    public Integer call() throws CondockException, IOException {
        ErrorHandler.debug |= options.debug;
        long start = System.nanoTime();
        ConsoleListener listener = new ConsoleListener(options.json);
        BuildRequest req = request();
        BuildResult result = new Condock(listener).build(req);
        var rebuildOf = req.provenance().rebuildOf();
        if (rebuildOf != null) {
            // stdout stays the digest (or the JSON); the comparison is a report line
            System.err.println(
                    result.digest().equals(rebuildOf.digest())
                            ? "identical to " + rebuildOf.image() + " (" + rebuildOf.digest() + ")"
                            : "differs from " + rebuildOf.image() + " (" + rebuildOf.digest() + ")");
        }
        if (options.json) {
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("digest", result.digest());
            summary.put("size", result.size());
            summary.put(
                    "targets",
                    result.targets().stream().map(ImageTarget::toString).toList());
            summary.put("pushes", result.pushes().stream().map(PushSummary::of).toList());
            if (rebuildOf != null) {
                summary.put("rebuildOf", rebuildOf.digest());
                summary.put("identical", result.digest().equals(rebuildOf.digest()));
            }
            summary.put("seconds", Math.round((System.nanoTime() - start) / 1e6) / 1000.0);
            System.out.println(Json.pretty(summary));
        } else {
            System.out.println(result.digest());
        }
        return 0;
    }

    BuildRequest request() throws CondockException {
        return options.request();
    }
}
