package dev.condock.pip;

import com.fasterxml.jackson.databind.JsonNode;
import dev.condock.cache.HashedFiles;
import dev.condock.util.AtomicFiles;
import dev.condock.util.CondockException;
import dev.condock.util.Hashing;
import dev.condock.util.Json;
import dev.condock.util.Redact;
import dev.condock.util.Retry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Credentials;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * HTTP for the pip index: cached pages (ETag / Last-Modified / max-age, like the repodata cache) and
 * content-addressed downloads. Credentials come from the URL's user info (remembered per host, so relative links
 * on an authenticated index work) or ~/.netrc; they are sent as Basic auth and never appear in messages or cache keys.
 */
final class PipHttp {
    private static final Pattern MAX_AGE = Pattern.compile("max-age=(\\d+)");
    private final OkHttpClient client;
    private final Retry.Policy retry;
    private final Path dir;
    private final Netrc netrc;
    private final Map<String, String> authByHost = new ConcurrentHashMap<>();
    private final Path cacheRoot;
    private HashedFiles files;

    /** A fetched page: its local body and the Content-Type it came with. */
    record Page(Path body, String contentType, String url) {}

    PipHttp(Path cacheRoot) {
        this(
                new OkHttpClient.Builder()
                        .connectTimeout(30, TimeUnit.SECONDS)
                        .readTimeout(120, TimeUnit.SECONDS)
                        .build(),
                cacheRoot,
                Netrc.load());
    }

    PipHttp(OkHttpClient client, Path cacheRoot, Netrc netrc) {
        this(client, cacheRoot, netrc, Retry.Policy.DEFAULT);
    }

    PipHttp(OkHttpClient client, Path cacheRoot, Netrc netrc, Retry.Policy retry) {
        this.retry = retry;
        // every hop, redirects included, gets the credentials of its own host: OkHttp drops the Authorization of
        // a redirect to another host (so one host's password never reaches another), and this puts back that
        // host's own login, if any (a files host behind the index, with its ~/.netrc entry)
        this.client = client.newBuilder()
                .addNetworkInterceptor(chain -> {
                    Request r = chain.request();
                    if (r.header("Authorization") == null) {
                        // netrc's "default" entry only for the host asked, never for a redirect target (a presigned
                        // storage URL rejects a second kind of auth)
                        boolean asked = r.url()
                                .host()
                                .equals(chain.call().request().url().host());
                        String auth = authFor(r.url(), asked);
                        if (auth != null)
                            r = r.newBuilder().header("Authorization", auth).build();
                    }
                    return chain.proceed(r);
                })
                .build();
        this.dir = cacheRoot.resolve("pip");
        this.netrc = netrc;
        this.cacheRoot = cacheRoot;
        this.files = new HashedFiles(cacheRoot, w -> {});
    }

    /** Where warnings about corrupt cache entries (removed and downloaded again) go. */
    PipHttp warnTo(java.util.function.Consumer<String> warn) {
        this.files = new HashedFiles(cacheRoot, warn);
        return this;
    }

    /** The pip cache's files, each checked against the hash recorded when it was stored. */
    HashedFiles files() {
        return files;
    }

    /** Basic auth for a host: a URL's user info given for that host:port, else its ~/.netrc entry; or null. */
    private String authFor(HttpUrl u, boolean orDefault) {
        String auth = authByHost.get(u.host() + ":" + u.port());
        if (auth == null) {
            Netrc.Login l = orDefault ? netrc.forHost(u.host()) : netrc.forMachine(u.host());
            if (l != null && l.user() != null)
                auth = Credentials.basic(l.user(), l.password() == null ? "" : l.password(), StandardCharsets.UTF_8);
        }
        return auth;
    }

    /** The URL without user info; remembers its credentials for the host. */
    String strip(String url) {
        HttpUrl u = HttpUrl.parse(url);
        if (u == null) return url;
        if (!u.username().isEmpty()) {
            authByHost.put(
                    u.host() + ":" + u.port(), Credentials.basic(u.username(), u.password(), StandardCharsets.UTF_8));
            return u.newBuilder().username("").password("").build().toString();
        }
        return url;
    }

    private Request.Builder request(String url) {
        String clean = strip(url);
        HttpUrl u = HttpUrl.get(clean);
        return new Request.Builder().url(u); // credentials: added per hop by the network interceptor
    }

