package dev.condock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The AppCDS archive made by {@code mvn package} (issue 15): beside the shaded jar under the launcher's key, mapped
 * by a {@code lock} over an HTTP channel with that path's classes (okhttp's included) in it; and a training that
 * fails leaves no archive and does not fail (scripts/condock-cds.sh run as the build runs it).
 */
@Tag("e2e")
class CdsArchiveE2ETest {
    static final Path JAR = Path.of("builder-cli/target/condock.jar");
    static final Path SCRIPT = Path.of("scripts/condock-cds.sh");

    @TempDir
    Path tmp;

    /** The launcher's key: {@code <jar>.<size>-<mtime in seconds>-<inode>.jsa}. */
    static Path archiveOf(Path jar) throws Exception {
        long mtime = Files.getLastModifiedTime(jar).to(TimeUnit.SECONDS);
        return jar.resolveSibling(jar.getFileName() + "." + Files.size(jar) + "-" + mtime + "-"
                + Files.getAttribute(jar, "unix:ino") + ".jsa");
    }

    @Test
    void packageMadeTheArchiveAndALockOverHttpMapsItsClassesFromIt() throws Exception {
        Assumptions.assumeFalse(Boolean.getBoolean("condock.cds.skip"), "built with -Dcondock.cds.skip");
        Path archive = archiveOf(JAR);
        assertTrue(Files.isRegularFile(archive), "no class-data archive " + archive + " beside the jar");
        try (Stream<Path> s = Files.list(JAR.getParent())) {
            assertEquals(
                    List.of(archive.getFileName().toString()),
                    s.map(p -> p.getFileName().toString())
                            .filter(n -> n.startsWith("condock.jar.") && n.contains(".jsa"))
                            .toList(),
                    "exactly one archive, no temp file left");
        }

        assertEquals(0, Fixtures.cli("quickstart", "--out", tmp.toString()).exit());
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        CdsTraining.serveFiles(server, "/channel/", tmp.resolve("channel"));
        server.start();
        try {
            Path env = tmp.resolve("environment.yml");
            Files.writeString(
                    env,
                    "channels: [http://127.0.0.1:" + server.getAddress().getPort() + "/channel]\n"
                            + "dependencies:\n  - hello\n");
            Files.writeString(tmp.resolve("condarc"), "{}\n");
            Path classLog = tmp.resolve("classes.log");
            List<String> cmd = new ArrayList<>(List.of(
                    "java",
                    "-XX:SharedArchiveFile=" + archive,
                    "-Xshare:auto",
                    "-Xlog:cds=off,cds+dynamic=off",
                    "-Xlog:class+load=info:file=" + classLog,
                    "-jar",
                    JAR.toString(),
                    "lock",
                    env.toString(),
                    "--condarc",
                    tmp.resolve("condarc").toString(),
                    "--explicit",
                    tmp.resolve("lock.txt").toString()));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.environment().put("CONDOCK_CACHE", tmp.resolve("cache").toString());
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.waitFor(), out);
            assertTrue(Files.readString(tmp.resolve("lock.txt")).contains("hello"), "the lock");
            List<String> okhttp = Files.readAllLines(classLog).stream()
                    .filter(l -> l.contains(" okhttp3.OkHttpClient ") || l.contains(" okhttp3.internal.http1."))
                    .toList();
            assertFalse(okhttp.isEmpty(), "the lock loaded no okhttp class: " + classLog);
            assertTrue(
                    okhttp.stream().allMatch(l -> l.contains("shared objects file")),
                    "okhttp's classes must come from the archive: " + okhttp);
        } finally {
            server.stop(0);
        }
    }

    /**
     * A build whose packages are all file: (or cached) and whose targets are local never sets TLS up: loading the
     * trust store and SSLContext cost ~0.14 s of a one-package bump build, on the main thread, for nothing.
     */
    @Test
    void aBuildOverAFileChannelToALayoutSetsUpNoTls() throws Exception {
        assertEquals(0, Fixtures.cli("quickstart", "--out", tmp.toString()).exit());
        Path classLog = tmp.resolve("classes.log");
        ProcessBuilder pb = new ProcessBuilder(
                        "java",
                        "-Xlog:class+load=info:file=" + classLog,
                        "-jar",
                        JAR.toString(),
                        "build",
                        "--lock",
                        tmp.resolve("quickstart.explicit.txt").toString(),
                        "--to",
                        "oci:" + tmp.resolve("img") + ":t")
                .redirectErrorStream(true);
        pb.environment().put("CONDOCK_CACHE", tmp.resolve("fresh-cache").toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        List<String> loaded = Files.readAllLines(classLog);
        assertTrue(loaded.stream().anyMatch(l -> l.contains(" dev.condock.fetch.PackageFetcher ")), "it fetched");
        assertEquals(
                List.of(),
                loaded.stream()
                        .filter(l -> l.contains(" sun.security.ssl.SSLContextImpl ")
                                || l.contains(" sun.security.validator.TrustStoreUtil "))
                        .toList());
    }

    /**
     * A checkout copied with its mtimes (cp -a) brings the original's archive along, which the JVM refuses for the
     * copy's path: the launcher's key must not find it, so the copy gets an archive of its own.
     */
    @Test
    void aCopiedJarDoesNotFindTheOriginalsArchive() throws Exception {
        Path archive = archiveOf(JAR);
        Assumptions.assumeTrue(Files.isRegularFile(archive), "no archive beside the jar");
        Path copy = tmp.resolve("condock.jar");
        Process cp = new ProcessBuilder("cp", "-a", JAR.toString(), archive.toString(), tmp.toString())
                .inheritIO()
                .start();
        assertEquals(0, cp.waitFor());
        Process p = new ProcessBuilder(
                        // $0 is not the script: sourced, it only defines its functions
                        "bash", "-c", ". \"$1\"; condock_cds_archive \"$2\"", "key", SCRIPT.toString(), copy.toString())
                .redirectErrorStream(true)
                .start();
        String key = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, p.waitFor(), key);
        assertEquals(archiveOf(copy).toString(), key, "the launcher's key and this test's agree");
        assertFalse(
                Path.of(key).getFileName().equals(archive.getFileName()),
                "the copy's key names the original's archive: " + key);
    }

    @Test
    void aFailedTrainingLeavesNoArchiveAndDoesNotFail() throws Exception {
        Path jar = tmp.resolve("not-condock.jar"); // no CdsTraining in it: the training fails at once
        try (var z = new java.util.zip.ZipOutputStream(Files.newOutputStream(jar))) {
            z.putNextEntry(new java.util.zip.ZipEntry("empty.txt"));
        }
        Files.setLastModifiedTime(jar, FileTime.fromMillis(1_700_000_000_000L));
        Path logs = Files.createDirectory(tmp.resolve("tmpdir")); // the failed training's log stays there
        ProcessBuilder pb = new ProcessBuilder("bash", SCRIPT.toString(), jar.toString());
        pb.environment().put("TMPDIR", logs.toString());
        Process p = pb.start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), "a failed training must not fail the build: " + err);
        assertTrue(err.contains("no class-data archive for " + jar), err);
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(List.of(jar, logs), s.sorted().toList(), "nothing beside the jar, no temp file either");
        }
    }
}
