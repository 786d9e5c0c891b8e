package dev.condock.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.condock.util.CondockException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
            ex.sendResponseHeaders(500, -1);
            ex.close();
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
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

    @Test
    void missingAndFailingServers() throws Exception {
        HttpRepodataCache c = new HttpRepodataCache(new OkHttpClient(), cache, now::get);
        assertNull(c.fetch(base + "/nope/linux-64/repodata.json", "x"));
        CondockException e = assertThrows(CondockException.class, () -> c.fetch(base + "/broken/linux-64/repodata.json", "shown-url"));
        assertTrue(e.getMessage().contains("shown-url: HTTP 500"));
        try (Stream<Path> s = Files.exists(cache.resolve("repodata")) ? Files.list(cache.resolve("repodata")) : Stream.empty()) {
            assertTrue(s.noneMatch(f -> f.getFileName().toString().contains(".tmp-")), "no half-written files");
        }
    }

    @Test
    void corruptJsonIsAUserErrorAndIsNotKeptInTheCache() throws Exception {
        RepodataLoader l = new RepodataLoader(new HttpRepodataCache(new OkHttpClient(), cache, now::get));
        Channel ch = Channel.resolve(base + "/corrupt", ChannelConfig.defaults(), 0);
        CondockException e = assertThrows(CondockException.class, () -> l.load(List.of(ch), "linux-64"));
        assertEquals(2, e.exitCode());
        assertTrue(e.getMessage().matches(".*/corrupt/noarch/repodata.json:2:\\d+: corrupt repodata JSON.*"), e.getMessage());
        try (Stream<Path> s = Files.list(cache.resolve("repodata"))) {
            assertEquals(0, s.count(), "evicted");
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
