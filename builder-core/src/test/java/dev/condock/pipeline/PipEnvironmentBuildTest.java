package dev.condock.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.condock.lock.LockReader;
import dev.condock.lock.LockedWheel;
import dev.condock.model.Platform;
import dev.condock.pkgbuild.ArchiveFormat;
import dev.condock.pkgbuild.ChannelWriter;
import dev.condock.pkgbuild.CondaPackageWriter;
import dev.condock.pkgbuild.PackageContents;
import dev.condock.wheel.TestWheels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * environment.yml with a pip: section, resolved by the pip resolver against a file: index after the conda solve:
 * the conda-provided distribution satisfies its pip requirement, and the solved build equals the build from the
 * lock it wrote.
 */
class PipEnvironmentBuildTest {
    static final String SP = "opt/conda/lib/python3.11/site-packages/";

    @TempDir
    Path tmp;

    private Path environment() throws Exception {
        Path ch = tmp.resolve("channel");
        List<PackageContents> pkgs = List.of(
                CondaPackageWriter.builder("python", "3.11.9", "h0_0_cpython")
                        .subdir("linux-64")
                        .file("bin/python3.11", "ELF", 0755)
                        .symlink("bin/python", "python3.11"),
                CondaPackageWriter.builder("six", "1.16.0", "pyh_0")
                        .noarch("python")
                        .file("site-packages/six.py", "# six\n", 0644)
                        .file(
                                "site-packages/six-1.16.0.dist-info/METADATA",
                                "Metadata-Version: 2.1\nName: six\nVersion: 1.16.0\n",
                                0644));
        ChannelWriter.writePackages(ch, ArchiveFormat.CONDA, pkgs);
        Path index = tmp.resolve("index");
        TestWheels.pure("tiny_pkg", "1.0")
                .requires("six>=1.10")
                .requires("helper<2")
                .file("tiny_pkg/__init__.py", "X = 1\n")
                .consoleScript("tiny", "tiny_pkg:main")
                .write(index.resolve("tiny-pkg"));
        TestWheels.pure("helper", "1.5").file("helper.py", "H = 1\n").write(index.resolve("helper"));
        TestWheels.pure("helper", "2.0").file("helper.py", "H = 2\n").write(index.resolve("helper"));
        TestWheels.pure("six", "1.17.0").file("six.py", "# six from pypi\n").write(index.resolve("six"));
        Path dir = Files.createDirectories(tmp.resolve("spec"));
        Files.writeString(
                dir.resolve("environment.yml"),
                "channels: [" + ch.toUri() + "]\n"
                        + "dependencies:\n  - python=3.11\n  - six\n  - pip:\n"
                        + "    - --index-url " + index.toUri() + "\n"
                        + "    - tiny-pkg==1.0\n");
        return dir.resolve("environment.yml");
    }

