package dev.condock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.condock.pkgbuild.ArchiveFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input: one line on stderr naming what is wrong, exit 2 (1 for the environment), nothing half-written. */
class ErrorsTest {
    @TempDir
    Path tmp;

    private Fixtures.Run build(Path lock, String out) {
        return Fixtures.cli(
                "build",
                "--lock",
                lock.toString(),
                "--cache",
                tmp.resolve("cache").toString(),
                "--to",
                "oci:" + tmp.resolve(out));
    }

    private static void oneLine(Fixtures.Run r, int exit, String expected) {
        assertEquals(exit, r.exit(), r.err());
        String all = r.err().strip();
        assertFalse(all.contains("\tat "), "no stack trace: " + all);
        // progress lines may come first; the error is the last line, and a single one
        String err = all.substring(all.lastIndexOf('\n') + 1);
        assertTrue(err.startsWith("condock: ") && err.contains(expected), err);
    }

    private void assertNoOutputAndCleanCache(String out) throws Exception {
        assertFalse(Files.exists(tmp.resolve(out).resolve("index.json")), "no half-written output");
        if (Files.exists(tmp.resolve("cache"))) {
            try (Stream<Path> s = Files.walk(tmp.resolve("cache"))) {
                assertEquals(
                        0,
                        s.filter(p -> p.getFileName().toString().contains(".tmp-"))
                                .count());
            }
        }
    }

    @Test
    void missingLockFile() throws Exception {
        oneLine(build(tmp.resolve("nope.txt"), "o"), 2, "nope.txt: lock file not found");
        assertNoOutputAndCleanCache("o");
    }

    @Test
    void malformedLockLineNamesTheLine() throws Exception {
        Path lock = Files.writeString(tmp.resolve("l.txt"), "@EXPLICIT\nhttps://h/c/linux-64/a-1-0.conda#xyz\n");
        oneLine(build(lock, "o"), 2, "l.txt:2: malformed hash");
    }

    @Test
    void hashMismatchWritesNothing() throws Exception {
        Path lock = Fixtures.channelAndLock(tmp, ArchiveFormat.CONDA);
        String text = Files.readString(lock);
        int i = text.indexOf("#sha256:") + 8;
        Files.writeString(lock, text.substring(0, i) + "0".repeat(64) + text.substring(i + 64));
        oneLine(build(lock, "o"), 2, "sha256 mismatch");
        assertNoOutputAndCleanCache("o");
    }

    @Test
    void corruptArchiveIsNamed() throws Exception {
        Path pkg = Files.createDirectories(tmp.resolve("c/linux-64")).resolve("broken-1.0-0.conda");
        Files.writeString(pkg, "this is not a zip file at all");
        Path lock = Files.writeString(tmp.resolve("l.txt"), "@EXPLICIT\n" + pkg.toUri() + "\n");
        Fixtures.Run r = build(lock, "o");
        oneLine(r, 2, "broken-1.0-0");
        assertNoOutputAndCleanCache("o");
    }

    @Test
    void unknownPlatformAndTarget() throws Exception {
        Path lock = Fixtures.channelAndLock(tmp, ArchiveFormat.CONDA);
        oneLine(
                Fixtures.cli("build", "--lock", lock.toString(), "--platform", "linux-sparc", "--to", "oci:x"),
                2,
                "unknown platform 'linux-sparc'");
        oneLine(Fixtures.cli("build", "--lock", lock.toString(), "--to", "dir:/tmp/x"), 2, "unsupported image target");
        oneLine(
                Fixtures.cli("build", "--lock", lock.toString(), "--to", "oci:x", "--compression", "lz4"),
                2,
                "unknown compression");
        oneLine(Fixtures.cli("build", "--to", "oci:x"), 2, "--lock");
    }

    @Test
    void notFoundOverHttpIsAUserError() throws Exception {
        com.sun.net.httpserver.HttpServer server =
                com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            ex.sendResponseHeaders(404, -1);
            ex.close();
        });
        server.start();
        try {
            Path lock = Files.writeString(
                    tmp.resolve("l.txt"),
                    "@EXPLICIT\nhttp://127.0.0.1:" + server.getAddress().getPort() + "/c/linux-64/gone-1.0-0.conda#"
                            + "a".repeat(32) + "\n");
            oneLine(build(lock, "o"), 2, "gone-1.0-0: package not found (HTTP 404)");
            assertNoOutputAndCleanCache("o");
        } finally {
            server.stop(0);
        }
    }
}
