package dev.condock.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import dev.condock.pipeline.BuildListener;
import dev.condock.pipeline.BuildResult;
import dev.condock.pipeline.Condock;
import dev.condock.pipeline.LockFixtures;
import dev.condock.pkgbuild.ArchiveFormat;
import dev.condock.pkgbuild.BuiltPackage;
import dev.condock.pkgbuild.ChannelWriter;
import dev.condock.pkgbuild.CondaPackageWriter;
import dev.condock.pkgbuild.PackageContents;
import dev.condock.registry.LocalRegistry.Mode;
import dev.condock.util.Hashing;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Builds and pushes through {@link FaultProxy}s in front of a channel server and the real registry: every
 * build (fresh cache, so every package is downloaded) gives the same digest, and the registry holds it.
 * {@code -Dchaos.builds=20} for the longer run (scripts/chaos.sh).
 */
@Tag("e2e")
class FaultInjectionE2ETest {
    static final int BUILDS = Integer.getInteger("chaos.builds", 4);

    @TempDir
    Path tmp;

    @Test
    void buildsAndPushesThroughInjectedFaultsGiveOneDigest() throws Exception {
        assumeTrue(LocalRegistry.available(), "docker-registry not installed");
        LocalRegistry.start(Mode.HTTP);
        List<PackageContents> pkgs = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            byte[] data = new byte[(64 + 32 * i) << 10];
            new Random(i).nextBytes(data);
            pkgs.add(CondaPackageWriter.builder("pkg" + i, "1.0", "0")
                    .subdir("linux-64")
                    .file("lib/libpkg" + i + ".so", data, 0755)
                    .file("share/pkg" + i + "/README", "pkg " + i, 0644));
        }
        Path channel = tmp.resolve("channel");
        List<BuiltPackage> built = ChannelWriter.writePackages(channel, ArchiveFormat.CONDA, pkgs);
        HttpServer files = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        files.createContext("/", ex -> {
            Path f = channel.resolve(ex.getRequestURI().getPath().substring(1)).normalize();
            if (!f.startsWith(channel) || !Files.isRegularFile(f)) {
                ex.sendResponseHeaders(404, -1);
            } else {
                byte[] b = Files.readAllBytes(f);
                ex.sendResponseHeaders(200, b.length);
                ex.getResponseBody().write(b);
            }
            ex.close();
        });
        files.start();
        try (FaultProxy chan = new FaultProxy("127.0.0.1:" + files.getAddress().getPort(), 0.15, 1);
                FaultProxy reg = new FaultProxy(Mode.HTTP.host(), 0.15, 2)) {
            StringBuilder lock = new StringBuilder("# platform: linux-64\n@EXPLICIT\n");
            for (BuiltPackage b : built) {
                lock.append("http://")
                        .append(chan.host())
                        .append('/')
                        .append(b.subdir())
                        .append('/')
                        .append(b.archive().getFileName())
                        .append("#sha256:")
                        .append(b.sha256())
                        .append('\n');
            }
            Path lockFile = Files.writeString(tmp.resolve("env.explicit.txt"), lock.toString());
            RegistryOptions opts = RegistryOptions.defaults()
                    .withEnvironment(Map.of("HOME", "/nonexistent"))
                    .withInsecure(Set.of(reg.host()));
            List<String> digests = new ArrayList<>();
            String repo = "chaos/app" + System.nanoTime();
            for (int i = 0; i < BUILDS; i++) {
                BuildResult r = new Condock(BuildListener.SILENT)
                        .build(LockFixtures.request(lockFile, tmp.resolve("cache" + i), 2)
                                .to(reg.host() + "/" + repo + ":t" + i)
                                .registry(opts)
                                .build());
                digests.add(r.digest());
            }
            System.out.printf(
                    "chaos: %d builds+pushes, %d requests, %d faults injected %s, digests %s%n",
                    BUILDS,
                    chan.requests.get() + reg.requests.get(),
                    chan.faultCount() + reg.faultCount(),
                    merged(chan, reg),
                    digests.stream().distinct().toList());
            assertEquals(1, digests.stream().distinct().count(), digests.toString());
            assertTrue(
                    chan.faultCount() + reg.faultCount() >= 0.1 * (chan.requests.get() + reg.requests.get()) - 3,
                    "about 15 % of the requests failed");
            assertTrue(chan.faultCount() > 0 && reg.faultCount() > 0);
            HttpClient c = HttpClient.newHttpClient();
            for (int i = 0; i < BUILDS; i++) {
                HttpResponse<byte[]> m = c.send(
                        HttpRequest.newBuilder(
                                        URI.create("http://" + Mode.HTTP.host() + "/v2/" + repo + "/manifests/t" + i))
                                .timeout(Duration.ofSeconds(10))
                                .header("Accept", "application/vnd.oci.image.manifest.v1+json")
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                assertEquals(200, m.statusCode());
                assertEquals(digests.get(0), "sha256:" + Hashing.sha256Hex(m.body()), "tag t" + i);
            }
        } finally {
            files.stop(0);
        }
    }

    private static Map<FaultProxy.Fault, Integer> merged(FaultProxy a, FaultProxy b) {
        Map<FaultProxy.Fault, Integer> m = new java.util.TreeMap<>(a.faultCounts());
        b.faultCounts().forEach((k, v) -> m.merge(k, v, Integer::sum));
        return m;
    }
}
