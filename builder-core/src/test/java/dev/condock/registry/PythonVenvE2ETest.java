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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A real Python: a base of Debian's python3.11-minimal (its .debs unpacked with dpkg -x, plus busybox for /bin/sh),
 * a test package "python" that turns the prefix into a venv of that interpreter (pyvenv.cfg with home = /usr/bin,
 * bin/python3.11 a copy of /usr/bin/python3.11 as `python -m venv --copies` makes it: the installer refuses symlinks
 * that leave the prefix), and a noarch: python package with a console entry point. In the image, the entry point
 * runs and the module imports from the prefix's site-packages.
 */
@Tag("e2e")
class PythonVenvE2ETest {
    static final List<String> DEBS =
            List.of("python3.11-minimal", "libpython3.11-minimal", "python3-minimal", "libc6", "zlib1g", "libexpat1");
    static Path dir;
    static Path rootfs;

    @BeforeAll
    static void setUp() throws Exception {
        assumeTrue(LocalRegistry.available() && Consumers.available(), "registry/consumers not installed or not root");
        assumeTrue(LocalRegistry.onPath("apt-get") && LocalRegistry.onPath("dpkg"), "not a Debian machine");
        LocalRegistry.start(Mode.HTTP);
        dir = Scratch.dir("condock-python");
        Path debs = Files.createDirectories(dir.resolve("debs"));
        List<String> cmd = new java.util.ArrayList<>(List.of("apt-get", "download", "-q"));
        cmd.addAll(DEBS);
        Tool.Result dl = Tool.run(debs, Map.of(), 180, cmd.toArray(String[]::new));
        assumeTrue(dl.exit() == 0, "apt-get download failed (no Debian mirror reachable?): " + dl.output());
        rootfs = Files.createDirectories(dir.resolve("rootfs"));
        try (var list = Files.list(debs)) {
            for (Path deb : list.sorted().toList()) {
                LocalRegistry.run(dir, "dpkg", "-x", deb.toString(), rootfs.toString());
            }
        }
        Files.createDirectories(rootfs.resolve("bin"));
        Files.copy(Path.of("/bin/busybox"), rootfs.resolve("bin/busybox"));
        Files.createSymbolicLink(rootfs.resolve("bin/sh"), Path.of("busybox"));
        Files.createDirectories(rootfs.resolve("etc"));
        Files.writeString(rootfs.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n");
        Files.writeString(rootfs.resolve("etc/group"), "root:x:0:\n");
        Files.createDirectories(rootfs.resolve("tmp"));
    }

    @Test
    void entryPointRunsAndModuleImportsInTheImage() throws Exception {
        JibRegistry registry = new JibRegistry(RegistryE2ETest.options(Mode.HTTP));
        ImageReference baseRef = ImageReference.parse(Mode.HTTP.host() + "/e2e/debian-python:3.11");
        TestImages.Layer baseLayer = TestImages.layer(new TestImages.LayerSpec().tree(rootfs));
        registry.push(
                baseRef, TestImages.image(List.of(baseLayer), List.of(), null, List.of("/bin/sh")), PushListener.NONE);

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
        assertTrue(pyVersion.startsWith("3.11."), pyVersion);
        List<BuiltPackage> built = ChannelWriter.writePackages(
                dir.resolve("channel"),
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
                        CondaPackageWriter.builder("pyfoo", "0.3", "pyh0_0")
                                .subdir("noarch")
                                .noarch("python")
                                .depends("python >=3.8")
                                .file(
                                        "site-packages/pyfoo/__init__.py",
                                        "import sys\n\ndef main():\n    print('pyfoo entry point ok, prefix=' + sys.prefix)\n",
                                        0644)
                                .entryPoint("pyfoo-cli = pyfoo:main")));
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
        Path lock = dir.resolve("py.explicit.txt");
        Files.writeString(lock, sb.toString());
        BuildOnRegistryE2ETest.lock = lock;
        BuildOnRegistryE2ETest.dir = dir;

        String target = Mode.HTTP.host() + "/e2e/pyapp:1";
        BuildResult result = BuildOnRegistryE2ETest.build(
                baseRef.toString(),
                List.of(target),
                RegistryE2ETest.options(Mode.HTTP),
                new BuildOnRegistryE2ETest.Pushes());
        assertTrue(result.digest().startsWith("sha256:"));

        try (Consumers c = new Consumers(Scratch.dir("condock-py-consumers"))) {
            Tool.Result entry = c.umociChroot(Mode.HTTP, target, "/opt/conda/bin/pyfoo-cli");
            assertEquals(0, entry.exit(), entry.output());
            assertTrue(entry.output().contains("pyfoo entry point ok, prefix=/opt/conda"), entry.output());
            Tool.Result imp = Tool.run(
                    dir,
                    Map.of("PATH", "/usr/bin:/bin"),
                    30,
                    "chroot",
                    c.umociRootfs().toString(),
                    "/opt/conda/bin/python",
                    "-c",
                    "import pyfoo; print(pyfoo.__file__)");
            assertEquals(0, imp.exit(), imp.output());
            assertEquals(
                    "/opt/conda/lib/python3.11/site-packages/pyfoo/__init__.py",
                    imp.output().trim());

            Tool.Result pull = c.podman("pull", "-q", "--tls-verify=false", target);
            assertEquals(0, pull.exit(), pull.output());
            Tool.Result run = c.podman("run", "--rm", "--network=none", target, "pyfoo-cli");
            assertEquals(0, run.exit(), run.output());
            assertTrue(run.output().contains("pyfoo entry point ok, prefix=/opt/conda"), run.output());
        }
    }
}
