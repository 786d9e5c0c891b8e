package dev.condock.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.condock.pipeline.BuildListener;
import dev.condock.pipeline.BuildRequest;
import dev.condock.pipeline.BuildResult;
import dev.condock.pipeline.Condock;
import dev.condock.pkgbuild.ArchiveFormat;
import dev.condock.pkgbuild.BuiltPackage;
import dev.condock.pkgbuild.ChannelWriter;
import dev.condock.pkgbuild.CondaPackageWriter;
import dev.condock.registry.LocalRegistry.Mode;
import dev.condock.testkit.Scratch;
import dev.condock.util.CondockException;
import dev.condock.util.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The real build (lock -> fetch -> install -> layers -> config) onto a busybox base taken from a registry, pushed
 * over TLS + basic auth and written to an oci: directory at once, then run by umoci + chroot, containerd and
 * podman. The CLI only maps flags onto {@link BuildRequest}; everything below it runs here.
 */
@Tag("e2e")
class BuildOnRegistryE2ETest {
    static final String PH = CondaPackageWriter.DEFAULT_PLACEHOLDER;
    static Path dir;
    static Path lock;

    @BeforeAll
    static void setUp() throws Exception {
        assumeTrue(LocalRegistry.available(), "docker-registry not installed");
        LocalRegistry.start(Mode.TLS_AUTH);
        LocalRegistry.start(Mode.HTTP);
        dir = Scratch.dir("condock-build-registry");
        List<BuiltPackage> built = ChannelWriter.writePackages(
                dir.resolve("channel"),
                ArchiveFormat.CONDA,
                List.of(CondaPackageWriter.builder("footool", "1.0", "0")
                        .subdir("linux-64")
                        .textPrefix("bin/footool", "#!/bin/sh\necho footool prefix=" + PH + "\n", 0755)));
        StringBuilder sb = new StringBuilder("# platform: linux-64\n@EXPLICIT\n");
        for (BuiltPackage p : built) {
            Path a = dir.resolve("channel")
                    .resolve(p.subdir())
                    .resolve(p.archive().getFileName());
            sb.append(a.toAbsolutePath().toUri())
                    .append("#sha256:")
                    .append(p.sha256())
                    .append('\n');
        }
        lock = dir.resolve("env.explicit.txt");
        Files.writeString(lock, sb.toString());
    }

    /** Collects pushes the way the CLI's listener does. */
    static final class Pushes implements BuildListener {
        final List<PushResult> results = new ArrayList<>();

        @Override
        public void info(String message) {}

        @Override
        public void warn(String message) {}

        @Override
        public synchronized void pushed(PushResult result) {
            results.add(result);
        }
    }

    static BuildResult build(String base, List<String> targets, RegistryOptions options, Pushes listener)
            throws Exception {
        BuildRequest req = BuildRequest.builder()
                .lock(lock)
                .base(base == null ? "scratch" : base)
                .to(targets)
                .threads(2)
                .cacheRoot(dir.resolve("cache"))
                .mtime(0)
                .registry(options)
                .build();
        return new Condock(listener).build(req);
    }

    /** Pushes a busybox-static base to {@code mode}'s registry with the library; returns its reference. */
    static String pushBase(Mode mode) throws Exception {
        ImageReference ref = ImageReference.parse(mode.host() + "/e2e/build-busybox:1");
        TestImages.Layer base = TestImages.layer(TestImages.busyboxBase());
        new JibRegistry(RegistryE2ETest.options(mode))
                .push(ref, TestImages.image(List.of(base), List.of(), null, List.of("/bin/sh")), PushListener.NONE);
        return ref.toString();
    }

