package dev.condock.fetch;

import dev.condock.cache.Integrity;
import dev.condock.channel.ChannelAccess;
import dev.condock.model.PackageRecord;
import dev.condock.util.AtomicFiles;
import dev.condock.util.CondockException;
import dev.condock.util.Hashing;
import dev.condock.util.Redact;
import dev.condock.util.Retry;
import dev.condock.util.Workers;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.function.Consumer;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Gets package archives into a content-addressed cache ({@code <cache>/pkgs/sha256/<hex>.<ext>}, or md5 when
 * that is all the lock gives), verified before use. Downloads go to a temp name and are renamed only after the
 * hash matched, so a crash or a concurrent build never sees a partial or wrong archive. Local files
 * (file: URLs, paths) are verified and used in place.
 */
public final class PackageFetcher {
    private final Path cacheRoot;
    /** The client for a URL: made on first use, so a build whose packages are all local or cached sets up no TLS. */
    private final java.util.function.Function<String, OkHttpClient> http;

    private final Workers workers;
    private final Retry.Policy retry;
    private final Integrity integrity;
    private Consumer<String> warn = w -> {};
    private final ChannelAccess access;
    /** The batch in progress; an InheritableThreadLocal would not reach pool threads, so a plain shared holder. */
    private final ProgressHolder progress = new ProgressHolder();

    private static final class ProgressHolder {
        private volatile DownloadProgress current;

        void set(DownloadProgress p) {
            current = p;
        }

        void remove() {
            current = null;
        }

        void add(long n) {
            DownloadProgress p = current;
            if (p != null) p.add(n);
        }

        void fileDone() {
            DownloadProgress p = current;
            if (p != null) p.fileDone();
        }
    }

    /** Downloads on {@code workers} (the build's: they bound how many run at once), retried by the default policy. */
    public PackageFetcher(Path cacheRoot, Workers workers) {
        this(cacheRoot, workers, ChannelAccess.none());
    }

    public PackageFetcher(Path cacheRoot, OkHttpClient http, Workers workers, Retry.Policy retry) {
        this(cacheRoot, http, workers, retry, ChannelAccess.none());
    }

    /**
     * Downloads through {@code access}: a lock's canonical URL goes to the configured mirrors in order (the next
     * one when a mirror fails), with the channel's token or login put back.
     */
    public PackageFetcher(Path cacheRoot, Workers workers, ChannelAccess access) {
        this(cacheRoot, access::clientFor, workers, Retry.Policy.DEFAULT, access);
    }

    public PackageFetcher(
            Path cacheRoot, OkHttpClient http, Workers workers, Retry.Policy retry, ChannelAccess access) {
        this(cacheRoot, url -> http, workers, retry, access);
    }

    private PackageFetcher(
            Path cacheRoot,
            java.util.function.Function<String, OkHttpClient> http,
            Workers workers,
            Retry.Policy retry,
            ChannelAccess access) {
        this.access = access;
        this.cacheRoot = cacheRoot;
        this.http = http;
        this.workers = workers;
        this.retry = retry;
        this.integrity = new Integrity(cacheRoot);
    }

    /** Where a corrupt cache entry (found, removed and downloaded again) is reported. */
    public PackageFetcher warnTo(Consumer<String> warn) {
        this.warn = warn;
        return this;
    }

