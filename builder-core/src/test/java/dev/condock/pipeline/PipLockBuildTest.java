package dev.condock.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.condock.image.ImageBlobs;
import dev.condock.pkgbuild.ArchiveFormat;
import dev.condock.pkgbuild.BuiltPackage;
import dev.condock.pkgbuild.ChannelWriter;
import dev.condock.pkgbuild.CondaPackageWriter;
import dev.condock.pkgbuild.PackageContents;
import dev.condock.util.CondockException;
import dev.condock.util.Hashing;
import dev.condock.wheel.TestWheels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Builds from locks with pip wheels: installed offline from the lock's URLs, in pypi layers above conda's. */
class PipLockBuildTest {
    static final String SP = "opt/conda/lib/python3.11/site-packages/";

    @TempDir
    Path tmp;

    /** python 3.11 and a conda package that installs the "six" distribution (dist-info). */
    private List<BuiltPackage> conda() throws Exception {
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
        return ChannelWriter.writePackages(tmp.resolve("channel"), ArchiveFormat.CONDA, pkgs);
    }

    private static String pipLine(Path wheel, String name) throws Exception {
        return "# pip " + name + " @ " + wheel.toUri() + "#sha256=" + Hashing.sha256Hex(wheel) + "\n";
    }

    private Path explicit(String name, List<BuiltPackage> conda, String pipLines) throws Exception {
        StringBuilder sb = new StringBuilder("# platform: linux-64\n@EXPLICIT\n");
        for (BuiltPackage b : conda) {
            sb.append(b.archive().toUri()).append("#sha256:").append(b.sha256()).append('\n');
        }
        return Files.writeString(tmp.resolve(name), sb + pipLines);
    }

    private Path wheels() throws Exception {
        Path dir = tmp.resolve("wheels");
        TestWheels.pure("tiny_pkg", "1.0")
                .file("tiny_pkg/__init__.py", "X = 1\n")
                .consoleScript("tiny", "tiny_pkg:main")
                .write(dir);
        TestWheels.pure("six", "1.16.0").file("six.py", "# six from pypi\n").write(dir);
        TestWheels big = new TestWheels("bigthing", "2.0", "cp311-cp311-manylinux2014_x86_64").platlib();
        byte[] blob = new byte[300_000];
        new java.util.Random(7).nextBytes(blob);
        big.file("bigthing/_blob.so", blob, 0755).write(dir);
        return dir;
    }

    private static Map<String, String> files(ImageBlobs image, List<String> layerNames) throws Exception {
        return PipLockBuildTestAccess.files(image, layerNames);
    }

    @Test
    void lockedWheelsAreInstalledInPypiLayersAndCondasSixIsNotInstalledTwice() throws Exception {
        Path w = wheels();
        Path lock = explicit(
                "env.lock",
                conda(),
                pipLine(w.resolve("tiny_pkg-1.0-py3-none-any.whl"), "tiny-pkg")
                        + pipLine(w.resolve("six-1.16.0-py3-none-any.whl"), "six")
                        + pipLine(w.resolve("bigthing-2.0-cp311-cp311-manylinux2014_x86_64.whl"), "bigthing"));
        BuildResult r = new Condock(BuildListener.SILENT)
                .build(LockFixtures.request(lock, tmp.resolve("cache"), 2)
                        .layerThreshold(100_000)
                        .to("oci:" + tmp.resolve("img"))
                        .build());
        List<String> layers = new ArrayList<>();
        Map<String, String> f = files(r.image(), layers);
        assertEquals("644 X = 1\n", f.get(SP + "tiny_pkg/__init__.py"));
        assertTrue(
                f.get("opt/conda/bin/tiny").startsWith("755 #!/opt/conda/bin/python3.11\n"),
                f.get("opt/conda/bin/tiny"));
        assertEquals("644 condock\n", f.get(SP + "tiny_pkg-1.0.dist-info/INSTALLER"));
        assertTrue(f.containsKey(SP + "tiny_pkg-1.0.dist-info/REQUESTED"));
        assertTrue(f.get(SP + "bigthing/_blob.so").startsWith("755 "));
        // six comes from conda (same version): the wheel is skipped, conda's file stays
        assertEquals("644 # six\n", f.get(SP + "six.py"));
        assertFalse(f.containsKey(SP + "six-1.16.0.dist-info/INSTALLER"));
        String tinyLayer = layers.stream()
                .filter(l -> l.contains("pypi:tiny-pkg-1.0-pypi"))
                .findFirst()
                .orElseThrow();
        assertTrue(tinyLayer.matches("pypi-group-\\d\\d=pypi:tiny-pkg-1.0-pypi"), layers.toString());
        int big = indexOf(layers, "pypi-bigthing=pypi:bigthing-2.0-pypi");
        int python = indexOf(layers, "python-3.11.9-h0_0_cpython");
        // the record (environment file, lock, SBOM) sits on top of the environment layer
        assertTrue(
                python < big
                        && big < layers.size() - 2
                        && layers.get(layers.size() - 2).startsWith("environment=")
                        && layers.get(layers.size() - 1).startsWith("record="),
                "pypi layers above conda's, below the environment layer: " + layers);
        assertEquals(
                1,
                layers.stream()
                        .filter(l -> l.contains("pypi:"))
                        .filter(l -> l.contains("tiny"))
                        .count());

        // same lock, another cache and thread count: the same image
        BuildResult again = new Condock(BuildListener.SILENT)
                .build(LockFixtures.request(lock, tmp.resolve("cache2"), 1)
                        .layerThreshold(100_000)
                        .to("oci:" + tmp.resolve("img2"))
                        .build());
        assertEquals(r.digest(), again.digest());
    }

