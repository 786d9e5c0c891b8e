package dev.condock.registry;

import dev.condock.image.ImageBlobs;
import dev.condock.image.OciLayout;
import dev.condock.registry.LocalRegistry.Mode;
import dev.condock.testkit.Scratch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Push speed against a baseline measured in the same run: skopeo copying the same image (from an OCI layout) to
 * the same loopback registry. Prints ratios; no thresholds (run: scripts/bench-push.sh).
 */
public final class PushBenchmark {
    public static void main(String[] args) throws Exception {
        int layers = args.length > 0 ? Integer.parseInt(args[0]) : 6;
        int mib = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        LocalRegistry.start(Mode.HTTP);
        try {
            List<TestImages.Layer> ls = new ArrayList<>();
            for (int i = 0; i < layers; i++) {
                ls.add(TestImages.layer(TestImages.random("l" + i + ".bin", mib << 20, 100 + i)));
            }
            ImageBlobs image = TestImages.image(ls, List.of(), null, List.of("/bin/sh"));
            Path dir = Scratch.dir("condock-bench");
            new OciLayout(dir.resolve("oci")).write(image, "t");
            RegistryOptions o = RegistryOptions.defaults().withInsecure(Set.of(Mode.HTTP.host()));
            System.out.printf("image: %d layers x %d MiB (incompressible), loopback http registry%n", layers, mib);

            // Warm up the JVM (class loading, JIT) on a small image so the first measured push is not penalized.
            ImageBlobs small = TestImages.image(
                    List.of(TestImages.layer(TestImages.random("w.bin", 1 << 20, 1))),
                    List.of(),
                    null,
                    List.of("/bin/sh"));
            for (int i = 0; i < 3; i++) {
                new JibRegistry(o)
                        .push(
                                ImageReference.parse(Mode.HTTP.host() + "/bench/warm" + i + ":1"),
                                small,
                                PushListener.NONE);
            }
            double skopeo = time(() -> skopeo(dir, "bench/skopeo"));
            double skopeoAgain = time(() -> skopeo(dir, "bench/skopeo"));
            double par = time(() -> new JibRegistry(o)
                    .push(ImageReference.parse(Mode.HTTP.host() + "/bench/par:1"), image, PushListener.NONE));
            double again = time(() -> new JibRegistry(o)
                    .push(ImageReference.parse(Mode.HTTP.host() + "/bench/par:1"), image, PushListener.NONE));
            double serial = time(() -> new JibRegistry(o.withParallelUploads(1))
                    .push(ImageReference.parse(Mode.HTTP.host() + "/bench/serial:1"), image, PushListener.NONE));
            System.out.printf("skopeo copy (baseline)          %7.2f s%n", skopeo);
            System.out.printf("condock push, 4 parallel        %7.2f s   ratio %.2f x baseline%n", par, par / skopeo);
            System.out.printf(
                    "condock push, serial            %7.2f s   ratio %.2f x baseline%n", serial, serial / skopeo);
            System.out.printf("skopeo copy again (no-op)       %7.2f s%n", skopeoAgain);
            System.out.printf(
                    "condock push again (no-op)      %7.2f s   ratio %.2f x baseline%n", again, again / skopeoAgain);
        } finally {
            LocalRegistry.stop(Mode.HTTP);
        }
    }

    interface Step {
        void run() throws Exception;
    }

    private static double time(Step s) throws Exception {
        long t = System.nanoTime();
        s.run();
        return (System.nanoTime() - t) / 1e9;
    }

    private static void skopeo(Path dir, String repo) throws Exception {
        Tool.Result r = Tool.run(
                dir,
                Map.of(),
                600,
                "skopeo",
                "copy",
                "--preserve-digests",
                "--dest-tls-verify=false",
                "oci:" + dir.resolve("oci") + ":t",
                "docker://" + Mode.HTTP.host() + "/" + repo + ":1");
        if (r.exit() != 0) {
            throw new IllegalStateException(r.output());
        }
    }
}
