package dev.condock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.condock.pkgbuild.ArchiveFormat;
import dev.condock.pkgbuild.BuiltPackage;
import dev.condock.pkgbuild.ChannelWriter;
import dev.condock.pkgbuild.CondaPackageWriter;
import dev.condock.pkgbuild.PackageContents;
import dev.condock.util.FileTrees;
import dev.condock.util.Hashing;
import dev.condock.util.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chaos against whole {@code condock build} processes: kill -9 at random points then a rerun, and concurrent
 * builds sharing a cache and an OCI layout. {@code -Dchaos.kills=N} for a longer run (scripts/chaos.sh).
 */
@Tag("e2e")
class ChaosTest {
    static final int KILLS = Integer.getInteger("chaos.kills", 10);

    @TempDir
    Path tmp;

    /** The CLI fixtures plus three 2 MiB packages of random bytes: a build long enough to be killed mid-way. */
    static Path lock(Path dir) throws Exception {
        List<PackageContents> pkgs = new ArrayList<>(Fixtures.packages());
        for (int i = 0; i < 3; i++) {
            byte[] data = new byte[2 << 20];
            new Random(i).nextBytes(data);
            pkgs.add(CondaPackageWriter.builder("blob" + i, "1.0", "0")
                    .subdir("linux-64")
                    .file("lib/libblob" + i + ".so", data, 0755));
        }
        List<BuiltPackage> built = ChannelWriter.writePackages(dir.resolve("channel"), ArchiveFormat.CONDA, pkgs);
        return Fixtures.explicitLock(dir.resolve("env.explicit.txt"), dir.resolve("channel"), built, "linux-64");
    }

    static Process start(Path lock, String target, Path cache) throws Exception {
        List<String> cmd = List.of(
                "java",
                "-cp",
                System.getProperty("java.class.path"),
                "dev.condock.cli.Main",
                "build",
                "--lock",
                lock.toString(),
                "--to",
                target,
                "--cache",
                cache.toString(),
                "--threads",
                "2");
        return new ProcessBuilder(cmd)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    static String finish(Process p) throws Exception {
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    /** Every final name (no leading dot) under a blobs dir holds exactly the bytes its digest names. */
    static void assertBlobsWhole(Path blobs) throws Exception {
        if (!Files.isDirectory(blobs)) {
            return;
        }
        try (Stream<Path> s = Files.list(blobs)) {
            for (Path b :
                    s.filter(p -> !p.getFileName().toString().startsWith(".")).toList()) {
                assertEquals(b.getFileName().toString(), Hashing.sha256Hex(b), "partial bytes under a final name");
            }
        }
    }

    static List<Path> leftovers(Path... roots) throws Exception {
        List<Path> out = new ArrayList<>();
        for (Path r : roots) {
            if (!Files.exists(r)) {
                continue;
            }
            try (Stream<Path> s = Files.walk(r)) {
                s.filter(p -> p.getFileName().toString().contains(".tmp-")
                                || (p.getParent() != null && p.getParent().equals(r.resolve("tmp"))))
                        .forEach(out::add);
            }
        }
        return out;
    }

    @Test
    void killNineAtRandomPointsThenARerunGivesTheCleanDigestAndLeavesNothing() throws Exception {
        Path lock = lock(tmp);
        long t0 = System.nanoTime();
        String clean = finish(start(lock, "oci:" + tmp.resolve("clean"), tmp.resolve("clean-cache")));
        long cleanMillis = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(clean.startsWith("sha256:"), clean);

        Path cache = tmp.resolve("cache");
        Path oci = tmp.resolve("oci");
        Random rnd = new Random(Long.getLong("chaos.seed", 14));
        int killedMidway = 0;
        for (int i = 0; i < KILLS; i++) {
            // each round builds from scratch (layers and records gone) so a kill can land in any stage
            FileTrees.delete(cache.resolve("builds"));
            FileTrees.delete(cache.resolve("layers"));
            FileTrees.delete(cache.resolve("blobs"));
            FileTrees.delete(oci.resolve("index.json"));
            Process p = start(lock, "oci:" + oci, cache);
            long delay = (long) (rnd.nextDouble() * cleanMillis);
            boolean exited = p.waitFor(delay, TimeUnit.MILLISECONDS);
            if (!exited) {
                p.destroyForcibly(); // SIGKILL
                killedMidway++;
            }
            p.waitFor();
            assertBlobsWhole(cache.resolve("blobs/sha256"));
            assertBlobsWhole(oci.resolve("blobs/sha256"));
            String again = finish(start(lock, "oci:" + oci, cache));
            assertEquals(clean, again, "round " + i + " (kill after " + delay + " ms)");
            assertEquals(List.of(), leftovers(cache, oci), "round " + i + " (kill after " + delay + " ms)");
            assertBlobsWhole(oci.resolve("blobs/sha256"));
        }
        System.out.printf(
                "chaos: %d kill -9 rounds, %d killed mid-build (clean build %d ms), one digest %s, 0 leftovers after"
                        + " each rerun%n",
                KILLS, killedMidway, cleanMillis, clean);
        assertTrue(killedMidway >= KILLS / 2, "most rounds were killed before they finished: " + killedMidway);
    }

    @Test
    void fourConcurrentBuildsShareOneCacheAndOneOciLayout() throws Exception {
        Path lock = lock(tmp);
        Path cache = tmp.resolve("cache");
        Path oci = tmp.resolve("oci");
        List<Process> ps = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ps.add(start(lock, "oci:" + oci + ":t" + i, cache));
        }
        List<String> digests = new ArrayList<>();
        for (Process p : ps) {
            digests.add(finish(p));
        }
        assertEquals(1, digests.stream().distinct().count(), digests.toString());
        JsonNode index = Json.CANONICAL.readTree(oci.resolve("index.json").toFile());
        assertEquals(4, index.path("manifests").size(), index.toString());
        for (JsonNode m : index.path("manifests")) {
            assertEquals(digests.get(0), m.path("digest").asText());
        }
        assertBlobsWhole(oci.resolve("blobs/sha256"));
        assertBlobsWhole(cache.resolve("blobs/sha256"));
        List<Path> left = leftovers(cache, oci);
        System.out.printf(
                "chaos: 4 concurrent builds sharing a cache and an oci: layout, %d distinct digests %s, %d manifests"
                        + " in index.json, %d leftovers%n",
                digests.stream().distinct().count(),
                digests.stream().distinct().toList(),
                index.path("manifests").size(),
                left.size());
        assertEquals(List.of(), left);
    }
}