    /** The default cache: $CONDOCK_CACHE, else ~/.cache/condock. */
    public static Path defaultCacheRoot() {
        String env = System.getenv("CONDOCK_CACHE");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "condock");
    }

    /** Fetches all, in parallel; the result keeps the input order. The first failure (in input order) is thrown. */
    public List<FetchedPackage> fetchAll(List<PackageRecord> records) throws CondockException {
        return workers.map(records, this::fetch);
    }

    /** Like {@link #fetchAll(List)}, reporting the bytes of the archives not yet in the cache to {@code sink}. */
    public List<FetchedPackage> fetchAll(List<PackageRecord> records, DownloadProgress.Sink sink)
            throws CondockException {
        long total = 0;
        int count = 0;
        for (PackageRecord r : records) {
            if (needsDownload(r)) {
                count++;
                total += Math.max(0, r.size());
            }
        }
        if (count == 0) return fetchAll(records);
        DownloadProgress p = new DownloadProgress("packages", total, count, sink, System::nanoTime);
        progress.set(p);
        try {
            return fetchAll(records);
        } finally {
            progress.remove();
            p.finish();
        }
    }

    private boolean needsDownload(PackageRecord r) {
        if (r.url() == null || r.url().startsWith("file:") || (r.sha256() == null && r.md5() == null)) return false;
        Path target = cachePath(r);
        return !(Files.isRegularFile(target)
                && Files.isRegularFile(target.resolveSibling(target.getFileName() + ".hashes")));
    }

    /**
     * Warnings for local packages the lock gives no hash for: they are hashed here (never installed unverified:
     * the computed hash is what conda-meta records), but the lock does not pin their content.
     */
    public static List<String> unpinned(List<PackageRecord> asked, List<FetchedPackage> fetched) {
        List<String> out = new java.util.ArrayList<>();
        for (int i = 0; i < asked.size() && i < fetched.size(); i++) {
            PackageRecord r = asked.get(i);
            if (r.sha256() == null && r.md5() == null) {
                out.add(r.dist() + ": the lock gives no hash for " + Redact.url(r.url()) + "; recorded sha256 "
                        + fetched.get(i).record().sha256() + " computed from the file (add it to the lock to pin it)");
            }
        }
        return out;
    }

    public FetchedPackage fetch(PackageRecord r) throws CondockException {
        if (r.url() == null) {
            throw CondockException.user(r.dist() + ": no URL to fetch it from");
        }
        if (r.url().startsWith("file:")) {
            Path local;
            try {
                local = Path.of(URI.create(r.url().replace(" ", "%20")));
            } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
                throw CondockException.user(
                        r.dist() + ": not a usable file: URL " + Redact.url(r.url()) + ": " + e.getMessage());
            }
            Hashes h = hashLocal(r, local);
            return new FetchedPackage(withHashes(r, h), local);
        }
        if (r.sha256() == null && r.md5() == null) {
            throw CondockException.user(r.dist() + ": the lock gives no md5 or sha256 for " + Redact.url(r.url())
                    + "; condock only installs verified packages");
        }
        Path target = cachePath(r);
        Path meta = target.resolveSibling(target.getFileName() + ".hashes");
        if (Files.isRegularFile(target)) {
            Hashes h = cached(r, target, meta);
            if (h != null) {
                return new FetchedPackage(withHashes(r, h), target);
            }
        }
        Hashes h = download(r, target, meta);
        return new FetchedPackage(withHashes(r, h), target);
    }

    /**
     * The hashes of a cached archive when it is intact: its sidecar agrees with the lock and the file is the one
     * verified before ({@link Integrity} stamp), or, failing that, hashing it matches the lock (the sidecar and stamp
     * are then written again). A corrupt archive is removed, with a warning, and null sends it to be downloaded
     * again: a bad cache entry is never the user's error.
     */
    private Hashes cached(PackageRecord r, Path target, Path meta) throws CondockException {
        Hashes h = Files.isRegularFile(meta) ? readMeta(meta) : null;
        boolean agrees = h != null
                && (r.sha256() == null || r.sha256().equals(h.sha256))
                && (r.md5() == null || r.md5().equals(h.md5));
        try {
            if (agrees && Files.size(target) == h.size && integrity.trusted(target)) {
                return h;
            }
            Hashes actual = hashFile(target);
            if ((r.sha256() == null || r.sha256().equals(actual.sha256))
                    && (r.md5() == null || r.md5().equals(actual.md5))) {
                if (!actual.equals(h)) {
                    AtomicFiles.write(meta, metaBytes(actual));
                }
                integrity.record(target);
                return actual;
            }
            integrity.remove(target);
            Files.deleteIfExists(meta);
            warn.accept("cache: " + r.dist() + ": cached archive " + target + " was corrupt (its hash does not match "
                    + "the lock); removed, downloading it again");
            return null;
        } catch (NoSuchFileException e) {
            return null; // removed by a concurrent build healing it: download
        } catch (IOException e) {
            throw CondockException.environment(
                    r.dist() + ": cannot read package cache " + target + ": " + e.getMessage(), e);
        }
    }

    private static byte[] metaBytes(Hashes h) {
        return (h.sha256 + " " + h.md5 + " " + h.size + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static Hashes hashFile(Path file) throws IOException {
        MessageDigest sha = Hashing.sha256();
        MessageDigest md5 = Hashing.md5();
        long size = 0;
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                sha.update(buf, 0, n);
                md5.update(buf, 0, n);
                size += n;
            }
        }
        return new Hashes(Hashing.hex(sha.digest()), Hashing.hex(md5.digest()), size);
    }

    private Path cachePath(PackageRecord r) {
        String ext = r.fn() != null && r.fn().endsWith(".tar.bz2")
                ? ".tar.bz2"
                : r.fn() != null && r.fn().endsWith(".whl") ? ".whl" : ".conda";
        return r.sha256() != null
                ? cacheRoot.resolve("pkgs").resolve("sha256").resolve(r.sha256() + ext)
                : cacheRoot.resolve("pkgs").resolve("md5").resolve(r.md5() + ext);
    }

    private record Hashes(String sha256, String md5, long size) {}

    private static PackageRecord withHashes(PackageRecord r, Hashes h) {
        return r.toBuilder().md5(h.md5).sha256(h.sha256).size(h.size).build();
    }

    /**
     * A file: package's hashes: those recorded when this very file (its {@link Integrity} stamp) was last hashed,
     * else hashed now and recorded. Either way they are checked against the lock.
     */
    private Hashes hashLocal(PackageRecord r, Path local) throws CondockException {
        Hashes h;
        try {
            h = parseMeta(integrity.recorded(local));
            if (h == null) {
                h = hashFile(local);
                integrity.record(local, new String(metaBytes(h), StandardCharsets.UTF_8).strip());
            }
        } catch (NoSuchFileException e) {
            throw CondockException.user(r.dist() + ": package file not found: " + local);
        } catch (IOException e) {
            throw CondockException.user(r.dist() + ": cannot read " + local + ": " + e.getMessage());
        }
        verify(r, h, local.toString());
        return h;
    }

    private static void verify(PackageRecord r, Hashes h, String from) throws CondockException {
        if (r.sha256() != null && !r.sha256().equals(h.sha256)) {
            throw CondockException.user(r.dist() + ": sha256 mismatch for " + Redact.url(from) + " (lock says "
                    + r.sha256() + ", got " + h.sha256 + ")");
        }
        if (r.md5() != null && !r.md5().equals(h.md5)) {
            throw CondockException.user(r.dist() + ": md5 mismatch for " + Redact.url(from) + " (lock says " + r.md5()
                    + ", got " + h.md5 + ")");
        }
    }

    /** Each candidate URL (mirrors) in turn; a failure of the last one is the answer. */
    private Hashes download(PackageRecord r, Path target, Path meta) throws CondockException {
        List<String> urls = access.candidates(r.url());
        for (int i = 0; i < urls.size() - 1; i++) {
            try {
                return download(r, urls.get(i), target, meta);
            } catch (CondockException e) {
                // unreachable, missing there, or wrong bytes: the next mirror may do better; the last one answers
            }
        }
        return download(r, urls.get(urls.size() - 1), target, meta);
    }

    private Hashes download(PackageRecord r, String url, Path target, Path meta) throws CondockException {
        String shown = Redact.url(url);
        try {
            return new Retry(retry, Retry.NETWORK, Retry.Listener.NONE)
                    .call(() -> downloadAttempt(r, url, shown, target, meta));
        } catch (Network e) {
            throw CondockException.environment(r.dist() + ": download failed from " + shown + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw CondockException.environment(
                    r.dist() + ": cannot write to package cache " + cacheRoot + ": " + e.getMessage(), e);
        } catch (CondockException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e); // an attempt throws nothing else
        }
    }

    private Hashes downloadAttempt(PackageRecord r, String url, String shown, Path target, Path meta)
            throws CondockException, IOException {
        Path tmp = null;
        try {
            tmp = AtomicFiles.tempSibling(target);
            Hashes h = downloadOnce(r, url, shown, tmp);
            verify(r, h, url);
            // The sidecar first: an archive without its sidecar is re-downloaded, never trusted half-known.
            AtomicFiles.write(meta, metaBytes(h));
            AtomicFiles.commit(tmp, target);
            integrity.record(target);
            return h;
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort: a stray temp file never counts as a cache entry
                }
            }
        }
    }

    /** The server or the network failed (not the cache); retried when {@link Retry#NETWORK} says transient. */
    private static final class Network extends IOException {
        Network(String m, Throwable cause) {
            super(m, cause);
        }
    }

    private Hashes downloadOnce(PackageRecord r, String url, String shown, Path tmp)
            throws CondockException, IOException {
        Request req = access.request(url).build();
        MessageDigest sha = Hashing.sha256();
        MessageDigest md5 = Hashing.md5();
        long size = 0;
        try (Response resp = http.apply(url).newCall(req).execute()) {
            int code = resp.code();
            if (code == 404 || code == 410) {
                throw CondockException.user(r.dist() + ": package not found (HTTP " + code + "): " + shown);
            }
            if (code == 401 || code == 403) {
                throw CondockException.user(r.dist() + ": access denied (HTTP " + code + "): " + shown);
            }
            if (code == 408 || code == 429 || code >= 500) {
                throw new Network(
                        "HTTP " + code,
                        new Retry.HttpStatusException(code, resp.header("Retry-After"), "HTTP " + code));
            }
            if (!resp.isSuccessful() || resp.body() == null) {
                throw CondockException.environment(r.dist() + ": HTTP " + code + " from " + shown);
            }
            try (InputStream in = resp.body().byteStream();
                    OutputStream out = Files.newOutputStream(tmp)) {
                byte[] buf = new byte[1 << 16];
                int n;
                while ((n = in.read(buf)) > 0) {
                    out.write(buf, 0, n);
                    sha.update(buf, 0, n);
                    md5.update(buf, 0, n);
                    size += n;
                    progress.add(n);
                }
                progress.fileDone();
            } catch (IOException e) {
                if (!Files.exists(tmp.getParent())) {
                    throw new Local(e);
                }
                throw new Network(e.toString(), e);
            }
        } catch (Local e) {
            throw e.getCause();
        } catch (IOException e) {
            if (e instanceof Network n) {
                throw n;
            }
            throw new Network(e.toString(), e);
        }
        return new Hashes(Hashing.hex(sha.digest()), Hashing.hex(md5.digest()), size);
    }

    private static Hashes readMeta(Path meta) {
        try {
            return parseMeta(Files.readString(meta));
        } catch (IOException e) {
            return null;
        }
    }

    /** "sha256 md5 size" (a sidecar's line), or null for null or anything else. */
    private static Hashes parseMeta(String line) {
        if (line == null) {
            return null;
        }
        String[] p = line.strip().split(" ");
        try {
            return p.length == 3 ? new Hashes(p[0], p[1], Long.parseLong(p[2])) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A cache write failure met while streaming the body: not the network's, never retried. */
    private static final class Local extends Exception {
        Local(IOException cause) {
            super(cause);
        }

        @Override
        public synchronized IOException getCause() {
            return (IOException) super.getCause();
        }
    }
}
