package dev.condock.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.condock.base.BaseInspector;
import dev.condock.lock.LockReader;
import dev.condock.model.Platform;
import dev.condock.pkgbuild.ArchiveFormat;
import dev.condock.pkgbuild.ChannelWriter;
import dev.condock.pkgbuild.CondaPackageWriter;
import dev.condock.pkgbuild.PackageContents;
import dev.condock.util.CondockException;
import dev.condock.util.Json;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one build API: what the solver is given is what the build prints and labels, the python ABI is one value. */
class BuildApiTest {
    @TempDir
    Path tmp;

    /** Each pair: the newer build needs a virtual package the declared set can take away or lower. */
    private Path channel() throws Exception {
        Path ch = tmp.resolve("channel");
        List<PackageContents> pkgs = List.of(
                pkg("tool", "2.0", "cuda_0").depends("__cuda >=11.8"),
                pkg("tool", "1.0", "cpu_0"),
                pkg("kern", "2.0", "h0_0").depends("__linux >=5"),
                pkg("kern", "1.0", "h0_0").depends("__linux >=4"),
                pkg("libc-user", "2.0", "h0_0").depends("__glibc >=2.17"),
                pkg("libc-user", "1.0", "h0_0"));
        ChannelWriter.writePackages(ch, ArchiveFormat.CONDA, pkgs);
        return ch;
    }

    private static PackageContents pkg(String name, String version, String build) {
        return CondaPackageWriter.builder(name, version, build)
                .subdir("linux-64")
                .file("share/" + name + "/VERSION", version + "\n", 0644);
    }

