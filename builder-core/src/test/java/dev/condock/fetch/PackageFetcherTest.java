package dev.condock.fetch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.condock.model.PackageRecord;
import dev.condock.util.CondockException;
import dev.condock.util.Hashing;
import dev.condock.util.Retry;
import dev.condock.util.Workers;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against a real HTTP server on loopback. */
class PackageFetcherTest {
    static final Retry.Policy QUICK =
            new Retry.Policy(Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofMillis(300));
    static final byte[] BODY = "not really a package, but bytes".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path tmp;

    HttpServer server;
    final AtomicInteger hits = new AtomicInteger();
    String base;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            hits.incrementAndGet();
            if (ex.getRequestURI().getPath().contains("missing")) {
                ex.sendResponseHeaders(404, -1);
            } else if (ex.getRequestURI().getPath().contains("flaky") && hits.get() == 1) {
                ex.sendResponseHeaders(503, -1);
            } else {
                ex.sendResponseHeaders(200, BODY.length);
                ex.getResponseBody().write(BODY);
            }
            ex.close();
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort() + "/chan/linux-64/";
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private final java.util.List<Workers> workers = new java.util.ArrayList<>();

    private Workers workers(int threads) {
        Workers w = Workers.of(threads);
        workers.add(w);
        return w;
    }

    @AfterEach
    void closeWorkers() {
        workers.forEach(Workers::close);
    }

    private PackageRecord rec(String fn, String md5, String sha) throws Exception {
        return dev.condock.lock.PackageUrls.recordFor("test", base + fn).toBuilder()
                .md5(md5)
                .sha256(sha)
                .build();
    }

    @Test
    void downloadsVerifiesAndCaches() throws Exception {
        String sha = Hashing.sha256Hex(BODY);
        PackageFetcher f = new PackageFetcher(tmp.resolve("cache"), workers(2));
        FetchedPackage p = f.fetch(rec("foo-1.0-0.conda", null, sha));
        assertArrayEquals(BODY, Files.readAllBytes(p.archive()));
        assertEquals(sha, p.record().sha256());
        assertEquals(32, p.record().md5().length(), "md5 filled in for conda-meta");
        assertEquals(1, hits.get());
        f.fetch(rec("foo-1.0-0.conda", null, sha));
        assertEquals(1, hits.get(), "second fetch is a cache hit");
    }

