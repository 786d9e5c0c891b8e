package dev.condock.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.condock.app.AppFile;
import dev.condock.image.OciLayout;
import dev.condock.model.Platform;
import dev.condock.pipeline.BuildListener;
import dev.condock.pipeline.BuildRequest;
import dev.condock.pipeline.BuildResult;
import dev.condock.pipeline.Condock;
import dev.condock.pkgbuild.ArchiveFormat;
import dev.condock.pkgbuild.BuiltPackage;
import dev.condock.pkgbuild.ChannelWriter;
import dev.condock.pkgbuild.CondaPackageWriter;
import dev.condock.registry.LocalRegistry.Mode;
import dev.condock.smoke.ContainerRuntime;
import dev.condock.smoke.ImageRunner;
import dev.condock.smoke.ImageSources;
import dev.condock.smoke.LocalImage;
import dev.condock.smoke.RunOptions;
import dev.condock.smoke.SmokeTest;
import dev.condock.testkit.Scratch;
import dev.condock.util.CondockException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The seed's flow, end to end with real runtimes: a busybox base → a train environment (a lock) + app files →
 * {@code build --test} under podman and under runc (umoci bundle) → pushed to a loopback registry; a failing
 * test pushes nothing (the registry is asked).
 */
@Tag("e2e")
class SmokeTestE2ETest {
    static final String PH = CondaPackageWriter.DEFAULT_PLACEHOLDER;
    static Path dir;
    static Path lock;
    static Path project;
    static Path podmanDir;

    @BeforeAll
    static void setUp() throws Exception {
        assumeTrue(LocalRegistry.available(), "docker-registry not installed");
        assumeTrue(
                Consumers.isRoot()
                        && LocalRegistry.onPath("runc")
                        && LocalRegistry.onPath("umoci")
                        && LocalRegistry.onPath("podman"),
                "podman, runc and umoci (as root) needed");
        LocalRegistry.start(Mode.HTTP);
        dir = Scratch.dir("condock-smoke");
        TestImages.Layer bb = TestImages.layer(TestImages.busyboxBase());
        new OciLayout(dir.resolve("base"))
                .write(TestImages.image(List.of(bb), List.of(), null, List.of("/bin/sh")), "cuda");
        List<BuiltPackage> built = ChannelWriter.writePackages(
                dir.resolve("channel"),
                ArchiveFormat.CONDA,
                List.of(CondaPackageWriter.builder("torch", "2.3.0", "0")
                        .subdir("linux-64")
                        .textPrefix("bin/python", "#!/bin/sh\necho \"python in " + PH + ": $*\"\n", 0755)
                        .file("lib/libtorch.so", "torch\n", 0755)));
        StringBuilder sb = new StringBuilder("# platform: linux-64\n@EXPLICIT\n");
        for (BuiltPackage p : built) {
            sb.append(p.archive().toAbsolutePath().toUri())
                    .append("#sha256:")
                    .append(p.sha256())
                    .append('\n');
        }
        lock = Files.writeString(dir.resolve("train.explicit.txt"), sb.toString());
        project = Files.createDirectories(dir.resolve("project/src"));
        Files.writeString(project.resolve("train.py"), "print('training')\n");
        // podman as this machine kind needs it (../shared/e2e-reference), through the CONDOCK_PODMAN hook
        podmanDir = Scratch.shortDir("cdsm");
        Files.writeString(
                podmanDir.resolve("containers.conf"),
                "[containers]\ndefault_ulimits = [\"nofile=1024:1024\","
                        + " \"nproc=4096:4096\"]\nnetns = \"none\"\n[engine]\nruntime = \"runc\"\ncgroup_manager = "
                        + "\"cgroupfs\"\nevents_logger = \"file\"\n");
        Files.writeString(podmanDir.resolve("registries.conf"), "unqualified-search-registries = []\n");
        Path wrapper = podmanDir.resolve("podman");
        Files.writeString(
                wrapper,
                "#!/bin/sh\nexport CONTAINERS_CONF=" + podmanDir + "/containers.conf "
                        + "CONTAINERS_REGISTRIES_CONF=" + podmanDir + "/registries.conf\nexec podman --root "
                        + podmanDir
                        + "/root --runroot " + podmanDir + "/run --tmpdir " + podmanDir + "/tmp \"$@\"\n");
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
        System.setProperty("condock.podman", wrapper.toString());
    }

    @AfterAll
    static void tearDown() throws Exception {
        System.clearProperty("condock.podman");
        if (podmanDir != null) {
            Tool.run(
                    Path.of("/tmp"),
                    java.util.Map.of(),
                    120,
                    podmanDir.resolve("podman").toString(),
                    "system",
                    "reset",
                    "--force");
            Scratch.delete(podmanDir);
        }
    }