    @Test
    void buildOnRegistryBasePushAndRunWithRealConsumers() throws Exception {
        String base = pushBase(Mode.TLS_AUTH);
        String target = Mode.TLS_AUTH.host() + "/e2e/build-app:1";
        Path oci = dir.resolve("out-oci");
        Pushes pushes = new Pushes();
        BuildResult result = build(
                base,
                List.of("docker://" + target, "oci:" + oci + ":t"),
                RegistryE2ETest.options(Mode.TLS_AUTH),
                pushes);
        String digest = result.digest();
        PushResult push = pushes.results.get(0);
        assertEquals(digest, push.digest());
        assertEquals(1, push.mounted(), "the base layer is mounted, not uploaded: " + push);
        assertTrue(push.pushed() >= 1, push.toString());
        // the oci: target holds the same image (the base layer streamed from the registry to fill it)
        JsonNode index = Json.CANONICAL.readTree(Files.readString(oci.resolve("index.json")));
        assertEquals(digest, index.at("/manifests/0/digest").asText());

        // building and pushing the same image again uploads nothing
        Pushes again = new Pushes();
        build(base, List.of(target), RegistryE2ETest.options(Mode.TLS_AUTH), again);
        assertEquals(digest, again.results.get(0).digest());
        assertEquals(0, again.results.get(0).bytesUploaded(), again.results.toString());

        assumeTrue(Consumers.available(), "consumers not installed or not root");
        try (Consumers c = new Consumers(Scratch.dir("condock-build-consumers"))) {
            String creds = LocalRegistry.USER + ":" + LocalRegistry.PASSWORD;
            Tool.Result inspect = c.skopeo(
                    "inspect", "--cert-dir=" + LocalRegistry.certDir(), "--creds=" + creds, "docker://" + target);
            assertEquals(0, inspect.exit(), inspect.output());
            JsonNode inspected = Json.CANONICAL.readTree(inspect.output());
            assertEquals(digest, inspected.get("Digest").asText());
            assertTrue(inspected.at("/Env").toString().contains("PATH=/opt/conda/bin:"), inspected.toString());

            Tool.Result chroot = c.umociChroot(Mode.TLS_AUTH, target, "/opt/conda/bin/footool");
            assertEquals(0, chroot.exit(), chroot.output());
            assertTrue(chroot.output().contains("footool prefix=/opt/conda"), chroot.output());

            c.startContainerd();
            Tool.Result pull = c.ctr("image", "pull", "--hosts-dir", c.hostsDir(), "--user", creds, target);
            assertEquals(0, pull.exit(), pull.output());
            Tool.Result run = c.ctr("run", "--rm", target, "condock-build-e2e", "footool");
            assertEquals(0, run.exit(), run.output());
            assertTrue(run.output().contains("footool prefix=/opt/conda"), run.output());

            Tool.Result ppull =
                    c.podman("pull", "-q", "--cert-dir", LocalRegistry.certDir().toString(), "--creds", creds, target);
            assertEquals(0, ppull.exit(), ppull.output());
            Tool.Result prun = c.podman("run", "--rm", "--network=none", target, "footool");
            assertEquals(0, prun.exit(), prun.output());
            assertTrue(prun.output().contains("footool prefix=/opt/conda"), prun.output());
        }
    }

    @Test
    void unknownBaseFailsBeforeAnythingIsWritten() throws Exception {
        Path never = dir.resolve("never");
        CondockException e = assertThrows(
                CondockException.class,
                () -> build(
                        Mode.HTTP.host() + "/e2e/no-such-base:9",
                        List.of("oci:" + never),
                        RegistryE2ETest.options(Mode.HTTP),
                        new Pushes()));
        assertEquals(CondockException.USER_ERROR, e.exitCode());
        assertTrue(
                e.getMessage().contains("not found in registry " + Mode.HTTP.host() + ", repository e2e/no-such-base"),
                e.getMessage());
        assertFalse(Files.exists(never));
    }

    @Test
    void wrongPasswordOnPushIsAnEnvironmentErrorWithoutTheSecret() throws Exception {
        String wrong = "Wrong-Pw-55813";
        CondockException e = assertThrows(
                CondockException.class,
                () -> build(
                        null,
                        List.of(Mode.TLS_AUTH.host() + "/e2e/build-denied:1"),
                        RegistryE2ETest.options(Mode.TLS_AUTH, wrong),
                        new Pushes()));
        assertEquals(CondockException.ENVIRONMENT_ERROR, e.exitCode());
        assertTrue(
                e.getMessage()
                        .startsWith("cannot push to " + Mode.TLS_AUTH.host() + "/e2e/build-denied:1: access denied"),
                e.getMessage());
        StringWriter w = new StringWriter();
        e.printStackTrace(new PrintWriter(w));
        assertFalse(w.toString().contains(wrong));
    }

    @Test
    void plainHttpBaseWithoutInsecureFlagIsRefused() throws Exception {
        String base = pushBase(Mode.HTTP);
        CondockException e = assertThrows(
                CondockException.class,
                () -> build(
                        base,
                        List.of("oci:" + dir.resolve("n2")),
                        RegistryE2ETest.options(Mode.HTTP).withInsecure(Set.of()),
                        new Pushes()));
        assertEquals(CondockException.ENVIRONMENT_ERROR, e.exitCode());
        assertTrue(e.getMessage().contains("--insecure-registry " + Mode.HTTP.host()), e.getMessage());
    }
}