    @Test
    void aCorruptCachedArchiveIsRemovedWithAWarningAndDownloadedAgain() throws Exception {
        String sha = Hashing.sha256Hex(BODY);
        List<String> warnings = new java.util.ArrayList<>();
        PackageFetcher f = new PackageFetcher(tmp.resolve("cache"), workers(1)).warnTo(warnings::add);
        Path archive = f.fetch(rec("foo-1.0-0.conda", null, sha)).archive();
        dev.condock.pkgbuild.Corrupt.flip(archive, 3);
        FetchedPackage again = f.fetch(rec("foo-1.0-0.conda", null, sha));
        assertArrayEquals(BODY, Files.readAllBytes(again.archive()));
        assertEquals(2, hits.get(), "downloaded once more");
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("foo-1.0-0") && warnings.get(0).contains("corrupt"), warnings.get(0));
        f.fetch(rec("foo-1.0-0.conda", null, sha));
        assertEquals(2, hits.get(), "healed: a hit again");
    }

    @Test
    void aCorruptSidecarIsRewrittenFromTheVerifiedArchive() throws Exception {
        String sha = Hashing.sha256Hex(BODY);
        List<String> warnings = new java.util.ArrayList<>();
        PackageFetcher f = new PackageFetcher(tmp.resolve("cache"), workers(1)).warnTo(warnings::add);
        Path archive = f.fetch(rec("foo-1.0-0.conda", null, sha)).archive();
        Path meta = archive.resolveSibling(archive.getFileName() + ".hashes");
        String good = Files.readString(meta);
        dev.condock.pkgbuild.Corrupt.flip(meta, 5);
        FetchedPackage again = f.fetch(rec("foo-1.0-0.conda", null, sha));
        assertEquals(sha, again.record().sha256());
        assertEquals(1, hits.get(), "the archive itself was fine: not downloaded again");
        assertEquals(good, Files.readString(meta));
        assertEquals(List.of(), warnings);
    }

    @Test
    void hashMismatchIsAUserErrorAndLeavesNothing() throws Exception {
        PackageFetcher f = new PackageFetcher(tmp.resolve("cache"), workers(1));
        CondockException e =
                assertThrows(CondockException.class, () -> f.fetch(rec("foo-1.0-0.conda", null, "0".repeat(64))));
        assertEquals(2, e.exitCode());
        assertTrue(e.getMessage().startsWith("foo-1.0-0: sha256 mismatch"), e.getMessage());
        try (Stream<Path> s = Files.walk(tmp.resolve("cache"))) {
            assertEquals(0, s.filter(Files::isRegularFile).count(), "no cache file, temp or final");
        }
    }

    @Test
    void notFoundIsAUserError() throws Exception {
        PackageFetcher f = new PackageFetcher(tmp.resolve("cache"), workers(1));
        CondockException e =
                assertThrows(CondockException.class, () -> f.fetch(rec("missing-1.0-0.conda", "a".repeat(32), null)));
        assertEquals(2, e.exitCode());
        assertTrue(e.getMessage().contains("404"), e.getMessage());
    }

    @Test
    void transientErrorsAreRetried() throws Exception {
        PackageFetcher f = new PackageFetcher(tmp.resolve("cache"), workers(1));
        FetchedPackage p = f.fetch(rec("flaky-1.0-0.conda", null, Hashing.sha256Hex(BODY)));
        assertEquals(2, hits.get());
        assertTrue(Files.exists(p.archive()));
    }

    @Test
    void unreachableHostIsAnEnvironmentError() throws Exception {
        PackageRecord r =
                dev.condock.lock.PackageUrls.recordFor("t", "http://127.0.0.1:9/c/linux-64/x-1-0.conda").toBuilder()
                        .sha256("0".repeat(64))
                        .build();
        CondockException e = assertThrows(
                CondockException.class,
                () -> new PackageFetcher(tmp.resolve("cache"), new okhttp3.OkHttpClient(), workers(1), QUICK).fetch(r));
        assertEquals(1, e.exitCode());
    }

    @Test
    void localFilesAreVerifiedInPlace() throws Exception {
        Path pkg = Files.createDirectories(tmp.resolve("chan/linux-64")).resolve("foo-1.0-0.tar.bz2");
        Files.write(pkg, BODY);
        PackageRecord ok = dev.condock.lock.PackageUrls.recordFor("t", pkg.toString()).toBuilder()
                .sha256(Hashing.sha256Hex(BODY))
                .build();
        PackageFetcher f = new PackageFetcher(tmp.resolve("cache"), workers(1));
        assertEquals(pkg, f.fetch(ok).archive());
        CondockException e = assertThrows(
                CondockException.class,
                () -> f.fetchAll(
                        List.of(ok.toBuilder().md5("f".repeat(32)).sha256(null).build())));
        assertTrue(e.getMessage().contains("md5 mismatch"), e.getMessage());
        CondockException missing = assertThrows(
                CondockException.class,
                () -> f.fetch(dev.condock.lock.PackageUrls.recordFor(
                        "t", tmp.resolve("nope-1-0.conda").toString())));
        assertTrue(missing.getMessage().contains("not found"), missing.getMessage());
    }

    /**
     * A file: package is hashed once and then known by its stamp: a bump build over a local channel must not hash
     * every unchanged archive again. The record is what the fetcher goes by while the stamp matches (a planted
     * record is believed, and the lock check then fails), and any write to the file (same size, mtime put back)
     * makes it hash again.
     */
    @Test
    void aLocalFileIsHashedAgainOnlyWhenItChanged() throws Exception {
        Path pkg = Files.createDirectories(tmp.resolve("chan/linux-64")).resolve("foo-1.0-0.conda");
        Files.write(pkg, BODY);
        String sha = Hashing.sha256Hex(BODY);
        PackageRecord r = dev.condock.lock.PackageUrls.recordFor("t", pkg.toString()).toBuilder()
                .sha256(sha)
                .build();
        Path cache = tmp.resolve("cache");
        PackageFetcher f = new PackageFetcher(cache, workers(1));
        assertEquals(sha, f.fetch(r).record().sha256());
        dev.condock.cache.Integrity integrity = new dev.condock.cache.Integrity(cache);
        String kept = integrity.recorded(pkg);
        assertEquals(
                sha + " "
                        + Hashing.hex(
                                java.security.MessageDigest.getInstance("MD5").digest(BODY)) + " " + BODY.length,
                kept);
        assertEquals(sha, f.fetch(r).record().sha256(), "an unchanged file: the record's hashes");

        // the record is what a fetch goes by while the file is untouched
        integrity.record(pkg, "0".repeat(64) + " " + "0".repeat(32) + " " + BODY.length);
        CondockException planted = assertThrows(CondockException.class, () -> f.fetch(r));
        assertTrue(planted.getMessage().contains("sha256 mismatch"), planted.getMessage());

        // a write in place, same size, mtime restored: the stamp (ctime) no longer matches, so it is hashed again
        integrity.record(pkg, kept);
        java.nio.file.attribute.FileTime mtime = Files.getLastModifiedTime(pkg);
        byte[] other = BODY.clone();
        other[0] ^= 1;
        Thread.sleep(20); // a ctime tick apart
        try (var ch = java.nio.channels.FileChannel.open(pkg, java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(other));
        }
        Files.setLastModifiedTime(pkg, mtime);
        assertNull(integrity.recorded(pkg));
        CondockException changed = assertThrows(CondockException.class, () -> f.fetch(r));
        assertTrue(changed.getMessage().contains("sha256 mismatch"), changed.getMessage());
        assertEquals(
                Hashing.sha256Hex(other),
                f.fetch(r.toBuilder().sha256(Hashing.sha256Hex(other)).build())
                        .record()
                        .sha256());
    }

    @Test
    void downloadsReportTheirBytesOnceDone() throws Exception {
        PackageRecord r = PackageRecord.builder("p", "1", "0")
                .fn("p-1-0.conda")
                .url(base + "p-1-0.conda")
                .sha256(Hashing.sha256Hex(BODY))
                .size(BODY.length)
                .build();
        List<DownloadProgress.Snapshot> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        PackageFetcher f = new PackageFetcher(tmp.resolve("cache"), new okhttp3.OkHttpClient(), workers(2), QUICK);
        f.fetchAll(List.of(r), seen::add);
        DownloadProgress.Snapshot last = seen.get(seen.size() - 1);
        assertTrue(last.finished());
        assertEquals(BODY.length, last.bytes());
        assertEquals(BODY.length, last.totalBytes());
        assertEquals(1, last.done());
        seen.clear();
        f.fetchAll(List.of(r), seen::add); // cached now: nothing to download, nothing reported
        assertTrue(seen.isEmpty());
    }
}
