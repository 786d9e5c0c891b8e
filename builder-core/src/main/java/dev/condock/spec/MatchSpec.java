package dev.condock.spec;

import dev.condock.model.PackageRecord;
import dev.condock.version.InvalidVersionException;
import dev.condock.version.VersionOrder;
import dev.condock.version.VersionSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A conda MatchSpec (CEP 29): {@code [channel[/subdir]::]name[ version[ build]]}, {@code name=ver=build},
 * relations, and bracket keys ({@code version, build, build_number, channel, subdir, track_features,
 * features, md5, sha256, fn}). Null fields match anything.
 */
public record MatchSpec(
        String text,
        String channel,
        String subdir,
        String name,
        VersionSpec version,
        String buildGlob,
        VersionSpec buildNumber,
        String trackFeature,
        String feature,
        String md5,
        String sha256) {

    private static final Pattern BRACKET = Pattern.compile("^(.*?)\\[([^\\]]*)\\]\\s*$");
    private static final Pattern NAME = Pattern.compile("^([^ =<>!~]+)?([><!=~ ].+)?$");
    private static final Pattern VERSION_BUILD =
            Pattern.compile("^((?:.+?)[^><!,|]?)(?:(?<![=!|,<>~])(?:[ =])([^-=,|<>~]+?))?$");
    private static final Pattern KV = Pattern.compile("\\s*([a-z_]+)\\s*=\\s*(\"[^\"]*\"|'[^']*'|[^,]*)\\s*(?:,|$)");

    /** Parses; throws {@link IllegalArgumentException} with a one-line reason. */
    public static MatchSpec parse(String input) {
        String s = input;
        int hash = s.indexOf('#');
        if (hash >= 0) s = s.substring(0, hash);
        s = s.strip();
        if (s.isEmpty()) throw new IllegalArgumentException("empty match spec");
        Map<String, String> keys = new LinkedHashMap<>();
        Matcher b = BRACKET.matcher(s);
        if (b.matches()) {
            s = b.group(1).strip();
            Matcher kv = KV.matcher(b.group(2));
            int at = 0;
            while (at < b.group(2).length() && kv.find(at) && kv.start() == at) {
                String val = kv.group(2).strip();
                if (val.length() >= 2 && (val.startsWith("\"") || val.startsWith("'")))
                    val = val.substring(1, val.length() - 1);
                keys.put(kv.group(1), val);
                at = kv.end();
            }
            if (at < b.group(2).strip().length())
                throw new IllegalArgumentException("bad bracket in match spec '" + input + "'");
        }
        String channel = null;
        String subdir = null;
        int cc = s.lastIndexOf("::");
        if (cc >= 0) {
            channel = s.substring(0, cc);
            s = s.substring(cc + 2);
            int slash = channel.lastIndexOf('/');
            if (slash > 0 && looksLikeSubdir(channel.substring(slash + 1))) {
                subdir = channel.substring(slash + 1);
                channel = channel.substring(0, slash);
            }
        }
        Matcher n = NAME.matcher(s);
        if (!n.matches() || n.group(1) == null)
            throw new IllegalArgumentException("no package name in match spec '" + input + "'");
        String name = n.group(1);
        if (name.indexOf('[') >= 0 || name.indexOf(']') >= 0) {
            throw new IllegalArgumentException("unbalanced bracket in match spec '" + input + "'");
        }
        String rest = n.group(2) == null ? "" : n.group(2).strip();
        String versionText = null;
        String build = null;
        if (!rest.isEmpty()) {
            Matcher vb = VERSION_BUILD.matcher(rest);
            if (vb.matches()) {
                versionText = vb.group(1).replace(" ", "");
                build = vb.group(2) == null ? null : vb.group(2).strip();
            } else {
                versionText = rest.replace(" ", "");
            }
            if (versionText.equals("==")
                    || versionText.equals("=")
                    || versionText.equals("<=")
                    || versionText.equals(">=")) {
                throw new IllegalArgumentException("missing version in match spec '" + input + "'");
            } else if (versionText.startsWith("=")
                    && !versionText.startsWith("==")
                    && !versionText.matches(".*[,|<>!~].*")
                    && versionText.indexOf('=', 1) < 0) {
                // conda reads "=1.2" as "1.2*"
                versionText = versionText.substring(1);
                if (!versionText.endsWith("*")) versionText = versionText + "*";
            } else if (versionText.startsWith("==") && !versionText.matches(".*[,|].*")) {
                versionText = versionText.substring(2);
            }
        }
        if (keys.containsKey("version")) versionText = keys.get("version");
        if (keys.containsKey("build")) build = keys.get("build");
        if (keys.containsKey("channel")) channel = keys.get("channel");
        if (keys.containsKey("subdir")) subdir = keys.get("subdir");
        for (String k : keys.keySet()) {
            if (!java.util.Set.of(
                            "version",
                            "build",
                            "build_number",
                            "channel",
                            "subdir",
                            "track_features",
                            "features",
                            "md5",
                            "sha256",
                            "fn",
                            "url",
                            "license",
                            "name")
                    .contains(k)) {
                throw new IllegalArgumentException("unknown key '" + k + "' in match spec '" + input + "'");
            }
        }
        VersionSpec version;
        VersionSpec buildNumber;
        try {
            version = versionText == null || versionText.isEmpty() ? null : VersionSpec.parse(versionText);
            String bn = keys.get("build_number");
            buildNumber = bn == null ? null : VersionSpec.parse(bn);
        } catch (InvalidVersionException e) {
            throw new IllegalArgumentException(e.getMessage() + " in match spec '" + input + "'");
        }
        return new MatchSpec(
                input.strip(),
                channel,
                subdir,
                name,
                version,
                build,
                buildNumber,
                keys.get("track_features"),
                keys.get("features"),
                keys.get("md5"),
                keys.get("sha256"));
    }

    private static boolean looksLikeSubdir(String s) {
        return s.equals("noarch") || s.matches("(linux|osx|win|emscripten|wasi|zos|freebsd)-[a-z0-9_]+");
    }

    /** Whether {@code r} satisfies everything but the channel (the index checks channels). */
    public boolean matches(PackageRecord r) {
        if (!name.equals("*") && !globMatch(name, r.name())) return false;
        return matchesIgnoringName(r);
    }

    /** Name already known to match; checks version, build and the other keys. */
    public boolean matchesIgnoringName(PackageRecord r) {
        if (version != null && !version.matches(versionOf(r))) return false;
        if (buildGlob != null && !globMatch(buildGlob, r.build())) return false;
        if (buildNumber != null
                && !buildNumber.matches(VersionOrder.parse(Long.toString(Math.max(0, r.buildNumber()))))) return false;
        if (trackFeature != null && !r.trackFeatures().contains(trackFeature)) return false;
        if (feature != null
                && (r.features() == null
                        || !java.util.List.of(r.features().split("[ ,]+")).contains(feature))) return false;
        if (md5 != null && !md5.equals(r.md5())) return false;
        if (sha256 != null && !sha256.equals(r.sha256())) return false;
        if (subdir != null && r.subdir() != null && !subdir.equals(r.subdir())) return false;
        return true;
    }

    private static final java.util.concurrent.ConcurrentHashMap<String, VersionOrder> VERSIONS =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** Parsed versions are cached: the same few strings are compared over and over during a solve. */
    public static VersionOrder versionOf(PackageRecord r) {
        return VERSIONS.computeIfAbsent(r.version(), VersionOrder::parse);
    }

    static boolean globMatch(String glob, String value) {
        if (glob.indexOf('*') < 0) return glob.equals(value);
        String[] parts = glob.split("\\*", -1);
        int at = 0;
        if (!value.startsWith(parts[0])) return false;
        at = parts[0].length();
        for (int i = 1; i < parts.length - 1; i++) {
            int f = value.indexOf(parts[i], at);
            if (f < 0) return false;
            at = f + parts[i].length();
        }
        String last = parts[parts.length - 1];
        return value.length() - at >= last.length() && value.endsWith(last);
    }

    @Override
    public String toString() {
        return text;
    }
}
