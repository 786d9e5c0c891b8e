package dev.condock.lock;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One {@code manager: pip} package of a lock: a wheel pinned by URL and sha256 (conda-lock.yml's pip entries,
 * @EXPLICIT's {@code # pip name @ url#sha256=hex} lines). Building from a lock installs exactly these, offline
 * from the URLs, without resolving anything.
 *
 * @param name      PEP 503 normalized name
 * @param version   its version (conda-lock.yml; from the wheel file name for @EXPLICIT)
 * @param url       the wheel's URL (no credentials)
 * @param sha256    lowercase hex sha256 of the wheel
 * @param requires  what it depends on, name → specifier as conda-lock.yml's {@code dependencies} hold it
 *                  ({@code "*"} for any; empty for @EXPLICIT, which records none)
 * @param requested a top-level requirement of the {@code pip:} section (gets PEP 376 {@code REQUESTED}), or null
 *                  when the lock does not say (a lock condock did not write: see {@link #requested(LockedWheel,
 *                  List)})
 * @param direct    installed from a direct reference ({@code name @ URL} or a local wheel path): gets PEP 610
 *                  {@code direct_url.json} with {@link #url}
 */
public record LockedWheel(
        String name,
        String version,
        String url,
        String sha256,
        Map<String, String> requires,
        Boolean requested,
        boolean direct) {
    public LockedWheel {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(sha256, "sha256");
        requires = Collections.unmodifiableMap(new TreeMap<>(requires == null ? Map.of() : requires));
    }

    /** A wheel whose dependencies are known by name only, and whose requested-ness the lock does not say. */
    public LockedWheel(String name, String version, String url, String sha256, List<String> dependencies) {
        this(name, version, url, sha256, anyVersion(dependencies), null, false);
    }

    private static Map<String, String> anyVersion(List<String> names) {
        Map<String, String> m = new TreeMap<>();
        if (names != null) names.forEach(n -> m.put(n, "*"));
        return m;
    }

    /** The names it depends on, sorted. */
    public List<String> dependencies() {
        return List.copyOf(new ArrayList<>(requires.keySet()));
    }

    /** This wheel, marked requested (or not) and direct (or not), as a lock's header says. */
    public LockedWheel with(Boolean isRequested, boolean isDirect) {
        return new LockedWheel(name, version, url, sha256, requires, isRequested, isDirect);
    }

    /** The wheel's file name: the last path segment of its URL, without query or fragment. */
    public String filename() {
        String u = url;
        int cut = u.indexOf('#');
        u = cut >= 0 ? u.substring(0, cut) : u;
        cut = u.indexOf('?');
        u = cut >= 0 ? u.substring(0, cut) : u;
        return java.net.URLDecoder.decode(u.substring(u.lastIndexOf('/') + 1), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Whether the URL names a wheel (a lock may pin an sdist, which condock does not build). */
    public boolean isWheel() {
        return filename().endsWith(".whl");
    }

    /**
     * Whether {@code w} gets REQUESTED: as the lock says (condock's locks record the {@code pip:} section's
     * top-level names in {@code # pip-requested:} header lines), else, for a lock that does not say, a guess: no
     * other locked wheel depends on it (@EXPLICIT records no dependencies, so there every wheel counts).
     */
    public static boolean requested(LockedWheel w, List<LockedWheel> all) {
        if (w.requested() != null) {
            return w.requested();
        }
        for (LockedWheel o : all) {
            if (o != w && o.requires().containsKey(w.name())) {
                return false;
            }
        }
        return true;
    }
}
