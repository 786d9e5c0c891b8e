package dev.condock.pip;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PEP 440 version, parsed and ordered as {@code packaging.version.Version} does: epoch, release (trailing zeros
 * ignored), pre (a &lt; b &lt; rc), post, dev, local (numeric segments above alphanumeric ones).
 */
public final class Pep440Version implements Comparable<Pep440Version> {
    // packaging's VERSION_PATTERN, verbatim in meaning
    private static final Pattern PATTERN = Pattern.compile(
            "^\\s*v?(?:(?:(?<epoch>[0-9]+)!)?(?<release>[0-9]+(?:\\.[0-9]+)*)"
                    + "(?<pre>[-_.]?(?<prel>alpha|a|beta|b|preview|pre|c|rc)[-_.]?(?<pren>[0-9]+)?)?"
                    + "(?<post>(?:-(?<postn1>[0-9]+))|(?:[-_.]?(?<postl>post|rev|r)[-_.]?(?<postn2>[0-9]+)?))?"
                    + "(?<dev>[-_.]?(?<devl>dev)[-_.]?(?<devn>[0-9]+)?)?)"
                    + "(?:\\+(?<local>[a-z0-9]+(?:[-_.][a-z0-9]+)*))?\\s*$",
            Pattern.CASE_INSENSITIVE);

    private final String text;
    private final long epoch;
    private final long[] release;
    private final String preLetter; // "a", "b", "rc" or null
    private final long preNumber;
    private final long post; // -1 when none
    private final long dev; // -1 when none
    private final List<Object> local; // Long or String segments; null when none

    private Pep440Version(
            String text,
            long epoch,
            long[] release,
            String preLetter,
            long preNumber,
            long post,
            long dev,
            List<Object> local) {
        this.text = text;
        this.epoch = epoch;
        this.release = release;
        this.preLetter = preLetter;
        this.preNumber = preNumber;
        this.post = post;
        this.dev = dev;
        this.local = local;
    }

    /** The version, or null when {@code s} is not PEP 440. */
    public static Pep440Version tryParse(String s) {
        if (s == null) return null;
        Matcher m = PATTERN.matcher(s);
        if (!m.matches()) return null;
        try {
            long epoch = m.group("epoch") == null ? 0 : Long.parseLong(m.group("epoch"));
            long[] release = Arrays.stream(m.group("release").split("\\."))
                    .mapToLong(Long::parseLong)
                    .toArray();
            String preLetter = null;
            long preNumber = 0;
            if (m.group("pre") != null) {
                preLetter = switch (m.group("prel").toLowerCase(Locale.ROOT)) {
                    case "alpha", "a" -> "a";
                    case "beta", "b" -> "b";
                    default -> "rc"; // c, rc, pre, preview
                };
                preNumber = m.group("pren") == null ? 0 : Long.parseLong(m.group("pren"));
            }
            long post = -1;
            if (m.group("post") != null) {
                String n = m.group("postn1") != null ? m.group("postn1") : m.group("postn2");
                post = n == null ? 0 : Long.parseLong(n);
            }
            long dev = m.group("dev") == null ? -1 : m.group("devn") == null ? 0 : Long.parseLong(m.group("devn"));
            List<Object> local = null;
            if (m.group("local") != null) {
                local = new ArrayList<>();
                for (String part : m.group("local").toLowerCase(Locale.ROOT).split("[-_.]")) {
                    local.add(part.chars().allMatch(Character::isDigit) ? (Object) Long.parseLong(part) : part);
                }
            }
            return new Pep440Version(s.strip(), epoch, release, preLetter, preNumber, post, dev, local);
        } catch (NumberFormatException e) {
            return null; // a component too long for a long is not a version anyone publishes
        }
    }

    public static Pep440Version parse(String s) {
        Pep440Version v = tryParse(s);
        if (v == null) throw new IllegalArgumentException("not a PEP 440 version: " + s);
        return v;
    }

