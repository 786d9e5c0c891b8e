package dev.condock.channel;

import dev.condock.model.PackageRecord;
import dev.condock.util.CondockException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads {@code <channel>/<platform>/repodata.json} and {@code <channel>/noarch/repodata.json} for each
 * channel: from local directories and file:// directly, from http(s) through {@link HttpRepodataCache}.
 * A channel with neither subdir is an error (exit 2), a channel with only one is fine.
 */
public final class RepodataLoader {
    private final HttpRepodataCache http;
    private final ChannelAccess access;
    private final boolean keepMirrorUrls;

    public RepodataLoader(HttpRepodataCache http) {
        this(http, ChannelAccess.none(), false);
    }

    /**
     * Fetching through {@code access} (mirrors tried in order, credentials put back). Package URLs are the
     * channel's canonical URL + subdir + file name (as conda's SubdirData writes them, whatever the record's own
     * {@code url} says), or the mirror's that answered when {@code keepMirrorUrls}.
     */
    public RepodataLoader(HttpRepodataCache http, ChannelAccess access, boolean keepMirrorUrls) {
        this.http = http;
        this.access = access;
        this.keepMirrorUrls = keepMirrorUrls;
    }

    /**
     * One channel's records for a platform, noarch included; {@code skipped}: malformed records left out. With
     * {@code lazy} (a big cached repodata, see {@link RepodataIndex}) the records are handed out by name and
     * {@link #records()} parses them all (error hints only); {@code skipped} then grows as names are read.
     */
    public record ChannelData(Channel channel, List<PackageRecord> records, List<String> skipped, RecordSource lazy) {
        public ChannelData(Channel channel, List<PackageRecord> records, List<String> skipped) {
            this(channel, records, skipped, null);
        }

        public ChannelData(Channel channel, List<PackageRecord> records) {
            this(channel, records, List.of());
        }

        @Override
        public List<PackageRecord> records() {
            return lazy != null ? lazy.all() : records;
        }

        @Override
        public List<String> skipped() {
            return lazy != null ? lazy.skipped() : skipped;
        }
    }

    /**
     * Repodata files of at least this many bytes are read lazily through an index (conda-forge's linux-64 is
     * ~250 MB; a test channel is kB, parsed whole as before). {@code -Dcondock.repodata.lazy-min-bytes=N}.
     */
    static long lazyMinBytes() {
        return Long.getLong("condock.repodata.lazy-min-bytes", 4L << 20);
    }

    private long lazyMin = lazyMinBytes();

    /** Reads repodata of at least {@code bytes} lazily (tests: 0 makes every cached repodata lazy). */
    RepodataLoader lazyFrom(long bytes) {
        this.lazyMin = bytes;
        return this;
    }

    /**
     * The records of one repodata file read lazily, its index kept beside it (built on first use). For tests and
     * benchmarks that compare lazy with eager loading on the same file.
     */
    public static RecordSource lazyFile(Path file, String source, String subdir, String baseUrl, String channel)
            throws CondockException {
        RepodataIndex idx = RepodataIndex.forFile(file, source);
        return new ChannelRecords(List.of(
                new ChannelRecords.Part(null, null, new LazySubdir(file, source, subdir, baseUrl, channel, idx))));
    }

    public List<ChannelData> load(List<Channel> channels, String platform) throws CondockException {
        List<ChannelData> out = new ArrayList<>();
        for (Channel c : channels) {
            List<PackageRecord> recs = new ArrayList<>();
            List<String> skipped = new ArrayList<>();
            List<ChannelRecords.Part> parts = new ArrayList<>();
            boolean anyLazy = false;
            for (String subdir : platform.equals("noarch") ? List.of("noarch") : List.of(platform, "noarch")) {
                ChannelRecords.Part sd = loadSubdir(c, subdir);
                if (sd != null) {
                    parts.add(sd);
                    if (sd.lazy() != null) {
                        anyLazy = true;
                    } else {
                        recs.addAll(sd.records());
                        skipped.addAll(sd.skipped());
                    }
                }
            }
            if (parts.isEmpty()) {
                throw CondockException.user("channel " + c.name() + " (" + c.url() + "): no repodata.json for "
                        + platform + " or noarch: is the channel name right?");
            }
            out.add(
                    anyLazy
                            ? new ChannelData(c, null, List.of(), new ChannelRecords(parts))
                            : new ChannelData(c, recs, List.copyOf(skipped)));
        }
        return out;
    }

    private ChannelRecords.Part loadSubdir(Channel c, String subdir) throws CondockException {
        String canonical = c.url() + "/" + subdir + "/repodata.json";
        List<String> tries = access.candidates(c.fetchUrl() + "/" + subdir + "/repodata.json");
        CondockException last = null;
        for (String url : tries) {
            String shown = Channel.redact(url);
            String from = keepMirrorUrls ? shown : canonical;
            String base = from.substring(0, from.length() - "repodata.json".length());
            try {
                return loadOne(c, url, shown, subdir, base);
            } catch (CondockException e) {
                if (e.exitCode() != 1) throw e; // bad data is bad on every mirror
                last = e;
            }
        }
        throw last;
    }

    private ChannelRecords.Part loadOne(Channel c, String url, String shown, String subdir, String base)
            throws CondockException {
        if (url.startsWith("file:")) {
            Path p = Path.of(URI.create(url));
            try (InputStream in = Files.newInputStream(p)) {
                return eager(RepodataParser.parse(in, p.toString(), subdir, base, c.url()));
            } catch (NoSuchFileException e) {
                return null;
            } catch (IOException e) {
                throw CondockException.environment(p + ": cannot read: " + e.getMessage(), e);
            }
        }
        if (url.startsWith("http://") || url.startsWith("https://")) {
            Path cached = http.fetch(url, shown);
            if (cached == null) return null;
            try {
                if (Files.size(cached) >= lazyMin) {
                    RepodataIndex idx = RepodataIndex.forFile(cached, shown);
                    return new ChannelRecords.Part(
                            null, null, new LazySubdir(cached, shown, subdir, base, c.url(), idx));
                }
            } catch (CondockException e) {
                http.evict(url); // a corrupt body must not be served from the cache next time
                throw e;
            } catch (IOException e) {
                throw CondockException.environment(cached + ": cannot read: " + e.getMessage(), e);
            }
            try (InputStream in = Files.newInputStream(cached)) {
                return eager(RepodataParser.parse(in, shown, subdir, base, c.url()));
            } catch (CondockException e) {
                http.evict(url); // a corrupt body must not be served from the cache next time
                throw e;
            } catch (IOException e) {
                throw CondockException.environment(cached + ": cannot read: " + e.getMessage(), e);
            }
        }
        throw CondockException.user("channel " + c.name() + ": unsupported URL scheme in " + c.url());
    }

    private static ChannelRecords.Part eager(RepodataParser.Subdir sd) {
        return new ChannelRecords.Part(sd.records(), sd.skipped(), null);
    }
}