    private static BuildRequest request(String target, List<SmokeTest> tests, ContainerRuntime runtime)
            throws Exception {
        return BuildRequest.builder()
                .lock(lock)
                .base("oci:" + dir.resolve("base") + ":cuda")
                .to(target)
                .files(List.of(AppFile.of(project.getParent(), "src", "/app", null, List.of(), null, "t")))
                .workdir("/app")
                .tests(tests)
                .testRun(new RunOptions(runtime, false, false, null))
                .threads(2)
                .cacheRoot(dir.resolve("cache"))
                .mtime(0)
                .registry(RegistryE2ETest.options(Mode.HTTP))
                .build();
    }

    private static int manifestStatus(String repoAndTag) throws Exception {
        int slash = repoAndTag.lastIndexOf(':');
        HttpResponse<Void> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://"
                                        + Mode.HTTP.host() + "/v2/" + repoAndTag.substring(0, slash) + "/manifests/"
                                        + repoAndTag.substring(slash + 1)))
                                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                                .header("Accept", "application/vnd.oci.image.manifest.v1+json")
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
        return r.statusCode();
    }

    @ParameterizedTest
    @EnumSource(
            value = ContainerRuntime.class,
            names = {"PODMAN", "RUNC"})
    void buildTestThenPushAndAFailingTestPushesNothing(ContainerRuntime runtime) throws Exception {
        String rt = runtime.toString();
        String target = Mode.HTTP.host() + "/e2e/smoke-" + rt + ":1";
        BuildResult ok = new Condock(BuildListener.SILENT)
                .build(request(
                        target,
                        List.of(
                                SmokeTest.shell("python -c 'import torch' && test -f /opt/conda/lib/libtorch.so"),
                                SmokeTest.shell(
                                        "test \"$(pwd)\" = /app && test -f train.py && test \"$CONDA_PREFIX\" = /opt/conda"),
                                // no network by default: only loopback (or nothing) is up
                                SmokeTest.shell("! grep -qv -e '^ *lo:' -e '^Inter' -e '^ face' /proc/net/dev"),
                                SmokeTest.argv(List.of("/opt/conda/bin/python", "argv", "kept"))),
                        runtime));
        assertEquals(200, manifestStatus("e2e/smoke-" + rt + ":1"), "pushed after the tests passed");
        assertEquals(ok.digest(), ok.pushes().get(0).digest());
        // condock test on the registry image: pulled with condock's client into a layout the runtime takes
        LocalImage pulled = ImageSources.local(
                target, Platform.LINUX_64, RegistryE2ETest.options(Mode.HTTP), dir.resolve("pulled-" + rt));
        Path log = dir.resolve("pulled-" + rt + ".log");
        assertEquals(
                0,
                new ImageRunner(dir.resolve("work"))
                        .run(
                                pulled,
                                List.of("/bin/busybox", "cat", "train.py"),
                                new RunOptions(runtime, false, false, null),
                                ProcessBuilder.Redirect.to(log.toFile())));
        assertEquals("print('training')", Files.readString(log).strip());

        String failing = Mode.HTTP.host() + "/e2e/smoke-" + rt + "-fail:1";
        CondockException e = assertThrows(
                CondockException.class,
                () -> new Condock(BuildListener.SILENT)
                        .build(request(
                                failing,
                                List.of(
                                        SmokeTest.shell("true"),
                                        SmokeTest.shell("echo checking cuda; test -f /usr/lib/libcuda.so")),
                                runtime)));
        assertEquals(1, e.exitCode());
        assertTrue(
                e.getMessage()
                        .startsWith("test failed (exit 1): echo checking cuda; test -f /usr/lib/libcuda.so"
                                + "\nchecking cuda\nnothing pushed to " + failing),
                e.getMessage());
        assertEquals(404, manifestStatus("e2e/smoke-" + rt + "-fail:1"), "a failing test pushes nothing");
    }

    @ParameterizedTest
    @EnumSource(
            value = ContainerRuntime.class,
            names = {"PODMAN", "RUNC"})
    void runnerKeepsEntrypointUnlessClearedAndReturnsTheExitCode(ContainerRuntime runtime) throws Exception {
        Path layout = dir.resolve("ep-" + runtime);
        new Condock(BuildListener.SILENT)
                .build(BuildRequest.builder()
                        .lock(lock)
                        .base("oci:" + dir.resolve("base") + ":cuda")
                        .entrypoint(List.of("/opt/conda/bin/python"))
                        .cmd(List.of("default-cmd"))
                        .cacheRoot(dir.resolve("cache"))
                        .mtime(0)
                        .to("oci:" + layout + ":t")
                        .to("docker-archive:" + layout + ".tar")
                        .build());
        ImageRunner runner = new ImageRunner(dir.resolve("work"));
        Path out = dir.resolve("out-" + runtime + ".log");
        LocalImage img = new LocalImage(layout, "t");
        RunOptions o = new RunOptions(runtime, false, false, null);
        assertEquals(0, runner.run(img, List.of(), o, ProcessBuilder.Redirect.to(out.toFile())));
        assertEquals("python in /opt/conda: default-cmd", Files.readString(out).strip());
        assertEquals(0, runner.run(img, List.of("-c", "x"), o, ProcessBuilder.Redirect.to(out.toFile())));
        assertEquals("python in /opt/conda: -c x", Files.readString(out).strip(), "CMD replaces Cmd, entrypoint kept");
        LocalImage fromArchive = ImageSources.local(
                "docker-archive:" + layout + ".tar",
                Platform.LINUX_64,
                RegistryOptions.defaults(),
                dir.resolve("archive-" + runtime));
        assertEquals(0, runner.run(fromArchive, List.of("from-archive"), o, ProcessBuilder.Redirect.to(out.toFile())));
        assertEquals("python in /opt/conda: from-archive", Files.readString(out).strip());
        RunOptions cleared = new RunOptions(runtime, false, false, List.of());
        assertEquals(
                7,
                runner.run(img, List.of("/bin/sh", "-c", "exit 7"), cleared, ProcessBuilder.Redirect.to(out.toFile())));
        if (runtime == ContainerRuntime.RUNC) {
            CondockException gpus = assertThrows(
                    CondockException.class,
                    () -> runner.run(
                            img,
                            List.of("true"),
                            new RunOptions(runtime, false, true, null),
                            ProcessBuilder.Redirect.DISCARD));
            assertTrue(gpus.getMessage().startsWith("--gpus is not supported with --runtime runc"));
        }
    }

    /** podman keeps what it copies from an oci: layout: the runner removes what its run added, and only that. */
    @org.junit.jupiter.api.Test
    void podmanStoreIsLeftAsItWas() throws Exception {
        Path layout = dir.resolve("store");
        BuildResult built = new Condock(BuildListener.SILENT)
                .build(BuildRequest.builder()
                        .lock(lock)
                        .base("oci:" + dir.resolve("base") + ":cuda")
                        .cacheRoot(dir.resolve("cache"))
                        .mtime(0)
                        .to("oci:" + layout + ":t")
                        .build());
        String id = new dev.condock.image.OciLayout(layout)
                .read("t")
                .config()
                .digest()
                .substring("sha256:".length());
        String podman = podmanDir.resolve("podman").toString();
        java.util.function.Function<String[], Tool.Result> sh = args -> {
            try {
                return Tool.run(dir, java.util.Map.of(), 120, args);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };

        runTrueUnderPodman(layout);
        assertEquals(
                1,
                sh.apply(new String[] {podman, "image", "exists", id}).exit(),
                "the image " + built.digest() + " this run copied into podman's store is gone again");

        // an image the store already held keeps its names and gains none
        assertEquals(
                0,
                sh.apply(new String[] {podman, "pull", "-q", "oci:" + layout + ":t"})
                        .exit());
        assertEquals(
                0,
                sh.apply(new String[] {podman, "tag", id, "localhost/mine:1"}).exit());
        String[] inspect = {podman, "image", "inspect", "--format", "{{json .RepoTags}}", id};
        String names = sh.apply(inspect).output();
        Path other = dir.resolve("store-copy");
        assertEquals(
                0,
                sh.apply(new String[] {"cp", "-a", layout.toString(), other.toString()})
                        .exit());
        runTrueUnderPodman(other);
        assertEquals(names, sh.apply(inspect).output());
        assertTrue(names.contains("localhost/mine:1"), names);
    }

    private static void runTrueUnderPodman(Path layout) throws Exception {
        Path log = dir.resolve("store.log");
        int exit = new ImageRunner(dir.resolve("work"))
                .run(
                        new LocalImage(layout, "t"),
                        List.of("/bin/busybox", "true"),
                        new RunOptions(ContainerRuntime.PODMAN, false, false, null),
                        ProcessBuilder.Redirect.to(log.toFile()));
        assertEquals(0, exit, () -> log + ": " + read(log));
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