    /** As written. */
    public String text() {
        return text;
    }

    public long epoch() {
        return epoch;
    }

    public long[] release() {
        return release.clone();
    }

    public boolean isPrerelease() {
        return preLetter != null || dev >= 0;
    }

    public boolean isPostrelease() {
        return post >= 0;
    }

    public boolean isDevrelease() {
        return dev >= 0;
    }

    public boolean hasLocal() {
        return local != null;
    }

    /** The version without its local part. */
    public Pep440Version publicVersion() {
        return local == null ? this : new Pep440Version(text, epoch, release, preLetter, preNumber, post, dev, null);
    }

    /** Epoch and release only ("1!2.0"), as packaging's base_version. */
    public Pep440Version baseVersion() {
        return new Pep440Version(text, epoch, release, null, 0, -1, -1, null);
    }

    /** The normalized form, as {@code str(packaging.version.Version)}. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        if (epoch != 0) b.append(epoch).append('!');
        for (int i = 0; i < release.length; i++) {
            if (i > 0) b.append('.');
            b.append(release[i]);
        }
        if (preLetter != null) b.append(preLetter).append(preNumber);
        if (post >= 0) b.append(".post").append(post);
        if (dev >= 0) b.append(".dev").append(dev);
        if (local != null) {
            b.append('+');
            for (int i = 0; i < local.size(); i++) {
                if (i > 0) b.append('.');
                b.append(local.get(i));
            }
        }
        return b.toString();
    }

    @Override
    public int compareTo(Pep440Version o) {
        int c = Long.compare(epoch, o.epoch);
        if (c != 0) return c;
        int n = Math.max(release.length, o.release.length);
        for (int i = 0; i < n; i++) { // trailing zeros do not count: 1.0 == 1.0.0
            c = Long.compare(i < release.length ? release[i] : 0, i < o.release.length ? o.release[i] : 0);
            if (c != 0) return c;
        }
        c = Integer.compare(preRank(), o.preRank());
        if (c != 0) return c;
        if (preLetter != null) {
            c = Long.compare(preNumber, o.preNumber);
            if (c != 0) return c;
        }
        c = Long.compare(post, o.post); // none (-1) sorts first
        if (c != 0) return c;
        c = Long.compare(dev < 0 ? Long.MAX_VALUE : dev, o.dev < 0 ? Long.MAX_VALUE : o.dev);
        if (c != 0) return c;
        return compareLocal(local, o.local);
    }

    /** dev-only releases sort before any pre-release of the same release; finals after all of them. */
    private int preRank() {
        if (preLetter == null) return post < 0 && dev >= 0 ? -1 : 4;
        return switch (preLetter) {
            case "a" -> 1;
            case "b" -> 2;
            default -> 3;
        };
    }

    private static int compareLocal(List<Object> a, List<Object> b) {
        if (a == null || b == null) return a == null ? (b == null ? 0 : -1) : 1;
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            Object x = a.get(i), y = b.get(i);
            int c;
            if (x instanceof Long lx && y instanceof Long ly) c = Long.compare(lx, ly);
            else if (x instanceof Long) c = 1; // numeric beats alphanumeric
            else if (y instanceof Long) c = -1;
            else c = ((String) x).compareTo((String) y);
            if (c != 0) return c;
        }
        return Integer.compare(a.size(), b.size());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Pep440Version v && compareTo(v) == 0;
    }

    @Override
    public int hashCode() {
        int n = release.length;
        while (n > 1 && release[n - 1] == 0) n--;
        return Arrays.hashCode(Arrays.copyOf(release, n)) * 31
                + Long.hashCode(epoch)
                + Long.hashCode(post) * 7
                + Long.hashCode(dev) * 13
                + (preLetter == null ? 0 : preLetter.hashCode() + (int) preNumber)
                + (local == null ? 0 : local.hashCode());
    }
}
