package dev.condock.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.condock.model.PackageRecord;
import dev.condock.util.CondockException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loader's lazy path over a real HTTP server on loopback: a big cached repodata (here: every one, threshold
 * 0) is read through its index kept beside the cached body, plain or from {@code repodata.json.zst}, and gives
 * the records the eager path gives; corrupt JSON is still a user error that is not kept.
 */
class LazyLoaderTest {
    static final Path PYTORCH = Path.of("../shared/conda-testdata/repodata/rattler-pytorch_linux-64.json");

    @TempDir
    Path cache;

    @TempDir
    Path cache2;

    HttpServer server;
    String base;

    @BeforeEach
    void start() throws Exception {
        byte[] body = Files.readAllBytes(PYTORCH);
        byte[] zst = com.github.luben.zstd.Zstd.compress(body);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            String path = ex.getRequestURI().getPath();
            byte[] b = null;
            if (path.equals("/plain/linux-64/repodata.json") || path.equals("/plain2/linux-64/repodata.json")) b = body;
            if (path.equals("/z/linux-64/repodata.json.zst")) b = zst;
            if (path.equals("/corrupt/linux-64/repodata.json"))
                b = "{\"packages\": {\n \"a-1-0.tar.bz2\": {\"name\": ,}\n}".getBytes();
            if (b == null) {
                ex.sendResponseHeaders(404, -1);
            } else {
                ex.sendResponseHeaders(200, b.length);
                ex.getResponseBody().write(b);
            }
            ex.close();
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private RepodataLoader.ChannelData load(Path cacheRoot, String name, long lazyFrom) throws CondockException {
        RepodataLoader l =
                new RepodataLoader(new HttpRepodataCache(new OkHttpClient(), cacheRoot, () -> 0L)).lazyFrom(lazyFrom);
        return l.load(List.of(Channel.resolve(base + "/" + name, ChannelConfig.defaults(), 0)), "linux-64")
                .get(0);
    }

    private List<Path> indexes(Path cacheRoot) throws Exception {
        try (Stream<Path> s = Files.list(cacheRoot.resolve("repodata"))) {
            return s.filter(p -> p.toString().endsWith(".idx")).toList();
        }
    }

    @Test
    void plainAndZstdRepodataReadLazilyGiveTheEagerRecords() throws Exception {
        for (String ch : List.of("plain", "z")) {
            RepodataLoader.ChannelData eager = load(cache2.resolve(ch), ch, Long.MAX_VALUE);
            assertNull(eager.lazy());
            assertTrue(eager.records().size() > 100);
            RepodataLoader.ChannelData lazy = load(cache, ch, 0);
            assertNotNull(lazy.lazy(), ch);
            List<PackageRecord> want = eager.records().stream()
                    .filter(r -> r.name().equals("pytorch"))
                    .toList();
            assertTrue(want.size() > 5, ch);
            assertEquals(
                    want,
                    lazy.lazy().named("pytorch").stream()
                            .map(RecordSource.Keyed::record)
                            .toList(),
                    ch);
            assertEquals(eager.records(), lazy.records(), ch);
        }
        // one index per body: beside the plain body and beside the decompressed .zst
        List<Path> idx = indexes(cache);
        assertEquals(2, idx.size(), idx.toString());
        assertTrue(idx.stream().anyMatch(p -> p.toString().endsWith(".decoded.json.idx")), idx.toString());
        // the server sends no ETag or max-age, so a second load downloads the body again (a new file): the index
        // is kept (same sha256, same ranges) under the new body's stamp, not rebuilt
        RepodataIndex before = RepodataIndex.read(idx.get(0));
        assertNotNull(before);
        load(cache, "plain", 0);
        load(cache, "z", 0);
        assertEquals(2, indexes(cache).size());
        RepodataIndex after = RepodataIndex.read(idx.get(0));
        assertEquals(before.sha256(), after.sha256());
        assertEquals(before.spans().keySet(), after.spans().keySet());
        assertTrue(java.util.Arrays.equals(
                before.spans().get("pytorch"), after.spans().get("pytorch")));
    }

    @Test
    void corruptJsonIsAUserErrorAndNothingIsKept() throws Exception {
        CondockException e = assertThrows(CondockException.class, () -> load(cache, "corrupt", 0));
        assertEquals(2, e.exitCode());
        assertTrue(e.getMessage().contains("/corrupt/linux-64/repodata.json:2:"), e.getMessage());
        try (Stream<Path> s = Files.list(cache.resolve("repodata"))) {
            assertEquals(0, s.filter(f -> !f.toString().endsWith(".nozst")).count(), "evicted");
        }
    }
}
