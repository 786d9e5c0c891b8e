package dev.condock.pipeline;

import dev.condock.image.OciTarget;
import dev.condock.model.Platform;
import dev.condock.smoke.ImageSources;
import dev.condock.smoke.LocalImage;
import dev.condock.smoke.SmokeTests;
import dev.condock.util.CondockException;
import dev.condock.util.FileTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs a build's tests on the image just built, from a temporary OCI layout in the cache (every runtime takes
 * one; the targets may be registries only). Of several platforms, the one this machine runs is tested.
 */
final class TestRun {
    private TestRun() {}

    static void run(BuildRequest req, BuildResult built, BuildListener listener) throws CondockException {
        Platform host = ImageSources.hostPlatform();
        BuildResult.PlatformImage image = built.images().stream()
                .filter(i -> i.platform().equals(host))
                .findFirst()
                .orElseThrow(() -> CondockException.user("--test runs the image on this machine (" + host.subdir()
                        + "), but the build has no " + host.subdir() + " image"));
        Path tmp = null;
        try {
            Path work = req.cacheRoot().resolve("tmp");
            Files.createDirectories(work);
            tmp = Files.createTempDirectory(work, "test-");
            Path layout = tmp.resolve("oci");
            new OciTarget(layout, ImageSources.TAG).write(image.image());
            listener.info("testing " + image.image().manifest().digest() + " ("
                    + req.tests().size() + " command" + (req.tests().size() == 1 ? "" : "s") + ")");
            SmokeTests.run(req.tests(), new LocalImage(layout, ImageSources.TAG), req.testRun(), tmp, listener::info);
        } catch (IOException e) {
            throw CondockException.environment("cannot prepare the image for testing: " + e.getMessage(), e);
        } finally {
            FileTrees.deleteQuietly(tmp);
        }
    }
}
