package dev.condock.lock;

import dev.condock.model.PackageRecord;
import dev.condock.util.CondockException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;

/** Derives a record's name/version/build, subdir and channel from a package URL, as conda does for @EXPLICIT. */
public final class PackageUrls {
    private PackageUrls() {}

    public static boolean isArchiveName(String fn) {
        return fn.endsWith(".conda") || fn.endsWith(".tar.bz2");
    }

    /**
     * A record for {@code url}: "https://host/chan/linux-64/zlib-1.2.13-hd590300_5.conda" gives name zlib,
     * version 1.2.13, build hd590300_5, subdir linux-64, channel https://host/chan. Local paths become file: URLs.
     */
    public static PackageRecord recordFor(String where, String url) throws CondockException {
        String normalized = normalize(where, url);
        String path = normalized.replaceFirst("^[a-z][a-z0-9+.-]*://[^/]*", "");
        int slash = path.lastIndexOf('/');
        if (slash < 0) {
            // "file:a-1-0.conda": no directory, so no subdir or channel (found by fuzzing: it crashed)
            throw CondockException.user(
                    where + ": malformed package URL (expected .../<subdir>/<file>): " + shown(url));
        }
        String fn = path.substring(slash + 1);
        if (!isArchiveName(fn)) {
            throw CondockException.user(
                    where + ": not a conda package URL (expected .conda or .tar.bz2): " + shown(url));
        }
        String stem = fn.endsWith(".conda") ? fn.substring(0, fn.length() - 6) : fn.substring(0, fn.length() - 8);
        int b = stem.lastIndexOf('-');
        int v = b > 0 ? stem.lastIndexOf('-', b - 1) : -1;
        if (v <= 0) {
            throw CondockException.user(where + ": package file name is not name-version-build: " + shown(fn));
        }
        String dir = normalized.substring(0, normalized.length() - fn.length() - 1);
        int s2 = dir.lastIndexOf('/');
        String subdir = dir.substring(s2 + 1);
        String channel = dir.substring(0, Math.max(s2, 0));
        return PackageRecord.builder(stem.substring(0, v), stem.substring(v + 1, b), stem.substring(b + 1))
                .url(normalized)
                .channel(channel)
                .fn(fn)
                .subdir(subdir)
                .build();
    }

    /** What an @EXPLICIT line says of a package: the record for its URL, with the hash the line carries. */
    public static PackageRecord recordFor(String where, String url, String md5, String sha256) throws CondockException {
        return recordFor(where, url).toBuilder().md5(md5).sha256(sha256).build();
    }

    /** A URL or line for a one-line message: credentials out, control characters escaped, at most 200 chars. */
    static String shown(String s) {
        String r = dev.condock.util.Redact.url(s.length() > 400 ? s.substring(0, 400) : s);
        StringBuilder sb = new StringBuilder();
        for (char c : r.toCharArray()) {
            sb.append(c < 0x20 || c == 0x7f ? String.format("\\x%02x", (int) c) : String.valueOf(c));
        }
        return sb.length() > 200 ? sb.substring(0, 200) + "..." : sb.toString();
    }

    /** http(s) and file URLs pass; a bare path becomes an absolute file: URL. */
    static String normalize(String where, String url) throws CondockException {
        if (url.startsWith("http://") || url.startsWith("https://") || url.startsWith("file:")) {
            try {
                new URI(url.replace(" ", "%20"));
            } catch (URISyntaxException e) {
                throw CondockException.user(where + ": malformed package URL: " + shown(url));
            }
            return url;
        }
        if (url.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
            throw CondockException.user(
                    where + ": unsupported URL scheme (use http, https, file or a path): " + shown(url));
        }
        try {
            return Path.of(url).toAbsolutePath().normalize().toUri().toString();
        } catch (java.nio.file.InvalidPathException e) {
            throw CondockException.user(where + ": malformed package path: " + e.getReason());
        }
    }
}
