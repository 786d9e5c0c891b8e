package dev.condock.provenance;

import dev.condock.model.PackageRecord;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/** Package URLs (purl spec): {@code pkg:conda/<channel>/<name>@<version>?build=..} and {@code pkg:pypi/..}. */
public final class Purls {
    private Purls() {}

    /** {@code pkg:conda/<channel>/<name>@<version>?build=<build>&subdir=<subdir>&type=conda|tar.bz2}. */
    public static String conda(PackageRecord r) {
        StringBuilder sb = new StringBuilder("pkg:conda/");
        String channel = channelName(r);
        if (channel != null) {
            sb.append(encode(channel)).append('/');
        }
        sb.append(encode(r.name().toLowerCase(java.util.Locale.ROOT)))
                .append('@')
                .append(encode(r.version()));
        // qualifiers in lexical key order, as the spec's canonical form has them
        sb.append("?build=").append(encode(r.build()));
        String subdir = r.subdir() != null ? r.subdir() : subdirFromUrl(r.url());
        if (subdir != null) {
            sb.append("&subdir=").append(encode(subdir));
        }
        String fn = r.fn() != null
                ? r.fn()
                : r.url() == null ? null : r.url().substring(r.url().lastIndexOf('/') + 1);
        if (fn != null) {
            sb.append("&type=").append(fn.endsWith(".tar.bz2") ? "tar.bz2" : "conda");
        }
        return sb.toString();
    }

    public static String pypi(String normalizedName, String version) {
        return "pkg:pypi/" + encode(normalizedName) + "@" + encode(version);
    }

    /** The channel's name: the last path segment of its URL ("conda-forge"), else the download URL's. */
    static String channelName(PackageRecord r) {
        String c = r.channel();
        if (c == null && r.url() != null) {
            // <channel>/<subdir>/<file>
            String u = r.url();
            int file = u.lastIndexOf('/');
            int sub = file > 0 ? u.lastIndexOf('/', file - 1) : -1;
            c = sub > 0 ? u.substring(0, sub) : null;
        }
        if (c == null) {
            return null;
        }
        try {
            String path = URI.create(c.strip()).getPath();
            if (path == null || path.isEmpty() || path.equals("/")) {
                return URI.create(c.strip()).getHost();
            }
            path = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
            return path.substring(path.lastIndexOf('/') + 1);
        } catch (IllegalArgumentException e) {
            return c.contains("/") ? null : c; // a bare channel name
        }
    }

    private static String subdirFromUrl(String url) {
        if (url == null) {
            return null;
        }
        String[] parts = url.split("/");
        return parts.length >= 2 ? parts[parts.length - 2] : null;
    }

    /** Percent-encodes all but the purl spec's unreserved characters. */
    static String encode(String s) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '.'
                    || c == '-'
                    || c == '_'
                    || c == '~') {
                sb.append((char) c);
            } else {
                sb.append('%').append(String.format("%02X", c));
            }
        }
        return sb.toString();
    }
}
