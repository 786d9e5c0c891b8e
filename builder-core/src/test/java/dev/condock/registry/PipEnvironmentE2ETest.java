package dev.condock.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.condock.lock.LockReader;
import dev.condock.lock.LockedWheel;
import dev.condock.model.Platform;
import dev.condock.pipeline.BuildRequest;
import dev.condock.pipeline.BuildResult;
import dev.condock.pipeline.Condock;
import dev.condock.pkgbuild.ArchiveFormat;
import dev.condock.pkgbuild.ChannelWriter;
import dev.condock.pkgbuild.CondaPackageWriter;
import dev.condock.registry.LocalRegistry.Mode;
import dev.condock.testkit.Scratch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The seed shape, on real wheels: an environment.yml with conda pins and a {@code pip:} section (one pin, one
 * unpinned) resolved against the machine's wheelhouse (/opt/pypi/simple as a file: index; skipped when absent),
 * built on the Debian-python base (plus Debian's python stdlib, which requests needs). requests and its
 * dependencies (charset-normalizer as a real cp311 manylinux wheel with its {@code normalizer} command) import and
 * run under umoci (chroot) and podman; the build from the written lock gives the same digest.
 */
@Tag("e2e")
class PipEnvironmentE2ETest {
    static final Path WHEELHOUSE = Path.of("/opt/pypi/simple");

    @BeforeAll
    static void setUp() throws Exception {
        assumeTrue(Files.isDirectory(WHEELHOUSE), "no wheelhouse at " + WHEELHOUSE);
        PythonVenvE2ETest.setUp();
        Path debs = Files.createDirectories(PythonVenvE2ETest.dir.resolve("stdlib-debs"));
        Tool.Result dl = Tool.run(
                debs,
                Map.of(),
                180,
                "apt-get",
                "download",
                "-q",
                "libpython3.11-stdlib",
                "libssl3",
                "libffi8",
                "libbz2-1.0",
                "liblzma5",
                "libuuid1");
        assumeTrue(dl.exit() == 0, "apt-get download failed: " + dl.output());
        try (var list = Files.list(debs)) {
            for (Path deb : list.sorted().toList()) {
                LocalRegistry.run(
                        PythonVenvE2ETest.dir, "dpkg", "-x", deb.toString(), PythonVenvE2ETest.rootfs.toString());
            }
        }
    }

    @Test
    void seedShapedEnvironmentWithPipBuildsAndRuns() throws Exception {
        Path dir = PythonVenvE2ETest.dir;
        Path rootfs = PythonVenvE2ETest.rootfs;
        JibRegistry registry = new JibRegistry(RegistryE2ETest.options(Mode.HTTP));
        ImageReference baseRef = ImageReference.parse(Mode.HTTP.host() + "/e2e/debian-python:3.11-stdlib");
        registry.push(
                baseRef,
                TestImages.image(
                        List.of(TestImages.layer(new TestImages.LayerSpec().tree(rootfs))),
                        List.of(),
                        null,
                        List.of("/bin/sh")),
                PushListener.NONE);
        String pyVersion = Tool.run(
                        dir,
                        Map.of(),
                        30,
                        "chroot",
                        rootfs.toString(),
                        "/usr/bin/python3.11",
                        "-c",
                        "import platform; print(platform.python_version())")
                .output()
                .trim();
        Path channel = dir.resolve("seed-channel");
        ChannelWriter.writePackages(
                channel,
                ArchiveFormat.CONDA,
                List.of(CondaPackageWriter.builder("python", pyVersion, "venv_debian_0")
                        .subdir("linux-64")
                        .file(
                                "pyvenv.cfg",
                                "home = /usr/bin\ninclude-system-site-packages = false\nversion = " + pyVersion + "\n",
                                0644)
                        .file("bin/python3.11", Files.readAllBytes(rootfs.resolve("usr/bin/python3.11")), 0755)
                        .symlink("bin/python3", "python3.11")
                        .symlink("bin/python", "python3.11")
                        .directory("lib/python3.11/site-packages")));
        Path env = dir.resolve("seed/environment.yml");
        Files.createDirectories(env.getParent());
        Files.writeString(
                env,
                "channels: [" + channel.toUri() + "]\n"
                        + "dependencies:\n  - python=3.11\n  - pip:\n"
                        + "    - --index-url " + WHEELHOUSE.toUri() + "\n"
                        + "    - requests\n"
                        + "    - idna==3.20\n");
        Path lockOut = dir.resolve("seed/env.lock");
        String target = Mode.HTTP.host() + "/e2e/seed-pip:1";
        BuildResult solved = new Condock(new BuildOnRegistryE2ETest.Pushes())
                .build(BuildRequest.builder()
                        .environment(env)
                        .platform("linux-64")
                        .base(baseRef.toString())
                        .to(List.of(target))
                        .threads(2)
                        .cacheRoot(dir.resolve("cache"))
                        .mtime(0)
                        .registry(RegistryE2ETest.options(Mode.HTTP))
                        .lockOut(lockOut)
                        .build());
        List<String> pip = new ArrayList<>();
        for (LockedWheel w : LockReader.read(lockOut, Platform.LINUX_64).pip()) {
            pip.add(w.name() + "==" + w.version());
        }
        assertTrue(
                pip.contains("idna==3.20")
                        && pip.stream().anyMatch(p -> p.startsWith("requests=="))
                        && pip.stream().anyMatch(p -> p.startsWith("charset-normalizer==")),
                pip.toString());

        BuildOnRegistryE2ETest.lock = lockOut;
        BuildOnRegistryE2ETest.dir = dir;
        BuildResult fromLock = BuildOnRegistryE2ETest.build(
                baseRef.toString(),
                List.of(Mode.HTTP.host() + "/e2e/seed-pip:from-lock"),
                RegistryE2ETest.options(Mode.HTTP),
                new BuildOnRegistryE2ETest.Pushes());
        // every layer but the provenance record (which holds environment.yml only when the build solved it)
        assertEquals(
                withoutRecord(solved), withoutRecord(fromLock), "the solved build = the build from its written lock");

        try (Consumers c = new Consumers(Scratch.dir("condock-seed-consumers"))) {
            Tool.Result imp = c.umociChroot(
                    Mode.HTTP,
                    target,
                    "/opt/conda/bin/python",
                    "-c",
                    "import requests, idna, charset_normalizer.md as md; print(requests.__version__, idna.__version__,"
                            + " md.__file__)");
            assertEquals(0, imp.exit(), imp.output());
            assertTrue(
                    imp.output().contains(" 3.20 /opt/conda/lib/python3.11/site-packages/charset_normalizer/md"),
                    imp.output());
            Tool.Result cli = Tool.run(
                    dir,
                    Map.of("PATH", "/usr/bin:/bin"),
                    60,
                    "chroot",
                    c.umociRootfs().toString(),
                    "/opt/conda/bin/normalizer",
                    "--version");
            assertEquals(0, cli.exit(), cli.output());
            assertTrue(cli.output().contains("Charset-Normalizer"), cli.output());

            Tool.Result pull = c.podman("pull", "-q", "--tls-verify=false", target);
            assertEquals(0, pull.exit(), pull.output());
            Tool.Result run = c.podman(
                    "run",
                    "--rm",
                    "--network=none",
                    target,
                    "python",
                    "-c",
                    "import requests; print('requests ok', requests.__version__)");
            assertEquals(0, run.exit(), run.output());
            assertTrue(run.output().contains("requests ok"), run.output());
            Tool.Result norm = c.podman("run", "--rm", "--network=none", target, "normalizer", "--version");
            assertEquals(0, norm.exit(), norm.output());
            assertTrue(norm.output().contains("Charset-Normalizer"), norm.output());
        }
    }

    private static List<String> withoutRecord(BuildResult r) {
        return r.image().layers().stream()
                .filter(l -> !"record".equals(l.descriptor().annotations().get("dev.condock.layer")))
                .map(l -> l.descriptor().digest())
                .toList();
    }
}
