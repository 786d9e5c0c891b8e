package dev.condock.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.condock.util.CondockException;
import dev.condock.util.Retry;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real HTTP server on loopback: ETag revalidation, Cache-Control freshness, 404, 500, no half files. */
class HttpRepodataCacheTest {
    @TempDir
    Path cache;

    HttpServer server;
    final AtomicInteger full = new AtomicInteger();
    final AtomicInteger notModified = new AtomicInteger();
    final AtomicLong now = new AtomicLong(1_000_000);
    final AtomicInteger flakyHits = new AtomicInteger();
    final AtomicInteger brokenHits = new AtomicInteger();
    final AtomicInteger goneHits = new AtomicInteger();
    static final Retry.Policy QUICK =
            new Retry.Policy(Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofMillis(300));
    String base;
    static final String BODY = "{\"info\":{\"subdir\":\"linux-64\"},\"packages\":{\"a-1-0.tar.bz2\":"
            + "{\"name\":\"a\",\"version\":\"1\",\"build\":\"0\",\"depends\":null}}}";

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/ch/linux-64/repodata.json", ex -> {
            if ("\"v1\"".equals(ex.getRequestHeaders().getFirst("If-None-Match"))) {
                notModified.incrementAndGet();
                ex.sendResponseHeaders(304, -1);
            } else {
                full.incrementAndGet();
                byte[] b = BODY.getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().add("ETag", "\"v1\"");
                ex.getResponseHeaders().add("Cache-Control", "public, max-age=60");
                ex.sendResponseHeaders(200, b.length);
                ex.getResponseBody().write(b);
            }
            ex.close();
        });
        server.createContext("/corrupt/noarch/repodata.json", ex -> {
            byte[] b = "{\"packages\": {\n  \"a-1-0.tar.bz2\": {\"name\": ,}\n}".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        server.createContext("/broken/linux-64/repodata.json", ex -> {
            brokenHits.incrementAndGet();
            ex.sendResponseHeaders(500, -1);
            ex.close();
        });
        server.createContext("/gone/linux-64/repodata.json", ex -> {
            goneHits.incrementAndGet();
            ex.sendResponseHeaders(404, -1);
            ex.close();
        });
        server.createContext("/flaky/linux-64/repodata.json", ex -> {
            int hit = flakyHits.incrementAndGet();
            if (hit == 1) {
                ex.getResponseHeaders().add("Retry-After", "1");
                ex.sendResponseHeaders(503, -1);
            } else if (hit == 2) {
                ex.getHttpContext().getServer(); // no status line at all: the connection just closes
            } else {
                byte[] b = BODY.getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(200, b.length);
                ex.getResponseBody().write(b);
            }
            ex.close();
        });
        // HttpServer matches contexts by prefix: these servers have no .zst, say so (the longest context wins)
        for (String p :
                new String[] {"/ch/linux-64", "/corrupt/noarch", "/broken/linux-64", "/gone/linux-64", "/flaky/linux-64"
                }) {
            server.createContext(p + "/repodata.json.zst", ex -> {
                zstAsked.incrementAndGet();
                ex.sendResponseHeaders(404, -1);
                ex.close();
            });
        }
        byte[] zst = com.github.luben.zstd.Zstd.compress(BODY.getBytes(StandardCharsets.UTF_8));
        server.createContext("/zonly/linux-64/repodata.json", ex -> {
            if (ex.getRequestURI().getPath().endsWith(".zst")) {
                ex.sendResponseHeaders(200, zst.length);
                ex.getResponseBody().write(zst);
            } else {
                ex.sendResponseHeaders(404, -1);
            }
            ex.close();
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    final AtomicInteger zstAsked = new AtomicInteger();

    @Test
    void zstIsUsedWhenTheServerHasItAndAServerWithoutIsAskedOnceADay() throws Exception {
        HttpRepodataCache c = new HttpRepodataCache(new OkHttpClient(), cache, now::get);
        Path p = c.fetch(base + "/zonly/linux-64/repodata.json", "x");
        assertEquals(BODY, Files.readString(p));
        c.fetch(base + "/gone/linux-64/repodata.json", "x");
        c.fetch(base + "/gone/linux-64/repodata.json", "x");
        assertEquals(1, zstAsked.get());
        now.addAndGet(25 * 3600_000L);
        c.fetch(base + "/gone/linux-64/repodata.json", "x");
        assertEquals(2, zstAsked.get());
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void cachesRevalidatesAndHonoursMaxAge() throws Exception {
        HttpRepodataCache c = new HttpRepodataCache(new OkHttpClient(), cache, now::get);
        Path p = c.fetch(base + "/ch/linux-64/repodata.json", "x");
        assertTrue(Files.readString(p).contains("\"a\""));
        c.fetch(base + "/ch/linux-64/repodata.json", "x"); // fresh: no request at all
        assertEquals(1, full.get());
        assertEquals(0, notModified.get());
        now.addAndGet(61_000); // stale: revalidate with If-None-Match
        c.fetch(base + "/ch/linux-64/repodata.json", "x");
        assertEquals(1, full.get());
        assertEquals(1, notModified.get());
    }

    /** okhttp's own silent retry off, so what is retried here is condock's. */
    private static OkHttpClient noSilentRetry() {
        return new OkHttpClient.Builder().retryOnConnectionFailure(false).build();
    }

    @Test
    void retriedAfterA503HonouringRetryAfterAndAfterAConnectionClosedWithoutAnswer() throws Exception {
        HttpRepodataCache c = new HttpRepodataCache(
                noSilentRetry(),
                cache,
                now::get,
                new Retry.Policy(Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofSeconds(10)));
        long start = System.nanoTime();
        Path p = c.fetch(base + "/flaky/linux-64/repodata.json", "x");
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(Files.readString(p).contains("\"a\""));
        assertEquals(3, flakyHits.get());
        assertTrue(ms >= 900, "waited the 1 s the server asked for, not the policy's 5 ms: " + ms);
    }

    @Test
    void givesUpAfterTheBoundAndNeverRetriesA404() throws Exception {
        HttpRepodataCache c = new HttpRepodataCache(noSilentRetry(), cache, now::get, QUICK);
        long start = System.nanoTime();
        CondockException e = assertThrows(
                CondockException.class, () -> c.fetch(base + "/broken/linux-64/repodata.json", "shown-url"));
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertEquals("shown-url: HTTP 500", e.getMessage());
        assertEquals(1, e.exitCode());
        assertTrue(brokenHits.get() > 2, "retried: " + brokenHits.get());
        assertTrue(ms < 3_000, "bounded: " + ms + " ms");
        assertNull(c.fetch(base + "/gone/linux-64/repodata.json", "x"));
        assertEquals(1, goneHits.get());
    }

    @Test
    void missingAndFailingServers() throws Exception {
        HttpRepodataCache c = new HttpRepodataCache(new OkHttpClient(), cache, now::get, QUICK);
        assertNull(c.fetch(base + "/nope/linux-64/repodata.json", "x"));
        CondockException e = assertThrows(
                CondockException.class, () -> c.fetch(base + "/broken/linux-64/repodata.json", "shown-url"));
        assertTrue(e.getMessage().contains("shown-url: HTTP 500"));
        try (Stream<Path> s =
                Files.exists(cache.resolve("repodata")) ? Files.list(cache.resolve("repodata")) : Stream.empty()) {
            assertTrue(s.noneMatch(f -> f.getFileName().toString().contains(".tmp-")), "no half-written files");
        }
    }

    @Test
    void corruptJsonIsAUserErrorAndIsNotKeptInTheCache() throws Exception {
        RepodataLoader l = new RepodataLoader(new HttpRepodataCache(new OkHttpClient(), cache, now::get));
        Channel ch = Channel.resolve(base + "/corrupt", ChannelConfig.defaults(), 0);
        CondockException e = assertThrows(CondockException.class, () -> l.load(List.of(ch), "linux-64"));
        assertEquals(2, e.exitCode());
        assertTrue(
                e.getMessage().matches(".*/corrupt/noarch/repodata.json:2:\\d+: corrupt repodata JSON.*"),
                e.getMessage());
        try (Stream<Path> s = Files.list(cache.resolve("repodata"))) {
            // only "this server has no .zst" markers may stay: no body, no metadata
            assertEquals(0, s.filter(f -> !f.toString().endsWith(".nozst")).count(), "evicted");
        }
    }

    @Test
    void loaderSaysWhichChannelIsMissing() {
        RepodataLoader l = new RepodataLoader(new HttpRepodataCache(new OkHttpClient(), cache, now::get));
        Channel ch = Channel.resolve(base + "/nope", ChannelConfig.defaults(), 0);
        CondockException e = assertThrows(CondockException.class, () -> l.load(List.of(ch), "linux-64"));
        assertEquals(2, e.exitCode());
        assertTrue(e.getMessage().contains("no repodata.json"), e.getMessage());
    }
}
