package dev.condock.pip;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The wheel tags an image accepts, in pip's preference order (packaging.tags.sys_tags for the target): interpreter
 * ABI, then abi3, then none; platforms manylinux_2_X newest compatible first with the legacy manylinux2014/2010/1
 * aliases after their equivalents, then linux_ARCH; then pure {@code pyXY-none-any} tags last.
 */
public final class WheelTags {
    private final Map<String, Integer> priority = new HashMap<>();
    private final List<String> ordered = new ArrayList<>();

    private WheelTags(List<String> tags) {
        for (String t : tags) {
            if (priority.putIfAbsent(t, ordered.size()) == null) ordered.add(t);
        }
    }

    /** The parsed parts of a wheel file name. */
    public record WheelName(String name, String version, String build, List<String> tags) {}

    public static WheelTags forTarget(PipTarget t) {
        String[] pv = t.pythonMajorMinor().split("\\.");
        int major = Integer.parseInt(pv[0]), minor = Integer.parseInt(pv[1]);
        String impl = t.implementation() == null ? "cp" : t.implementation();
        String interp = impl + major + minor;
        List<String> platforms = platforms(t);
        List<String> tags = new ArrayList<>();
        if (impl.equals("cp")) {
            for (String p : platforms) tags.add(interp + "-" + interp + "-" + p);
            boolean abi3 = major == 3;
            if (abi3) for (String p : platforms) tags.add(interp + "-abi3-" + p);
            for (String p : platforms) tags.add(interp + "-none-" + p);
            if (abi3) {
                for (int m = minor - 1; m > 1; m--)
                    for (String p : platforms) tags.add("cp" + major + m + "-abi3-" + p);
            }
        } else {
            // pypy: its ABI tag is version-specific (pypy39_pp73); only generic tags are predictable
            for (String p : platforms) tags.add(interp + "-none-" + p);
        }
        List<String> pyRange = new ArrayList<>();
        pyRange.add("py" + major + minor);
        pyRange.add("py" + major);
        for (int m = minor - 1; m >= 0; m--) pyRange.add("py" + major + m);
        for (String v : pyRange) for (String p : platforms) tags.add(v + "-none-" + p);
        tags.add(interp + "-none-any");
        for (String v : pyRange) tags.add(v + "-none-any");
        return new WheelTags(tags);
    }

    /** linux platform tags for the target's glibc, newest first (packaging's _manylinux.platform_tags). */
    static List<String> platforms(PipTarget t) {
        String arch = t.machine();
        int glibcMinor = 17;
        if (t.glibc() != null) {
            String[] g = t.glibc().split("\\.");
            if (g.length >= 2 && g[0].equals("2")) glibcMinor = Integer.parseInt(g[1].replaceAll("\\D.*", ""));
        }
        int tooOld = arch.equals("x86_64") || arch.equals("i686") ? 4 : 16;
        List<String> out = new ArrayList<>();
        for (int m = glibcMinor; m > tooOld; m--) {
            out.add("manylinux_2_" + m + "_" + arch);
            if (m == 17) out.add("manylinux2014_" + arch);
            if (m == 12 && (arch.equals("x86_64") || arch.equals("i686"))) out.add("manylinux2010_" + arch);
            if (m == 5 && (arch.equals("x86_64") || arch.equals("i686"))) out.add("manylinux1_" + arch);
        }
        out.add("linux_" + arch);
        return out;
    }

    /** Parses {@code name-ver(-build)?-py-abi-plat.whl}; null when not a wheel name. */
    public static WheelName parse(String filename) {
        if (!filename.endsWith(".whl")) return null;
        String[] p = filename.substring(0, filename.length() - 4).split("-");
        if (p.length != 5 && p.length != 6) return null;
        List<String> tags = new ArrayList<>();
        String py = p[p.length - 3], abi = p[p.length - 2], plat = p[p.length - 1];
        for (String a : py.split("\\."))
            for (String b : abi.split("\\.")) for (String c : plat.split("\\.")) tags.add(a + "-" + b + "-" + c);
        return new WheelName(PipNames.normalize(p[0]), p[1], p.length == 6 ? p[2] : null, tags);
    }

    /** The best (lowest) priority of any of the wheel's tags, or -1 when none is supported. */
    public int priority(WheelName w) {
        int best = -1;
        for (String tag : w.tags()) {
            Integer i = priority.get(tag);
            if (i != null && (best < 0 || i < best)) best = i;
        }
        return best;
    }

    /** All supported tags, most preferred first. */
    public List<String> ordered() {
        return List.copyOf(ordered);
    }
}
