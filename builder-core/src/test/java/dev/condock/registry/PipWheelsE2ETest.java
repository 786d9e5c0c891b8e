package dev.condock.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.condock.pipeline.BuildResult;
import dev.condock.pkgbuild.ArchiveFormat;
import dev.condock.pkgbuild.BuiltPackage;
import dev.condock.pkgbuild.ChannelWriter;
import dev.condock.pkgbuild.CondaPackageWriter;
import dev.condock.registry.LocalRegistry.Mode;
import dev.condock.testkit.Scratch;
import dev.condock.util.Hashing;
import dev.condock.wheel.TestWheels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * pip wheels in an image with a real python (the Debian-python base of {@link PythonVenvE2ETest}): a generated
 * wheel with a console script and a {@code #!python} .data script that imports a conda-provided distribution
 * (six, from a conda package: the locked pip six of the same version is not installed again), and Debian's real
 * wheel-*.whl with its {@code wheel} command. They import and run under umoci (unpacked, chroot) and podman (runc).
 * (The base is python3.11-minimal: importlib.metadata needs modules it lacks, so the check reads files.)
 */
@Tag("e2e")
class PipWheelsE2ETest {
    static final Path DEBIAN_WHEELS = Path.of("/usr/share/python-wheels");

    @BeforeAll
    static void setUp() throws Exception {
        PythonVenvE2ETest.setUp();
    }

    @Test
    void wheelsImportAndTheirScriptsRunInTheImage() throws Exception {
        Path realWheel;
        try (Stream<Path> s = Files.isDirectory(DEBIAN_WHEELS) ? Files.list(DEBIAN_WHEELS) : Stream.empty()) {
            realWheel = s.filter(p -> p.getFileName().toString().startsWith("wheel-"))
                    .findFirst()
                    .orElse(null);
        }
        assumeTrue(realWheel != null, "python3-wheel-whl not installed (scripts/test.sh installs it)");
        Path dir = PythonVenvE2ETest.dir;
        Path rootfs = PythonVenvE2ETest.rootfs;
        JibRegistry registry = new JibRegistry(RegistryE2ETest.options(Mode.HTTP));
        ImageReference baseRef = ImageReference.parse(Mode.HTTP.host() + "/e2e/debian-python:3.11-pip");
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

        List<BuiltPackage> built = ChannelWriter.writePackages(
                dir.resolve("pip-channel"),
                ArchiveFormat.CONDA,
                List.of(
                        CondaPackageWriter.builder("python", pyVersion, "venv_debian_0")
                                .subdir("linux-64")
                                .file(
                                        "pyvenv.cfg",
                                        "home = /usr/bin\ninclude-system-site-packages = false\nversion = " + pyVersion
                                                + "\n",
                                        0644)
                                .file("bin/python3.11", Files.readAllBytes(rootfs.resolve("usr/bin/python3.11")), 0755)
                                .symlink("bin/python3", "python3.11")
                                .symlink("bin/python", "python3.11")
                                .directory("lib/python3.11/site-packages"),
                        CondaPackageWriter.builder("six", "1.16.0", "pyh0_0")
                                .subdir("noarch")
                                .noarch("python")
                                .file("site-packages/six.py", "ORIGIN = 'conda'\n", 0644)
                                .file(
                                        "site-packages/six-1.16.0.dist-info/METADATA",
                                        "Metadata-Version: 2.1\nName: six\nVersion: 1.16.0\n",
                                        0644)));
        Path wheels = dir.resolve("wheels");
        TestWheels tiny = TestWheels.pure("tiny_pkg", "1.0").requires("six");
        Path tinyWhl = tiny.file(
                        "tiny_pkg/__init__.py",
                        "import six\n\ndef main():\n" + "    print('tiny entry point ok, six from ' + six.ORIGIN)\n")
                .file(tiny.data() + "/scripts/tiny-raw", "#!python\nimport sys\nprint('raw script ok ' + sys.prefix)\n")
                .consoleScript("tiny", "tiny_pkg:main")
                .write(wheels);
        Path sixWhl = TestWheels.pure("six", "1.16.0")
                .file("six.py", "ORIGIN = 'pypi'\n")
                .write(wheels);
        StringBuilder sb = new StringBuilder("# platform: linux-64\n@EXPLICIT\n");
        for (BuiltPackage p : built) {
            sb.append(p.archive().toAbsolutePath().toUri())
                    .append("#sha256:")
                    .append(p.sha256())
                    .append('\n');
        }
        for (Path w : List.of(tinyWhl, sixWhl, realWheel)) {
            String name = w.getFileName().toString().split("-")[0].replace('_', '-');
            sb.append("# pip ")
                    .append(name)
                    .append(" @ ")
                    .append(w.toUri())
                    .append("#sha256=")
                    .append(Hashing.sha256Hex(w))
                    .append('\n');
        }
        Path lock = Files.writeString(dir.resolve("pip.explicit.txt"), sb.toString());
        BuildOnRegistryE2ETest.lock = lock;
        BuildOnRegistryE2ETest.dir = dir;
        String target = Mode.HTTP.host() + "/e2e/pyapp-pip:1";
        BuildResult result = BuildOnRegistryE2ETest.build(
                baseRef.toString(),
                List.of(target),
                RegistryE2ETest.options(Mode.HTTP),
                new BuildOnRegistryE2ETest.Pushes());
        assertTrue(result.digest().startsWith("sha256:"));

        try (Consumers c = new Consumers(Scratch.dir("condock-pip-consumers"))) {
            Tool.Result entry = c.umociChroot(Mode.HTTP, target, "/opt/conda/bin/tiny");
            assertEquals(0, entry.exit(), entry.output());
            assertTrue(entry.output().contains("tiny entry point ok, six from conda"), entry.output());
            Tool.Result raw = run(dir, c, "/opt/conda/bin/tiny-raw");
            assertTrue(raw.output().contains("raw script ok /opt/conda"), raw.output());
            Tool.Result wheelCmd = run(dir, c, "/opt/conda/bin/wheel", "version");
            String v = realWheel.getFileName().toString().split("-")[1];
            assertTrue(wheelCmd.output().contains("wheel " + v), wheelCmd.output());
            Tool.Result imp = run(
                    dir,
                    c,
                    "/opt/conda/bin/python",
                    "-c",
                    "import os, tiny_pkg, wheel; d = os.path.dirname(os.path.dirname(tiny_pkg.__file__)); "
                            + "print(tiny_pkg.__file__, wheel.__version__, "
                            + "open(d + '/tiny_pkg-1.0.dist-info/INSTALLER').read().strip())");
            assertEquals(
                    "/opt/conda/lib/python3.11/site-packages/tiny_pkg/__init__.py " + v + " condock",
                    imp.output().trim());

            Tool.Result pull = c.podman("pull", "-q", "--tls-verify=false", target);
            assertEquals(0, pull.exit(), pull.output());
            Tool.Result run = c.podman("run", "--rm", "--network=none", target, "tiny");
            assertEquals(0, run.exit(), run.output());
            assertTrue(run.output().contains("tiny entry point ok, six from conda"), run.output());
            Tool.Result wheelRun = c.podman("run", "--rm", "--network=none", target, "wheel", "version");
            assertEquals(0, wheelRun.exit(), wheelRun.output());
            assertTrue(wheelRun.output().contains("wheel " + v), wheelRun.output());
        }
    }

    private static Tool.Result run(Path dir, Consumers c, String... command) throws Exception {
        List<String> cmd =
                new java.util.ArrayList<>(List.of("chroot", c.umociRootfs().toString()));
        cmd.addAll(List.of(command));
        Tool.Result r = Tool.run(dir, Map.of("PATH", "/usr/bin:/bin"), 60, cmd.toArray(String[]::new));
        assertEquals(0, r.exit(), r.output());
        return r;
    }
}