    @Test
    void solvedBuildInstallsResolvedWheelsAndEqualsTheBuildFromItsLock() throws Exception {
        Path env = environment();
        // the locks beside the environment file: a build from them finds it (its hash matches their header)
        Path lockOut = env.resolveSibling("conda-lock.explicit.txt");
        BuildResult solved = new Condock(BuildListener.SILENT)
                .build(BuildRequest.builder()
                        .environment(env)
                        .platform("linux-64")
                        .cacheRoot(tmp.resolve("cache"))
                        .mtime(0)
                        .to("oci:" + tmp.resolve("s"))
                        .lockOut(lockOut)
                        .build());
        List<LockedWheel> pip = LockReader.read(lockOut, Platform.LINUX_64).pip();
        assertEquals(
                List.of("helper 1.5", "tiny-pkg 1.0"),
                pip.stream().map(w -> w.name() + " " + w.version()).toList(),
                "six is conda's; helper<2 picks 1.5");
        assertEquals(pip, solved.images().get(0).lock().pip(), "the in-memory lock = the written one");
        List<String> layers = new ArrayList<>();
        Map<String, String> f = PipLockBuildTestAccess.files(solved, layers);
        assertEquals("644 X = 1\n", f.get(SP + "tiny_pkg/__init__.py"));
        assertEquals("644 H = 1\n", f.get(SP + "helper.py"));
        assertEquals("644 # six\n", f.get(SP + "six.py"));
        assertTrue(f.get("opt/conda/bin/tiny").startsWith("755 #!/opt/conda/bin/python3.11\n"));
        assertTrue(layers.stream().anyMatch(l -> l.contains("pypi:tiny-pkg-1.0-pypi")), layers.toString());

        BuildResult fromLock = new Condock(BuildListener.SILENT)
                .build(BuildRequest.builder()
                        .lock(lockOut)
                        .platform("linux-64")
                        .cacheRoot(tmp.resolve("cache2"))
                        .mtime(0)
                        .to("oci:" + tmp.resolve("l"))
                        .build());
        // the same image, record layer included: one lock rendering, the same SBOM, the same environment file
        assertEquals(
                solved.image().manifest().digest(), fromLock.image().manifest().digest());

        // condock lock: conda-lock.yml with manager: pip entries; building from it installs the same wheels
        Path condaLock = env.resolveSibling("conda-lock.yml");
        new Condock(BuildListener.SILENT)
                .lock(
                        BuildRequest.builder()
                                .environment(env)
                                .platform("linux-64")
                                .cacheRoot(tmp.resolve("cache"))
                                .build(),
                        condaLock,
                        null);
        String y = Files.readString(condaLock);
        assertTrue(y.contains("manager: pip"), y);
        assertEquals(
                pip.stream().map(LockedWheel::sha256).toList(),
                LockReader.read(condaLock, Platform.LINUX_64).pip().stream()
                        .map(LockedWheel::sha256)
                        .toList());
        assertEquals(
                List.of("helper", "six"),
                LockReader.read(condaLock, Platform.LINUX_64).pip().get(1).dependencies());
        BuildResult fromCondaLock = new Condock(BuildListener.SILENT)
                .build(BuildRequest.builder()
                        .lock(condaLock)
                        .platform("linux-64")
                        .cacheRoot(tmp.resolve("cache3"))
                        .mtime(0)
                        .to("oci:" + tmp.resolve("c"))
                        .build());
        Map<String, String> g = PipLockBuildTestAccess.files(fromCondaLock, new ArrayList<>());
        assertEquals("644 X = 1\n", g.get(SP + "tiny_pkg/__init__.py"));
        assertFalse(
                g.containsKey(SP + "helper-1.5.dist-info/REQUESTED"), "conda-lock.yml knows helper is a dependency");
        assertTrue(g.containsKey(SP + "tiny_pkg-1.0.dist-info/REQUESTED"));
        for (String k : new java.util.TreeSet<>(f.keySet())) assertEquals(f.get(k), g.get(k), k);
        assertEquals(new java.util.TreeSet<>(f.keySet()), new java.util.TreeSet<>(g.keySet()));
        Map<String, byte[]> rs = dev.condock.provenance.ProvenanceFixtures.record(tmp.resolve("s"));
        Map<String, byte[]> rc = dev.condock.provenance.ProvenanceFixtures.record(tmp.resolve("c"));
        assertEquals(rs.keySet(), rc.keySet());
        for (String k : rs.keySet()) assertEquals(new String(rs.get(k)), new String(rc.get(k)), k);
        assertEquals(
                solved.image().layers().stream()
                        .map(l -> l.descriptor().digest())
                        .toList(),
                fromCondaLock.image().layers().stream()
                        .map(l -> l.descriptor().digest())
                        .toList());
        assertEquals(
                new String(solved.image().configBytes()),
                new String(fromCondaLock.image().configBytes()));
        assertEquals(
                solved.image().manifest().digest(),
                fromCondaLock.image().manifest().digest(),
                "conda-lock.yml: the same image as the solve, record included");

        // the same lock away from its environment file: the record says nothing about one (the build knows less)
        Path alone = Files.createDirectories(tmp.resolve("alone")).resolve("conda-lock.yml");
        Files.copy(condaLock, alone);
        BuildResult withoutEnv = new Condock(BuildListener.SILENT)
                .build(BuildRequest.builder()
                        .lock(alone)
                        .platform("linux-64")
                        .cacheRoot(tmp.resolve("cache3"))
                        .mtime(0)
                        .to("oci:" + tmp.resolve("a"))
                        .build());
        Map<String, byte[]> rec = dev.condock.provenance.ProvenanceFixtures.record(tmp.resolve("a"));
        assertFalse(rec.containsKey("environment.yml"), rec.keySet().toString());
        assertTrue(rec.containsKey("conda-lock.explicit.txt"), rec.keySet().toString());
        assertEquals(
                new String(dev.condock.provenance.ProvenanceFixtures.record(tmp.resolve("c"))
                        .get("conda-lock.explicit.txt")),
                new String(rec.get("conda-lock.explicit.txt")),
                "the same lock rendering");
        assertTrue(dev.condock.provenance.ProvenanceFixtures.record(tmp.resolve("c"))
                .containsKey("environment.yml"));
        assertFalse(
                solved.image()
                        .manifest()
                        .digest()
                        .equals(withoutEnv.image().manifest().digest()),
                "without the environment file the record differs");
        // an edited environment file no longer matches the lock's header hash: not recorded either
        Files.writeString(env, Files.readString(env).replace("tiny-pkg==1.0", "tiny-pkg>=1.0"));
        new Condock(BuildListener.SILENT)
                .build(BuildRequest.builder()
                        .lock(condaLock)
                        .platform("linux-64")
                        .cacheRoot(tmp.resolve("cache3"))
                        .mtime(0)
                        .to("oci:" + tmp.resolve("e"))
                        .build());
        assertFalse(dev.condock.provenance.ProvenanceFixtures.record(tmp.resolve("e"))
                .containsKey("environment.yml"));
    }
}
