package dev.condock.channel;

import dev.condock.model.PackageRecord;
import dev.condock.spec.MatchSpec;
import dev.condock.version.VersionOrder;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides whether a repodata record is usable: its version parses, and each depends/constrains entry is a
 * MatchSpec. Done when the file is read (not in the solver) so a bad record is skipped with a warning instead of
 * failing a solve half-way. Texts already seen good are remembered: a channel repeats the same few thousand
 * dependency strings across its records, so a 500k-record channel parses each only once.
 */
final class RecordCheck {
    private final Set<String> goodVersions = new HashSet<>();
    private final Set<String> goodSpecs = new HashSet<>();

    /** Why {@code r} cannot be used, or null when it can. */
    String problem(PackageRecord r) {
        if (!goodVersions.contains(r.version())) {
            try {
                VersionOrder.parse(r.version());
                goodVersions.add(r.version());
            } catch (IllegalArgumentException e) {
                return "invalid version '" + printable(r.version()) + "': " + e.getMessage();
            }
        }
        String bad = badSpec(r.depends());
        if (bad != null) return "invalid depends entry " + bad;
        bad = badSpec(r.constrains());
        return bad == null ? null : "invalid constrains entry " + bad;
    }

    private String badSpec(List<String> specs) {
        for (String s : specs) {
            if (goodSpecs.contains(s)) continue;
            try {
                MatchSpec.parse(s);
                goodSpecs.add(s);
            } catch (IllegalArgumentException e) {
                return "'" + printable(s) + "': " + e.getMessage();
            }
        }
        return null;
    }

    /** Record texts come from a server: control characters would break the one-line message. */
    static String printable(String s) {
        String t = s.length() > 200 ? s.substring(0, 200) + "..." : s;
        StringBuilder sb = new StringBuilder(t.length());
        t.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                sb.append(String.format("\\x%02x", c));
            } else {
                sb.appendCodePoint(c);
            }
        });
        return sb.toString();
    }
}
