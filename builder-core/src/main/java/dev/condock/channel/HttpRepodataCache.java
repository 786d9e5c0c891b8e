package dev.condock.channel;

import com.fasterxml.jackson.databind.JsonNode;
import dev.condock.fetch.DownloadProgress;
import dev.condock.util.AtomicFiles;
import dev.condock.util.CondockException;
import dev.condock.util.Hashing;
import dev.condock.util.Json;
import dev.condock.util.Retry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * repodata.json over http(s), cached under {@code <cache>/repodata/<sha256(url)>.json} with a sidecar
 * {@code .meta.json} holding ETag, Last-Modified and the Cache-Control max-age deadline. Fresh entries are used
 * without a request; stale ones are revalidated with If-None-Match / If-Modified-Since. Bodies are written to a
 * temp name and renamed, so a failed download never leaves half a file. Cache keys use the redacted URL.
 * Transient failures (429, 5xx, a reset or refused connection, a timeout) are retried under {@link Retry}.
 */
public final class HttpRepodataCache {
    private static final Pattern MAX_AGE = Pattern.compile("max-age=(\\d+)");
    private final java.util.function.Function<String, OkHttpClient> clients; // URL → the client that fetches it
    private final Path dir;
    private final java.util.function.LongSupplier clock;
    private final Retry.Policy retry;
    private final ChannelAccess access;
    private volatile DownloadProgress.Sink progress = DownloadProgress.Sink.NONE;

    public HttpRepodataCache(OkHttpClient client, Path cacheRoot, java.util.function.LongSupplier clockMillis) {
        this(client, cacheRoot, clockMillis, Retry.Policy.DEFAULT);
    }

    public HttpRepodataCache(
            OkHttpClient client, Path cacheRoot, java.util.function.LongSupplier clockMillis, Retry.Policy retry) {
        this(url -> client, cacheRoot, clockMillis, retry, ChannelAccess.none());
    }

    /** Fetching with {@code access}'s client, credentials and netrc. */
    public HttpRepodataCache(ChannelAccess access, Path cacheRoot, java.util.function.LongSupplier clockMillis) {
        this(access::clientFor, cacheRoot, clockMillis, Retry.Policy.DEFAULT, access);
    }

    private HttpRepodataCache(
            java.util.function.Function<String, OkHttpClient> clients,
            Path cacheRoot,
            java.util.function.LongSupplier clockMillis,
            Retry.Policy retry,
            ChannelAccess access) {
        this.access = access;
        this.clients = clients;
        this.dir = cacheRoot.resolve("repodata");
        this.clock = clockMillis;
        this.retry = retry;
    }

    /** Reports the bytes of each repodata download to {@code sink}. */
    public HttpRepodataCache reportingTo(DownloadProgress.Sink sink) {
        this.progress = sink;
        return this;
    }

    /** The default cache: $CONDOCK_CACHE or ~/.cache/condock. */
    public static Path defaultCacheRoot() {
        String env = System.getenv("CONDOCK_CACHE");
        return env != null && !env.isEmpty()
                ? Path.of(env)
                : Path.of(System.getProperty("user.home"), ".cache", "condock");
    }

