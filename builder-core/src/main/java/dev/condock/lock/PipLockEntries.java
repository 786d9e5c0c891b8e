package dev.condock.lock;

import dev.condock.channel.Channel;
import dev.condock.util.CondockException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The pip part of a lock, in both formats as conda-lock writes them: conda-lock.yml {@code manager: pip} entries
 * (name, version, manager, platform, dependencies, url, hash {sha256}, category, optional) and @EXPLICIT's
 * {@code # pip name @ url#sha256=hex} lines after the conda URLs (conda ignores them as comments). Read and
 * written here so the two stay each other's inverse.
 */
final class PipLockEntries {
    /** "# pip name @ url#sha256=hex": conda-lock's explicit renderer for a pip dependency. */
    private static final Pattern EXPLICIT = Pattern.compile("#\\s*pip\\s+([A-Za-z0-9][A-Za-z0-9._-]*)\\s*@\\s*(\\S+)");

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private PipLockEntries() {}

    /** conda-lock.yml: the platform's {@code manager: pip} entries that are not optional, sorted by name. */
    static List<LockedWheel> fromCondaLock(String file, String text, String platform) throws CondockException {
        Node root = new Yaml(new LoaderOptions()).compose(new StringReader(text)); // CondaLockParser judged it
        Map<String, LockedWheel> out = new TreeMap<>();
        if (!(root instanceof MappingNode top) || !(map(top).get("package") instanceof SequenceNode seq)) {
            return List.of();
        }
        for (Node n : seq.getValue()) {
            if (!(n instanceof MappingNode m)) {
                continue;
            }
            Map<String, Node> f = map(m);
            String where = file + ":" + (m.getStartMark().getLine() + 1);
            if (!"pip".equals(scalar(f.get("manager")))
                    || !platform.equals(scalar(f.get("platform")))
                    || "true".equals(scalar(f.get("optional")))) {
                continue;
            }
            String name = scalar(f.get("name"));
            String version = scalar(f.get("version"));
            String url = scalar(f.get("url"));
            if (name == null || version == null || url == null) {
                throw CondockException.user(where + ": pip package entry needs name, version and url");
            }
            String sha = f.get("hash") instanceof MappingNode h ? scalar(map(h).get("sha256")) : null;
            if (sha == null || !SHA256.matcher(sha.toLowerCase()).matches()) {
                throw CondockException.user(where + ": pip package " + name + " has no sha256 hash; condock only "
                        + "installs verified wheels");
            }
            Map<String, String> deps = new TreeMap<>();
            if (f.get("dependencies") instanceof MappingNode dm) {
                for (NodeTuple t : dm.getValue()) {
                    String d = scalar(t.getKeyNode());
                    if (d != null) {
                        String spec = scalar(t.getValueNode());
                        deps.put(normalize(d), spec == null || spec.isBlank() ? "*" : spec);
                    }
                }
            }
            LockedWheel w = new LockedWheel(normalize(name), version, url, sha.toLowerCase(), deps, null, false);
            // an sdist (conda-lock locks those too) is kept: the build refuses it by name, reading does not
            if (w.isWheel()) {
                check(where, w);
            }
            if (out.put(w.name(), w) != null) {
                throw CondockException.user(where + ": pip package " + name + " is locked twice for " + platform);
            }
        }
        return marked(new ArrayList<>(out.values()), text, platform);
    }

    /** @EXPLICIT: the {@code # pip name @ url#sha256=hex} lines, sorted by name. */
    static List<LockedWheel> fromExplicit(String file, String text) throws CondockException {
        Map<String, LockedWheel> out = new TreeMap<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (!line.matches("#\\s*pip\\s.*")) {
                continue;
            }
            String where = file + ":" + (i + 1);
            Matcher m = EXPLICIT.matcher(line);
            if (!m.matches()) {
                throw CondockException.user(where + ": malformed pip line (expected '# pip name @ url#sha256=hex')");
            }
            String url = m.group(2);
            int frag = url.lastIndexOf("#sha256=");
            String sha =
                    frag < 0 ? null : url.substring(frag + "#sha256=".length()).toLowerCase();
            if (sha == null || !SHA256.matcher(sha).matches()) {
                throw CondockException.user(where + ": pip package " + m.group(1) + " has no #sha256=<hex>; condock "
                        + "only installs verified wheels");
            }
            url = url.substring(0, frag);
            LockedWheel probe = new LockedWheel(normalize(m.group(1)), "0", url, sha, List.<String>of());
            checkWheel(where, probe);
            String version = versionOf(where, probe.filename());
            LockedWheel w = new LockedWheel(probe.name(), version, url, sha, List.<String>of());
            check(where, w);
            if (out.put(w.name(), w) != null) {
                throw CondockException.user(where + ": pip package " + w.name() + " is locked twice");
            }
        }
        return marked(new ArrayList<>(out.values()), text, null);
    }

    /**
     * Header lines saying which wheels the {@code pip:} section asked for (REQUESTED) and which came from a direct
     * reference (direct_url.json): {@code # pip-requested: [PLATFORM ]NAME[ direct]}. Neither conda-lock.yml nor
     * conda-lock's @EXPLICIT lines can carry this (conda-lock's pip entries have no such field, and its installer
     * parses {@code # pip} lines with a regex a suffix would break), so condock keeps it in comments, which conda
     * and conda-lock ignore. {@code platform} null: an @EXPLICIT file (one platform, none named).
     */
    static String requestedLines(List<LockedWheel> wheels, String platform) {
        StringBuilder sb = new StringBuilder();
        List<LockedWheel> sorted = new ArrayList<>(wheels);
        sorted.sort(Comparator.comparing(LockedWheel::name));
        for (LockedWheel w : sorted) {
            if (Boolean.TRUE.equals(w.requested())) {
                sb.append(REQUESTED_KEY)
                        .append(platform == null ? "" : platform + " ")
                        .append(w.name())
                        .append(w.direct() ? " direct" : "")
                        .append('\n');
            }
        }
        return sb.toString();
    }

    private static final String REQUESTED_KEY = "# pip-requested: ";

    /** The wheels marked as the header's {@code # pip-requested:} lines say; unmarked when it has none. */
    private static List<LockedWheel> marked(List<LockedWheel> wheels, String text, String platform) {
        Map<String, Boolean> requested = new TreeMap<>(); // name -> direct
        boolean any = false;
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (!line.startsWith(REQUESTED_KEY.strip())) {
                continue;
            }
            any = true;
            List<String> t = new ArrayList<>(List.of(
                    line.substring(REQUESTED_KEY.strip().length()).strip().split("\\s+")));
            boolean direct = t.size() > 1 && t.get(t.size() - 1).equals("direct");
            if (direct) {
                t.remove(t.size() - 1);
            }
            if (t.size() == 2 && platform != null && !t.get(0).equals(platform)) {
                continue; // another platform's
            }
            requested.put(normalize(t.get(t.size() - 1)), direct);
        }
        if (!any) {
            return wheels;
        }
        List<LockedWheel> out = new ArrayList<>();
        for (LockedWheel w : wheels) {
            Boolean direct = requested.get(w.name());
            out.add(w.with(direct != null, Boolean.TRUE.equals(direct)));
        }
        return out;
    }

    /** conda-lock.yml entries, one mapping per wheel, as conda-lock writes pip packages. */
    static List<Map<String, Object>> condaLockEntries(String platform, List<LockedWheel> wheels) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (LockedWheel w : wheels) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", w.name());
            m.put("version", w.version());
            m.put("manager", "pip");
            m.put("platform", platform);
            Map<String, String> deps = new TreeMap<>();
            w.requires().forEach((d, spec) -> deps.put(d, condaLockSpecifier(spec)));
            m.put("dependencies", deps);
            m.put("url", Channel.redact(w.url()));
            m.put("hash", new TreeMap<>(Map.of("sha256", w.sha256())));
            m.put("category", "main");
            m.put("optional", false);
            out.add(m);
        }
        return out;
    }

    /**
     * A PEP 440 specifier as conda-lock writes a pip dependency's (poetry's constraint rendering, e.g. requests'
     * {@code charset-normalizer: '>=2,<4'} for Requires-Dist {@code <4,>=2}): lower bounds first, a lone exact pin
     * as the bare version ({@code pydantic-core: 2.14.3}), no constraint as {@code *}. Anything else is kept as
     * written; both readers take any text (a build from a lock only needs the names).
     */
    static String condaLockSpecifier(String spec) {
        if (spec == null || spec.isBlank() || spec.strip().equals("*")) {
            return "*";
        }
        List<String> lower = new ArrayList<>();
        List<String> rest = new ArrayList<>();
        for (String part : spec.split(",")) {
            String p = part.replace(" ", "");
            if (p.isEmpty()) {
                continue;
            }
            (p.startsWith(">") ? lower : rest).add(p);
        }
        lower.addAll(rest);
        if (lower.size() == 1 && lower.get(0).matches("==[^*=]+")) {
            return lower.get(0).substring(2);
        }
        return String.join(",", lower);
    }

    /** The @EXPLICIT lines, after the conda URLs, sorted by name. */
    static String explicitLines(List<LockedWheel> wheels) {
        StringBuilder sb = new StringBuilder();
        List<LockedWheel> sorted = new ArrayList<>(wheels);
        sorted.sort(Comparator.comparing(LockedWheel::name));
        for (LockedWheel w : sorted) {
            sb.append("# pip ")
                    .append(w.name())
                    .append(" @ ")
                    .append(Channel.redact(w.url()))
                    .append("#sha256=")
                    .append(w.sha256())
                    .append('\n');
        }
        return sb.toString();
    }

    /** The lock's name must be the wheel's: a mismatch would install something else under the locked name. */
    private static void checkWheel(String where, LockedWheel w) throws CondockException {
        if (!w.isWheel()) {
            throw CondockException.user(where + ": pip package " + w.name() + " is not a wheel (" + w.filename()
                    + "); condock installs wheels only");
        }
    }

    private static void check(String where, LockedWheel w) throws CondockException {
        String file = w.filename();
        checkWheel(where, w);
        String dist = file.substring(0, Math.max(0, file.indexOf('-')));
        if (!normalize(dist).equals(w.name())) {
            throw CondockException.user(
                    where + ": pip package " + w.name() + " does not match its URL's wheel " + file);
        }
    }

    private static String versionOf(String where, String file) throws CondockException {
        String[] parts = file.split("-");
        if (!file.endsWith(".whl") || parts.length < 5) {
            throw CondockException.user(where + ": pip URL does not name a wheel file: " + file);
        }
        return parts[1];
    }

    static String normalize(String name) {
        return name.toLowerCase(java.util.Locale.ROOT).replaceAll("[-_.]+", "-");
    }

    private static Map<String, Node> map(MappingNode m) {
        Map<String, Node> out = new LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k) {
                out.put(k.getValue(), t.getValueNode());
            }
        }
        return out;
    }

    private static String scalar(Node n) {
        return n instanceof ScalarNode s ? s.getValue() : null;
    }
}