    private Path spec(Path ch, String virtualPackages) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("spec-" + Integer.toHexString(virtualPackages.hashCode())));
        Files.writeString(
                dir.resolve("environment.yml"),
                "channels: [" + ch.toUri() + "]\n" + "dependencies: [tool, kern, libc-user]\n");
        Files.writeString(dir.resolve("condock.yaml"), "environment: environment.yml\n" + virtualPackages);
        return dir;
    }

    private static Set<String> dists(BuildResult r) {
        Set<String> out = new TreeSet<>();
        r.images().get(0).lock().packages().forEach(p -> out.add(p.dist()));
        return out;
    }

    private static JsonNode labels(BuildResult r) throws Exception {
        return Json.CANONICAL.readTree(r.image().configBytes()).path("config").path("Labels");
    }

    @Test
    void declaredVirtualPackagesReachTheSolverAndTheLabelSaysWhatWasSolved() throws Exception {
        Path ch = channel();
        BuildResult declared = new Condock(BuildListener.SILENT)
                .build(BuildRequest.builder()
                        .spec(spec(ch, "virtual_packages: {__linux: \"4.18\", __glibc: \"\", __cuda: \"11.8\"}\n"))
                        .cacheRoot(tmp.resolve("cache"))
                        .to("oci:" + tmp.resolve("a"))
                        .lockOut(tmp.resolve("a.lock"))
                        .build());
        assertEquals(Set.of("kern-1.0-h0_0", "libc-user-1.0-h0_0", "tool-2.0-cuda_0"), dists(declared));
        String solvedWith = declared.images().get(0).virtualPackages().describe();
        assertEquals("__archspec=1=x86_64 __cuda=11.8 __linux=4.18 __unix=0", solvedWith);
        assertEquals(
                solvedWith,
                labels(declared).path(BaseInspector.LABEL_VIRTUAL_PACKAGES).asText());

        BuildResult defaults = new Condock(BuildListener.SILENT)
                .build(BuildRequest.builder()
                        .spec(spec(ch, ""))
                        .cacheRoot(tmp.resolve("cache"))
                        .to("oci:" + tmp.resolve("b"))
                        .lockOut(tmp.resolve("b.lock"))
                        .build());
        assertEquals(Set.of("kern-2.0-h0_0", "libc-user-2.0-h0_0", "tool-1.0-cpu_0"), dists(defaults));
        assertEquals(
                "__archspec=1=x86_64 __glibc=2.17 __linux=5.10 __unix=0",
                labels(defaults).path(BaseInspector.LABEL_VIRTUAL_PACKAGES).asText());
    }

    @Test
    void aFlagOverridesTheSpecAndABadDeclarationNamesItsSource() throws Exception {
        Path ch = channel();
        Path spec = spec(ch, "virtual_packages: {__cuda: \"11.8\"}\n");
        BuildResult r = new Condock(BuildListener.SILENT)
                .build(BuildRequest.builder()
                        .spec(spec)
                        .virtualPackage("__cuda", "")
                        .cacheRoot(tmp.resolve("cache"))
                        .to("oci:" + tmp.resolve("c"))
                        .lockOut(tmp.resolve("c.lock"))
                        .build());
        assertTrue(dists(r).contains("tool-1.0-cpu_0"), dists(r).toString());
        CondockException e = assertThrows(
                CondockException.class,
                () -> BuildRequest.builder()
                        .spec(spec(ch, "virtual_packages: {cuda: \"11.8\"}\n"))
                        .build());
        assertEquals(2, e.exitCode());
        assertTrue(e.getMessage().contains("condock.yaml") && e.getMessage().contains("'cuda'"), e.getMessage());
    }

    @Test
    void theSolvedBuildAndTheBuildFromItsWrittenLockAreTheSameImage() throws Exception {
        Path ch = channel();
        Path lockOut = tmp.resolve("out/env.lock");
        Files.createDirectories(lockOut.getParent());
        BuildResult solved = new Condock(BuildListener.SILENT)
                .build(BuildRequest.builder()
                        .spec(spec(ch, ""))
                        .cacheRoot(tmp.resolve("cache"))
                        .to("oci:" + tmp.resolve("s"))
                        .lockOut(lockOut)
                        .build());
        assertEquals(lockOut, solved.locks().get(Platform.LINUX_64));
        assertEquals(
                solved.images().get(0).lock().packages(),
                LockReader.read(lockOut, Platform.LINUX_64).packages(),
                "the records handed over = the file's");
        BuildResult fromLock = new Condock(BuildListener.SILENT)
                .build(BuildRequest.builder()
                        .lock(lockOut)
                        .cacheRoot(tmp.resolve("cache2"))
                        .to("oci:" + tmp.resolve("l"))
                        .build());
        // the same package layers; only the record differs (environment + solve vs the lock as given)
        assertEquals(withoutRecord(solved), withoutRecord(fromLock));
        assertFalse(solved.digest().equals(fromLock.digest()));
        assertTrue(fromLock.locks().isEmpty(), "a build from a lock writes none");
    }

    private static List<String> withoutRecord(BuildResult r) {
        return r.image().layers().stream()
                .filter(l -> !"record".equals(l.descriptor().annotations().get("dev.condock.layer")))
                .map(l -> l.descriptor().digest())
                .toList();
    }

    @Test
    void severalPlatformsMakeOneIndexAndOneLockEach() throws Exception {
        Path ch = tmp.resolve("multi");
        ChannelWriter.writePackages(
                ch,
                ArchiveFormat.CONDA,
                List.of(
                        CondaPackageWriter.builder("tool", "1.0", "h0_0")
                                .subdir("linux-64")
                                .file("bin/tool", "x86", 0755),
                        CondaPackageWriter.builder("tool", "1.0", "h0_0")
                                .subdir("linux-aarch64")
                                .file("bin/tool", "arm", 0755)));
        Path env = Files.writeString(
                tmp.resolve("environment.yml"), "channels: [" + ch.toUri() + "]\n" + "dependencies: [tool]\n");
        BuildResult r = new Condock(BuildListener.SILENT)
                .build(BuildRequest.builder()
                        .environment(env)
                        .platforms(List.of("linux-64", "linux-aarch64"))
                        .cacheRoot(tmp.resolve("cache"))
                        .to("oci:" + tmp.resolve("idx"))
                        .build());
        assertEquals(r.index().descriptor().digest(), r.digest());
        assertEquals(
                List.of(Platform.LINUX_64, Platform.of("linux-aarch64")),
                r.images().stream().map(BuildResult.PlatformImage::platform).toList());
        assertFalse(r.images()
                .get(0)
                .image()
                .manifest()
                .digest()
                .equals(r.images().get(1).image().manifest().digest()));
        assertEquals(
                tmp.resolve("conda-lock.explicit.txt.linux-aarch64").toAbsolutePath(),
                r.locks().get(Platform.of("linux-aarch64")));
        assertTrue(Files.readString(r.locks().get(Platform.of("linux-aarch64"))).contains("/linux-aarch64/tool-1.0"));
        var plans = new Condock(BuildListener.SILENT)
                .plan(BuildRequest.builder()
                        .environment(env)
                        .platforms(List.of("linux-64", "linux-aarch64"))
                        .cacheRoot(tmp.resolve("cache"))
                        .build());
        assertEquals(2, plans.size());
        List<String> built = r.images().get(1).layers().stream()
                .map(BuildResult.LayerReport::name)
                .toList();
        assertEquals(
                built,
                plans.get(Platform.of("linux-aarch64")).layers().stream()
                        .map(l -> l.name())
                        .toList(),
                "plan shows the layers build made");
    }

    @Test
    void freeThreadingPythonPutsNoarchPackagesUnderPython313t() throws Exception {
        Path ch = tmp.resolve("ft");
        List<PackageContents> pkgs = List.of(
                CondaPackageWriter.builder("python", "3.13.1", "h1234_0_cp313t")
                        .subdir("linux-64")
                        .file("bin/python3.13t", "ELF", 0755)
                        .symlink("bin/python", "python3.13t"),
                CondaPackageWriter.builder("pure", "1.0", "pyh_0")
                        .noarch("python")
                        .file("site-packages/pure/__init__.py", "x = 1\n", 0644));
        StringBuilder lock = new StringBuilder("@EXPLICIT\n");
        for (var b : ChannelWriter.writePackages(ch, ArchiveFormat.CONDA, pkgs)) {
            lock.append(b.archive().toUri())
                    .append("#sha256:")
                    .append(b.sha256())
                    .append('\n');
        }
        Path lockFile = Files.writeString(tmp.resolve("ft.lock"), lock.toString());
        BuildResult r = new Condock(BuildListener.SILENT)
                .build(BuildRequest.builder()
                        .lock(lockFile)
                        .cacheRoot(tmp.resolve("cache"))
                        .to("oci:" + tmp.resolve("ftimg"))
                        .build());
        assertEquals("3.13t", r.images().get(0).python().tag());
        assertEquals("3.13t", labels(r).path(Labels.LABEL_PYTHON).asText());
        Set<String> paths = new TreeSet<>();
        for (var layer : r.image().layers()) {
            try (InputStream in = layer.source().open();
                    TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(in))) {
                for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                    paths.add(e.getName());
                }
            }
        }
        assertTrue(paths.contains("opt/conda/lib/python3.13t/site-packages/pure/__init__.py"), paths.toString());
        assertFalse(paths.stream().anyMatch(p -> p.startsWith("opt/conda/lib/python3.13/")), paths.toString());
    }
}
