package dev.condock.version;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * conda's VersionOrder (conda/models/version.py), reproduced exactly: an epoch, dot/underscore separated
 * components split into runs of digits and non-digits, "dev" below letters, "post" above every number, strings
 * below numbers, a missing component equal to 0. Parsed components are Long, {@link #INF} (post) or String.
 */
public final class VersionOrder implements Comparable<VersionOrder> {
    /** conda's float("inf"): "post" sorts above every number. */
    public static final Object INF = new Object() {
        @Override
        public String toString() {
            return "inf";
        }
    };

    private static final Pattern CHECK = Pattern.compile("^[*.+!_0-9a-z]+$");
    private static final Pattern SPLIT = Pattern.compile("([0-9]+|[*]+|[^0-9*]+)");
    private static final Long FILL = 0L;

    private final String source;
    private final Object[][] version;
    private final Object[][] local;

    private VersionOrder(String source, Object[][] version, Object[][] local) {
        this.source = source;
        this.version = version;
        this.local = local;
    }

    /** Parses like conda; throws {@link InvalidVersionException} with conda's reason. */
    public static VersionOrder parse(String vstr) {
        String v = vstr.strip().toLowerCase(java.util.Locale.ROOT);
        if (v.isEmpty()) throw new InvalidVersionException(vstr, "empty version string");
        boolean invalid = !CHECK.matcher(v).matches();
        if (invalid && v.contains("-") && !v.contains("_")) {
            // conda allows dashes when there are no underscores, by reading them as underscores
            v = v.replace('-', '_');
            invalid = !CHECK.matcher(v).matches();
        }
        if (invalid) throw new InvalidVersionException(vstr, "invalid character(s)");
        String[] ep = v.split("!", -1);
        String epoch;
        if (ep.length == 1) {
            epoch = "0";
        } else if (ep.length == 2) {
            if (ep[0].isEmpty() || !ep[0].chars().allMatch(Character::isDigit)) {
                throw new InvalidVersionException(vstr, "epoch must be an integer");
            }
            epoch = ep[0];
        } else {
            throw new InvalidVersionException(vstr, "duplicated epoch separator '!'");
        }
        String[] lp = ep[ep.length - 1].split("\\+", -1);
        List<String> localParts = new ArrayList<>();
        if (lp.length == 2) {
            localParts.addAll(List.of(lp[1].replace('_', '.').split("\\.", -1)));
        } else if (lp.length > 2) {
            throw new InvalidVersionException(vstr, "duplicated local version separator '+'");
        }
        String main = lp[0];
        if (main.isEmpty())
            throw new InvalidVersionException(vstr, "missing version before local version separator '+'");
        List<String> parts = new ArrayList<>();
        parts.add(epoch);
        if (main.endsWith("_")) {
            // openssl-like versions: a trailing underscore stays on the last component
            String[] s = main.substring(0, main.length() - 1).replace('_', '.').split("\\.", -1);
            s[s.length - 1] += "_";
            parts.addAll(List.of(s));
        } else {
            parts.addAll(List.of(main.replace('_', '.').split("\\.", -1)));
        }
        return new VersionOrder(vstr, components(vstr, parts), components(vstr, localParts));
    }

    private static Object[][] components(String vstr, List<String> parts) {
        Object[][] out = new Object[parts.size()][];
        for (int k = 0; k < parts.size(); k++) {
            String part = parts.get(k);
            Matcher m = SPLIT.matcher(part);
            List<Object> c = new ArrayList<>();
            while (m.find()) {
                String s = m.group();
                if (Character.isDigit(s.charAt(0))) {
                    c.add(parseNumber(s));
                } else if (s.equals("post")) {
                    c.add(INF);
                } else if (s.equals("dev")) {
                    c.add("DEV"); // upper case: '*' < 'DEV' < '_' < 'a'
                } else {
                    c.add(s);
                }
            }
            if (c.isEmpty()) throw new InvalidVersionException(vstr, "empty version component");
            if (!Character.isDigit(part.charAt(0))) c.add(0, FILL); // keep numbers and strings in phase
            out[k] = c.toArray();
        }
        return out;
    }

    private static Object parseNumber(String s) {
        if (s.length() <= 18) return Long.parseLong(s);
        return new java.math.BigInteger(s);
    }

    /** The string this was parsed from. */
    public String source() {
        return source;
    }

    /** conda's {@code VersionOrder.version} printed the Python way, e.g. {@code [[0], [1], [2, 'a', 1]]}. */
    public String toPythonRepr() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < version.length; i++) {
            if (i > 0) sb.append(", ");
            sb.append('[');
            for (int j = 0; j < version[i].length; j++) {
                if (j > 0) sb.append(", ");
                Object o = version[i][j];
                sb.append(o instanceof String ? "'" + o + "'" : o.toString());
            }
            sb.append(']');
        }
        return sb.append(']').toString();
    }

    static int compareComponent(Object c1, Object c2) {
        if (c1 instanceof String s1) {
            return c2 instanceof String s2 ? Integer.signum(s1.compareTo(s2)) : -1;
        }
        if (c2 instanceof String) return 1;
        if (c1 == INF) return c2 == INF ? 0 : 1;
        if (c2 == INF) return -1;
        if (c1 instanceof Long l1 && c2 instanceof Long l2) return Long.compare(l1, l2);
        return toBig(c1).compareTo(toBig(c2));
    }

    private static java.math.BigInteger toBig(Object o) {
        return o instanceof java.math.BigInteger b ? b : java.math.BigInteger.valueOf((Long) o);
    }

    private static int compareLists(Object[][] t1, Object[][] t2) {
        int n = Math.max(t1.length, t2.length);
        for (int i = 0; i < n; i++) {
            Object[] v1 = i < t1.length ? t1[i] : new Object[0];
            Object[] v2 = i < t2.length ? t2[i] : new Object[0];
            int m = Math.max(v1.length, v2.length);
            for (int j = 0; j < m; j++) {
                Object c1 = j < v1.length ? v1[j] : FILL;
                Object c2 = j < v2.length ? v2[j] : FILL;
                int c = compareComponent(c1, c2);
                if (c != 0) return c;
            }
        }
        return 0;
    }

    @Override
    public int compareTo(VersionOrder o) {
        int c = compareLists(version, o.version);
        return c != 0 ? c : compareLists(local, o.local);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VersionOrder v && compareTo(v) == 0;
    }

    @Override
    public int hashCode() {
        return 0; // equality ignores trailing zeros; a finer hash would have to normalise them
    }

    /**
     * conda's {@code startswith}: equal up to the last component of {@code other}, whose leading elements
     * must match, and a trailing string of {@code other} may be a prefix (so 1.0.1* matches 1.0.1c).
     */
    public boolean startsWith(VersionOrder other) {
        Object[][] t1;
        Object[][] t2;
        if (other.local.length > 0) {
            if (compareLists(version, other.version) != 0) return false;
            t1 = local;
            t2 = other.local;
        } else {
            t1 = version;
            t2 = other.version;
        }
        int nt = t2.length - 1;
        if (compareLists(slice(t1, nt), slice(t2, nt)) != 0) return false;
        Object[] v1 = t1.length <= nt ? new Object[0] : t1[nt];
        Object[] v2 = t2[nt];
        int ne = v2.length - 1;
        Object[] v1h = java.util.Arrays.copyOf(v1, Math.min(v1.length, ne));
        Object[] v2h = java.util.Arrays.copyOf(v2, ne);
        if (compareLists(new Object[][] {v1h}, new Object[][] {v2h}) != 0) return false;
        Object c1 = v1.length <= ne ? FILL : v1[ne];
        Object c2 = v2[ne];
        if (c2 instanceof String s2) return c1 instanceof String s1 && s1.startsWith(s2);
        return compareComponent(c1, c2) == 0;
    }

    private static Object[][] slice(Object[][] t, int n) {
        return java.util.Arrays.copyOf(t, Math.min(t.length, n));
    }

    /** The version with its last component dropped (for {@code ~=}). */
    VersionOrder withoutLast() {
        String s = source.strip();
        int i = s.lastIndexOf('.');
        return i < 0 ? this : parse(s.substring(0, i));
    }

    @Override
    public String toString() {
        return source;
    }
}