    private static int indexOf(List<String> layers, String part) {
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i).contains(part)) {
                return i;
            }
        }
        throw new AssertionError(part + " not in " + layers);
    }

    @Test
    void condaLockYmlWithPipEntriesBuilds() throws Exception {
        Path w = wheels();
        List<BuiltPackage> conda = conda();
        StringBuilder y = new StringBuilder("version: 1\nmetadata: {platforms: [linux-64]}\npackage:\n");
        for (BuiltPackage b : conda) {
            String n = b.archive().getFileName().toString();
            String[] p = n.substring(0, n.length() - ".conda".length()).split("-");
            y.append("- {name: ")
                    .append(p[0])
                    .append(", version: '")
                    .append(p[1])
                    .append("', manager: conda, ")
                    .append("platform: linux-64, url: '")
                    .append(b.archive().toUri())
                    .append("', hash: {sha256: ")
                    .append(b.sha256())
                    .append("}}\n");
        }
        Path tiny = w.resolve("tiny_pkg-1.0-py3-none-any.whl");
        y.append("- {name: tiny-pkg, version: '1.0', manager: pip, platform: linux-64, dependencies: {}, url: '")
                .append(tiny.toUri())
                .append("', hash: {sha256: ")
                .append(Hashing.sha256Hex(tiny))
                .append("}, category: main, optional: false}\n");
        Path lock = Files.writeString(tmp.resolve("conda-lock.yml"), y.toString());
        BuildResult r = new Condock(BuildListener.SILENT)
                .build(LockFixtures.request(lock, tmp.resolve("cache"), 2)
                        .to("oci:" + tmp.resolve("img"))
                        .build());
        Map<String, String> f = files(r.image(), new ArrayList<>());
        assertEquals("644 X = 1\n", f.get(SP + "tiny_pkg/__init__.py"));
    }

    @Test
    void conflictWithCondaHashMismatchAndSdistAreOneLineUserErrors() throws Exception {
        Path w = wheels();
        Path six15 = TestWheels.pure("six", "1.15.0").file("six.py", "").write(tmp.resolve("w15"));
        List<BuiltPackage> conda = conda();
        CondockException e = build(explicit("a.lock", conda, pipLine(six15, "six")));
        assertTrue(
                e.getMessage().contains("six==1.15.0 conflicts with six 1.16.0 that conda package six-1.16.0-pyh_0"),
                e.getMessage());
        Path tiny = w.resolve("tiny_pkg-1.0-py3-none-any.whl");
        e = build(explicit("b.lock", conda, "# pip tiny-pkg @ " + tiny.toUri() + "#sha256=" + "0".repeat(64) + "\n"));
        assertTrue(e.getMessage().contains("sha256 mismatch"), e.getMessage());
        Path y = Files.writeString(
                tmp.resolve("sdist.yml"),
                "version: 1\npackage:\n"
                        + "- {name: python, version: '3.11.9', manager: conda, platform: linux-64, url: '"
                        + conda.get(0).archive().toUri() + "', hash: {sha256: "
                        + conda.get(0).sha256() + "}}\n"
                        + "- {name: pydashi, version: '2.0', manager: pip, platform: linux-64, url: "
                        + "'https://example.invalid/v2.0.tar.gz', hash: {sha256: " + "1".repeat(64) + "}}\n");
        e = build(y);
        assertTrue(
                e.getMessage()
                        .contains("pip package pydashi 2.0: https://example.invalid/v2.0.tar.gz is not a "
                                + "wheel; condock never builds sdists"),
                e.getMessage());
        assertFalse(Files.exists(tmp.resolve("bad")), "nothing written");
    }

    private CondockException build(Path lock) {
        CondockException e = assertThrows(
                CondockException.class,
                () -> new Condock(BuildListener.SILENT)
                        .build(LockFixtures.request(lock, tmp.resolve("cache"), 2)
                                .to("oci:" + tmp.resolve("bad"))
                                .build()));
        assertEquals(2, e.exitCode(), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        return e;
    }
}