    /** A simple-API page (JSON preferred), cached; null on 404. */
    Page page(String url) throws CondockException {
        String shown = Redact.url(url);
        String key = Hashing.sha256Hex(shown.getBytes(StandardCharsets.UTF_8));
        Path body = dir.resolve("pages").resolve(key + ".body");
        Path meta = dir.resolve("pages").resolve(key + ".meta.json");
        Map<String, Object> m = readMeta(meta);
        long now = System.currentTimeMillis();
        boolean have;
        try {
            have = files.intact(body, null, "pip index page " + shown);
        } catch (IOException e) {
            throw CondockException.environment("pip cache " + body + ": " + e.getMessage(), e);
        }
        if (have && m.get("fresh_until") instanceof Long n && n > now) {
            return new Page(body, String.valueOf(m.get("content_type")), String.valueOf(m.get("url")));
        }
        Request.Builder rb = request(url)
                .header(
                        "Accept",
                        "application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html;q=0.2, text/html;q=0.1");
        if (have) {
            if (m.get("etag") != null) rb.header("If-None-Match", m.get("etag").toString());
            if (m.get("last_modified") != null)
                rb.header("If-Modified-Since", m.get("last_modified").toString());
        }
        Request req = rb.build();
        try {
            return new Retry(retry, Retry.NETWORK, Retry.Listener.NONE).call(() -> {
                try (Response r = client.newCall(req).execute()) {
                    if (r.code() == 304 && have) {
                        writeMeta(meta, r, now, m, String.valueOf(m.get("content_type")), String.valueOf(m.get("url")));
                        return new Page(body, String.valueOf(m.get("content_type")), String.valueOf(m.get("url")));
                    }
                    if (r.code() == 404) return null;
                    if (!r.isSuccessful())
                        throw new Retry.HttpStatusException(r.code(), r.header("Retry-After"), "HTTP " + r.code());
                    save(r.body().byteStream(), body);
                    files.stored(body);
                    String ct = r.header("Content-Type", "text/html");
                    String finalUrl = r.request().url().toString(); // after redirects: relative links resolve here
                    writeMeta(meta, r, now, new TreeMap<>(), ct, finalUrl);
                    return new Page(body, ct, finalUrl);
                }
            });
        } catch (Retry.HttpStatusException e) {
            throw CondockException.environment(
                    "pip index " + shown + ": HTTP " + e.status()
                            + (e.status() == 401 || e.status() == 403
                                    ? " (credentials: put them in the URL or ~/.netrc)"
                                    : ""),
                    e);
        } catch (IOException e) {
            throw CondockException.environment("pip index " + shown + ": " + e.getMessage(), e);
        }
    }

    /** Downloads {@code url} to {@code target} (temp name + rename); false on 404. */
    boolean download(String url, Path target) throws CondockException {
        String shown = Redact.url(url);
        Request req = request(url).build();
        try {
            return new Retry(retry, Retry.NETWORK, Retry.Listener.NONE).call(() -> {
                try (Response r = client.newCall(req).execute()) {
                    if (r.code() == 404) return false;
                    if (!r.isSuccessful())
                        throw new Retry.HttpStatusException(r.code(), r.header("Retry-After"), "HTTP " + r.code());
                    save(r.body().byteStream(), target);
                    return true;
                }
            });
        } catch (Retry.HttpStatusException e) {
            throw CondockException.environment(shown + ": HTTP " + e.status(), e);
        } catch (IOException e) {
            throw CondockException.environment(shown + ": " + e.getMessage(), e);
        }
    }

    Path cacheDir() {
        return dir;
    }

    private static void save(InputStream in, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        Path tmp = AtomicFiles.tempSibling(target);
        try {
            try (in) {
                Files.copy(in, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            AtomicFiles.commit(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
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
                                    ? (Object) e.getValue().asLong()
                                    : e.getValue().asText()));
            return m;
        } catch (IOException e) {
            return new TreeMap<>(); // unreadable sidecar: revalidate
        }
    }

    private static void writeMeta(Path meta, Response r, long now, Map<String, Object> previous, String ct, String url)
            throws IOException {
        Map<String, Object> m = new TreeMap<>(previous);
        if (r.header("ETag") != null) m.put("etag", r.header("ETag"));
        if (r.header("Last-Modified") != null) m.put("last_modified", r.header("Last-Modified"));
        m.put("content_type", ct);
        m.put("url", url);
        m.remove("fresh_until");
        String cc = r.header("Cache-Control");
        if (cc != null && !cc.contains("no-cache") && !cc.contains("no-store")) {
            Matcher mm = MAX_AGE.matcher(cc);
            if (mm.find()) m.put("fresh_until", now + Long.parseLong(mm.group(1)) * 1000);
        }
        Files.createDirectories(meta.getParent());
        AtomicFiles.write(meta, Json.canonicalBytes(m));
    }
}
