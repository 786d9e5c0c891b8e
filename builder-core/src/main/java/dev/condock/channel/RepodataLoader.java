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

    /** One channel's records for a platform, noarch included. */
    /** One channel's records for a platform, noarch included; {@code skipped}: malformed records left out. */
    public record ChannelData(Channel channel, List<PackageRecord> records, List<String> skipped) {
        public ChannelData(Channel channel, List<PackageRecord> records) {
            this(channel, records, List.of());
        }
    }

    public List<ChannelData> load(List<Channel> channels, String platform) throws CondockException {
        List<ChannelData> out = new ArrayList<>();
        for (Channel c : channels) {
            List<PackageRecord> recs = new ArrayList<>();
            List<String> skipped = new ArrayList<>();
            int found = 0;
            for (String subdir : platform.equals("noarch") ? List.of("noarch") : List.of(platform, "noarch")) {
                RepodataParser.Subdir sd = loadSubdir(c, subdir);
                if (sd != null) {
                    found++;
                    recs.addAll(sd.records());
                    skipped.addAll(sd.skipped());
                }
            }
            if (found == 0) {
                throw CondockException.user("channel " + c.name() + " (" + c.url() + "): no repodata.json for "
                        + platform + " or noarch: is the channel name right?");
            }
            out.add(new ChannelData(c, recs, List.copyOf(skipped)));
        }
        return out;
    }

    private RepodataParser.Subdir loadSubdir(Channel c, String subdir) throws CondockException {
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

    private RepodataParser.Subdir loadOne(Channel c, String url, String shown, String subdir, String base)
            throws CondockException {
        if (url.startsWith("file:")) {
            Path p = Path.of(URI.create(url));
            try (InputStream in = Files.newInputStream(p)) {
                return RepodataParser.parse(in, p.toString(), subdir, base, c.url());
            } catch (NoSuchFileException e) {
                return null;
            } catch (IOException e) {
                throw CondockException.environment(p + ": cannot read: " + e.getMessage(), e);
            }
        }
        if (url.startsWith("http://") || url.startsWith("https://")) {
            Path cached = http.fetch(url, shown);
            if (cached == null) return null;
            try (InputStream in = Files.newInputStream(cached)) {
                return RepodataParser.parse(in, shown, subdir, base, c.url());
            } catch (CondockException e) {
                http.evict(url); // a corrupt body must not be served from the cache next time
                throw e;
            } catch (IOException e) {
                throw CondockException.environment(cached + ": cannot read: " + e.getMessage(), e);
            }
        }
        throw CondockException.user("channel " + c.name() + ": unsupported URL scheme in " + c.url());
    }
}
