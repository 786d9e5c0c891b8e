package dev.condock.lock;

import java.util.List;
import java.util.Objects;

/**
 * One {@code manager: pip} package of a lock: a wheel pinned by URL and sha256 (conda-lock.yml's pip entries,
 * @EXPLICIT's {@code # pip name @ url#sha256=hex} lines). Building from a lock installs exactly these, offline
 * from the URLs, without resolving anything.
 *
 * @param name         PEP 503 normalized name
 * @param version      its version (conda-lock.yml; from the wheel file name for @EXPLICIT)
 * @param url          the wheel's URL (no credentials)
 * @param sha256       lowercase hex sha256 of the wheel
 * @param dependencies names it depends on as the lock records them (empty for @EXPLICIT, which has none), sorted
 */
public record LockedWheel(String name, String version, String url, String sha256, List<String> dependencies) {
    public LockedWheel {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(sha256, "sha256");
        dependencies = dependencies == null ? List.of() : List.copyOf(dependencies);
    }

    /** The wheel's file name: the last path segment of its URL, without query or fragment. */
    public String filename() {
        String u = url;
        int cut = u.indexOf('#');
        u = cut >= 0 ? u.substring(0, cut) : u;
        cut = u.indexOf('?');
        u = cut >= 0 ? u.substring(0, cut) : u;
        // percent-decoding only: '+' is literal in a URL path (torch-2.13.0+cpu-...whl), URLDecoder reads it as ' '
        return java.net.URLDecoder.decode(
                u.substring(u.lastIndexOf('/') + 1).replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Whether the URL names a wheel (a lock may pin an sdist, which condock does not build). */
    public boolean isWheel() {
        return filename().endsWith(".whl");
    }

    /**
     * A top-level requirement as far as the lock can tell: no other locked wheel depends on it. @EXPLICIT records
     * no dependencies, so there every wheel counts as requested (pip then never offers to remove one as orphaned).
     */
    public static boolean requested(LockedWheel w, List<LockedWheel> all) {
        for (LockedWheel o : all) {
            if (o != w && o.dependencies().contains(w.name())) {
                return false;
            }
        }
        return true;
    }
}
