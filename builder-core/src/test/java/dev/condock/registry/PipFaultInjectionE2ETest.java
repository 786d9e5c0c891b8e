package dev.condock.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import dev.condock.pipeline.BuildListener;
import dev.condock.pipeline.BuildRequest;
import dev.condock.pipeline.BuildResult;
import dev.condock.pipeline.Condock;
import dev.condock.pkgbuild.ArchiveFormat;
import dev.condock.pkgbuild.ChannelWriter;
import dev.condock.pkgbuild.CondaPackageWriter;
import dev.condock.pkgbuild.PackageContents;
import dev.condock.registry.LocalRegistry.Mode;
import dev.condock.util.Hashing;
import dev.condock.wheel.TestWheels;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An environment.yml with a pip: section built and pushed from a fresh cache each time, through three
 * {@link FaultProxy}s: the conda channel (repodata, packages), the pip index (simple-API pages, wheels) and the
 * real registry. Every build resolves the same wheels and gives the same digest. {@code -Dchaos.builds=20} for
 * the longer run (scripts/chaos.sh).
 */
@Tag("e2e")
class PipFaultInjectionE2ETest {
    static final int BUILDS = Integer.getInteger("chaos.builds", 4);

    @TempDir
    Path tmp;

    /** python, six (with its dist-info) and two packages of random bytes; tiny-pkg and helper on a PEP 503 index. */
    private Path serveFiles() throws Exception {
        List<PackageContents> pkgs = new ArrayList<>(List.of(
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
                                0644)));
        for (int i = 0; i < 2; i++) {
            byte[] data = new byte[(96 + 64 * i) << 10];
            new Random(i).nextBytes(data);
            pkgs.add(CondaPackageWriter.builder("pkg" + i, "1.0", "0")
                    .subdir("linux-64")
                    .file("lib/libpkg" + i + ".so", data, 0755));
        }
        Path root = tmp.resolve("www");
        ChannelWriter.writePackages(root.resolve("channel"), ArchiveFormat.CONDA, pkgs);
        Path simple = root.resolve("index/simple");
        byte[] big = new byte[128 << 10];
        new Random(7).nextBytes(big);
        page(
                simple.resolve("tiny-pkg"),
                TestWheels.pure("tiny_pkg", "1.0")
                        .requires("six>=1.10")
                        .requires("helper<2")
                        .file("tiny_pkg/__init__.py", "X = 1\n")
                        .file("tiny_pkg/data.bin", big, 0644)
                        .write(simple.resolve("tiny-pkg")));
        page(
                simple.resolve("helper"),
                TestWheels.pure("helper", "1.5").file("helper.py", "H = 1\n").write(simple.resolve("helper")),
                TestWheels.pure("helper", "2.0").file("helper.py", "H = 2\n").write(simple.resolve("helper")));
        return root;
    }

    /** A PEP 503 project page linking the wheels with their sha256. */
    private static void page(Path dir, Path... wheels) throws Exception {
        StringBuilder b = new StringBuilder("<!DOCTYPE html><html><body>\n");
        for (Path w : wheels) {
            String fn = w.getFileName().toString();
            b.append("<a href=\"")
                    .append(fn)
                    .append("#sha256=")
                    .append(Hashing.sha256Hex(w))
                    .append("\">")
                    .append(fn)
                    .append("</a>\n");
        }
        Files.writeString(dir.resolve("index.html"), b.append("</body></html>\n"));
    }

    @Test
    void environmentWithPipBuildsThroughFaultsOnChannelIndexAndRegistryGiveOneDigest() throws Exception {
        assumeTrue(LocalRegistry.available(), "docker-registry not installed");
        LocalRegistry.start(Mode.HTTP);
        Path root = serveFiles();
        HttpServer files = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        files.createContext("/", ex -> {
            String p = ex.getRequestURI().getPath().substring(1);
            Path f = root.resolve(p.endsWith("/") || p.isEmpty() ? p + "index.html" : p)
                    .normalize();
            if (!f.startsWith(root) || !Files.isRegularFile(f)) {
                ex.sendResponseHeaders(404, -1);
            } else {
                byte[] b = Files.readAllBytes(f);
                ex.getResponseHeaders()
                        .set("Content-Type", f.toString().endsWith(".html") ? "text/html" : "application/octet-stream");
                ex.sendResponseHeaders(200, b.length);
                ex.getResponseBody().write(b);
            }
            ex.close();
        });
        files.start();
        String backend = "127.0.0.1:" + files.getAddress().getPort();
        try (FaultProxy chan = new FaultProxy(backend, 0.15, 11);
                FaultProxy pip = new FaultProxy(backend, 0.15, 12);
                FaultProxy reg = new FaultProxy(Mode.HTTP.host(), 0.15, 13)) {
            Path env = Files.writeString(
                    Files.createDirectories(tmp.resolve("spec")).resolve("environment.yml"),
                    "channels: [http://" + chan.host() + "/channel]\n"
                            + "dependencies:\n  - python=3.11\n  - six\n  - pkg0\n  - pkg1\n  - pip:\n"
                            + "    - --index-url http://" + pip.host() + "/index/simple/\n"
                            + "    - tiny-pkg==1.0\n");
            RegistryOptions opts = RegistryOptions.defaults()
                    .withEnvironment(Map.of("HOME", "/nonexistent"))
                    .withInsecure(Set.of(reg.host()));
            List<String> digests = new ArrayList<>();
            List<String> wheels = new ArrayList<>();
            String repo = "chaos/pip" + System.nanoTime();
            for (int i = 0; i < BUILDS; i++) {
                BuildResult r = new Condock(BuildListener.SILENT)
                        .build(BuildRequest.builder()
                                .environment(env)
                                .platform("linux-64")
                                .compression("gzip")
                                .threads(2)
                                .cacheRoot(tmp.resolve("cache" + i))
                                .mtime(0)
                                .to(reg.host() + "/" + repo + ":t" + i)
                                .registry(opts)
                                .build());
                digests.add(r.digest());
                wheels.add(r.images().get(0).lock().pip().stream()
                        .map(w -> w.name() + "==" + w.version())
                        .toList()
                        .toString());
            }
            Map<FaultProxy.Fault, Integer> all = new TreeMap<>(chan.faultCounts());
            pip.faultCounts().forEach((k, v) -> all.merge(k, v, Integer::sum));
            reg.faultCounts().forEach((k, v) -> all.merge(k, v, Integer::sum));
            int requests = chan.requests.get() + pip.requests.get() + reg.requests.get();
            int faults = chan.faultCount() + pip.faultCount() + reg.faultCount();
            System.out.printf(
                    "chaos: %d environment+pip builds+pushes, %d requests (channel %d, pip index %d, registry %d),"
                            + " %d faults injected %s (pip index %d), wheels %s, digests %s%n",
                    BUILDS,
                    requests,
                    chan.requests.get(),
                    pip.requests.get(),
                    reg.requests.get(),
                    faults,
                    all,
                    pip.faultCount(),
                    wheels.stream().distinct().toList(),
                    digests.stream().distinct().toList());
            assertEquals(1, digests.stream().distinct().count(), digests.toString());
            assertEquals(
                    List.of("[helper==1.5, tiny-pkg==1.0]"),
                    wheels.stream().distinct().toList());
            assertTrue(faults >= 0.1 * requests - 3, "about 15 % of the requests failed: " + faults + "/" + requests);
            assertTrue(chan.faultCount() > 0 && pip.faultCount() > 0 && reg.faultCount() > 0, all.toString());
        } finally {
            files.stop(0);
        }
    }
}