    /**
     * The cached body for {@code url}, fetched or revalidated as needed; null on 404. For a repodata.json, the
     * server's {@code repodata.json.zst} is used when it has one (a tenth of the bytes on conda-forge); a server
     * without one is remembered for a day, so it costs one extra request a day, not one a fetch.
     */
    public Path fetch(String url, String shownUrl) throws CondockException {
        if (!url.endsWith("/repodata.json")) return fetchRaw(url, shownUrl);
        Path noZst = dir.resolve(key(url) + ".nozst");
        long now = clock.getAsLong();
        if (!(Files.isRegularFile(noZst) && readLong(noZst) > now)) {
            try {
                Path z = fetchRaw(url + ".zst", shownUrl + ".zst");
                if (z != null) return decompressed(z, url + ".zst");
            } catch (CondockException e) {
                // a failing or broken .zst is no reason to fail: the plain file is the reference, as in conda
            }
            try {
                Files.createDirectories(dir);
                AtomicFiles.write(noZst, Long.toString(now + 24 * 3600_000L).getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // not remembering only costs a request next time
            }
        }
        return fetchRaw(url, shownUrl);
    }

    /** The zst body decompressed beside it, redone only when the body was fetched again (newer than the copy). */
    private Path decompressed(Path zst, String url) throws CondockException {
        Path out = dir.resolve(key(url) + ".decoded.json");
        try {
            if (Files.isRegularFile(out)
                    && !Files.getLastModifiedTime(out)
                            .toInstant()
                            .isBefore(Files.getLastModifiedTime(zst).toInstant())) {
                return out;
            }
            Path tmp = AtomicFiles.tempSibling(out);
            try {
                try (InputStream in = new com.github.luben.zstd.ZstdInputStream(Files.newInputStream(zst))) {
                    Files.copy(in, tmp);
                }
                AtomicFiles.commit(tmp, out);
            } finally {
                Files.deleteIfExists(tmp);
            }
            return out;
        } catch (IOException e) {
            evict(url);
            throw CondockException.environment(Channel.redact(url) + ": not a valid zstd body: " + e.getMessage(), e);
        }
    }

    private static long readLong(Path p) {
        try {
            return Long.parseLong(Files.readString(p).strip());
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    private static String key(String url) {
        return Hashing.sha256Hex(Channel.redact(url).getBytes(StandardCharsets.UTF_8));
    }

    private Path fetchRaw(String url, String shownUrl) throws CondockException {
        String key = Hashing.sha256Hex(Channel.redact(url).getBytes(StandardCharsets.UTF_8));
        Path body = dir.resolve(key + ".json");
        Path meta = dir.resolve(key + ".meta.json");
        Map<String, Object> m = readMeta(meta);
        long now = clock.getAsLong();
        if (Files.isRegularFile(body) && m.get("fresh_until") instanceof Number n && n.longValue() > now) return body;
        Request.Builder rb = access.request(url); // okhttp negotiates gzip itself
        if (Files.isRegularFile(body)) {
            if (m.get("etag") != null) rb.header("If-None-Match", m.get("etag").toString());
            if (m.get("last_modified") != null)
                rb.header("If-Modified-Since", m.get("last_modified").toString());
        }
        Request request = rb.build();
        try {
            return new Retry(retry, Retry.NETWORK, Retry.Listener.NONE)
                    .call(() -> fetchOnce(request, body, meta, m, now));
        } catch (Retry.HttpStatusException e) {
            throw CondockException.environment(shownUrl + ": HTTP " + e.status(), e);
        } catch (IOException e) {
            throw CondockException.environment(shownUrl + ": " + e.getMessage(), e);
        }
    }

    /** One request: the body (or null on 404); a failing status comes out as {@link Retry.HttpStatusException}. */
    private Path fetchOnce(Request request, Path body, Path meta, Map<String, Object> m, long now) throws IOException {
        try (Response r =
                clients.apply(request.url().toString()).newCall(request).execute()) {
            if (r.code() == 304 && Files.isRegularFile(body)) {
                writeMeta(meta, r, now, m);
                return body;
            }
            if (r.code() == 404) return null;
            if (!r.isSuccessful()) {
                throw new Retry.HttpStatusException(r.code(), r.header("Retry-After"), "HTTP " + r.code());
            }
            Path tmp = AtomicFiles.tempSibling(body);
            try {
                long length = r.body().contentLength();
                DownloadProgress dp = new DownloadProgress("repodata", length, 1, progress, System::nanoTime);
                try (InputStream in = r.body().byteStream();
                        OutputStream out = Files.newOutputStream(tmp)) {
                    byte[] buf = new byte[1 << 16];
                    int n;
                    while ((n = in.read(buf)) > 0) {
                        out.write(buf, 0, n);
                        dp.add(n);
                    }
                }
                dp.fileDone();
                dp.finish();
                AtomicFiles.commit(tmp, body);
            } finally {
                Files.deleteIfExists(tmp);
            }
            writeMeta(meta, r, now, new TreeMap<>());
            return body;
        }
    }

    /** Drops the cached body and metadata of {@code url}. */
    public void evict(String url) {
        String key = key(url);
        try {
            Files.deleteIfExists(dir.resolve(key + ".json"));
            Files.deleteIfExists(dir.resolve(key + ".meta.json"));
            Files.deleteIfExists(dir.resolve(key + ".decoded.json"));
            Files.deleteIfExists(dir.resolve(key + ".json.idx"));
            Files.deleteIfExists(dir.resolve(key + ".decoded.json.idx"));
            if (url.endsWith("/repodata.json")) {
                Files.deleteIfExists(dir.resolve(key + ".nozst"));
                evict(url + ".zst");
            }
        } catch (IOException e) {
            // best effort: the next fetch revalidates anyway
        }
    }

    private static Map<String, Object> readMeta(Path meta) {
        try {
            if (!Files.isRegularFile(meta)) return new TreeMap<>();
            JsonNode n = Json.CANONICAL.readTree(meta.toFile());
            Map<String, Object> m = new TreeMap<>();
            n.fields()
                    .forEachRemaining(e -> m.put(
                            e.getKey(),
                            e.getValue().isNumber()
                                    ? e.getValue().asLong()
                                    : e.getValue().asText()));
            return m;
        } catch (IOException e) {
            return new TreeMap<>(); // an unreadable sidecar just means revalidate
        }
    }

    private static void writeMeta(Path meta, Response r, long now, Map<String, Object> previous) throws IOException {
        Map<String, Object> m = new TreeMap<>(previous);
        if (r.header("ETag") != null) m.put("etag", r.header("ETag"));
        if (r.header("Last-Modified") != null) m.put("last_modified", r.header("Last-Modified"));
        m.remove("fresh_until");
        String cc = r.header("Cache-Control");
        if (cc != null && !cc.contains("no-cache") && !cc.contains("no-store")) {
            Matcher mm = MAX_AGE.matcher(cc);
            if (mm.find()) m.put("fresh_until", now + Long.parseLong(mm.group(1)) * 1000);
        }
        AtomicFiles.write(meta, Json.canonicalBytes(m));
    }
}
