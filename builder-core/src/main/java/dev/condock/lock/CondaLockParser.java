package dev.condock.lock;

import dev.condock.model.PackageRecord;
import dev.condock.util.CondockException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * conda-lock.yml (CEP 37, version 1). Takes the conda records of one platform that are not optional, and orders
 * them dependencies-first from the lock's {@code dependencies} maps (name order breaks ties), so the install order
 * depends only on the lock's content.
 */
final class CondaLockParser {
    private CondaLockParser() {}

    static List<PackageRecord> parse(String file, String text, String platform) throws CondockException {
        Node root;
        try {
            root = new Yaml(new LoaderOptions()).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            throw CondockException.user(
                    file + ":" + (e.getProblemMark().getLine() + 1) + ": malformed YAML: " + e.getProblem());
        } catch (RuntimeException e) {
            throw CondockException.user(file + ": malformed YAML: " + e.getMessage());
        }
        if (!(root instanceof MappingNode top)) {
            throw CondockException.user(file + ": not a lock file (expected @EXPLICIT or a conda-lock.yml mapping)");
        }
        Map<String, Node> topMap = map(file, top);
        Node version = topMap.get("version");
        if (version != null && !"1".equals(scalar(file, version, "version"))) {
            throw CondockException.user(at(file, version) + ": unsupported conda-lock version "
                    + scalar(file, version, "version") + " (supported: 1)");
        }
        Node pkgs = topMap.get("package");
        if (!(pkgs instanceof SequenceNode seq)) {
            throw CondockException.user(
                    at(file, pkgs == null ? top : pkgs) + ": conda-lock.yml needs a 'package' list");
        }
        Map<String, PackageRecord> byName = new TreeMap<>();
        Map<String, List<String>> deps = new TreeMap<>();
        TreeSet<String> platforms = new TreeSet<>();
        for (Node n : seq.getValue()) {
            if (!(n instanceof MappingNode m)) {
                throw CondockException.user(at(file, n) + ": each package must be a mapping");
            }
            Map<String, Node> f = map(file, m);
            String plat = required(file, m, f, "platform");
            platforms.add(plat);
            String manager = f.containsKey("manager") ? scalar(file, f.get("manager"), "manager") : "conda";
            boolean optional = f.containsKey("optional") && "true".equals(scalar(file, f.get("optional"), "optional"));
            if (!plat.equals(platform) || !manager.equals("conda") || optional) {
                continue; // pip records: PipLockEntries; optional = dev/extra categories
            }
            String name = required(file, m, f, "name");
            String ver = required(file, m, f, "version");
            String url = required(file, m, f, "url");
            String where = at(file, m);
            PackageRecord r = PackageUrls.recordFor(where, url);
            if (!r.name().equals(name) || !r.version().equals(ver)) {
                throw CondockException.user(
                        where + ": package " + name + " " + ver + " does not match its URL " + PackageUrls.shown(url));
            }
            String md5 = null;
            String sha = null;
            Node h = f.get("hash");
            if (h instanceof MappingNode hm) {
                Map<String, Node> hf = map(file, hm);
                md5 = hf.containsKey("md5") ? scalar(file, hf.get("md5"), "md5").toLowerCase() : null;
                sha = hf.containsKey("sha256")
                        ? scalar(file, hf.get("sha256"), "sha256").toLowerCase()
                        : null;
                if (md5 != null && !md5.matches("[0-9a-f]{32}")) {
                    throw CondockException.user(at(file, hf.get("md5")) + ": malformed md5 for " + name);
                }
                if (sha != null && !sha.matches("[0-9a-f]{64}")) {
                    throw CondockException.user(at(file, hf.get("sha256")) + ": malformed sha256 for " + name);
                }
            }
            if (byName.containsKey(name)) {
                throw CondockException.user(where + ": package " + name + " is locked twice for " + platform);
            }
            List<String> d = new ArrayList<>();
            List<String> depSpecs = new ArrayList<>();
            if (f.get("dependencies") instanceof MappingNode dm) {
                for (NodeTuple t : dm.getValue()) {
                    String dn = scalar(file, t.getKeyNode(), "dependency");
                    d.add(dn);
                    String spec = t.getValueNode() instanceof ScalarNode s ? s.getValue() : "";
                    depSpecs.add(spec.isBlank() ? dn : dn + " " + spec);
                }
            }
            byName.put(
                    name, r.toBuilder().md5(md5).sha256(sha).depends(depSpecs).build());
            deps.put(name, d);
        }
        if (byName.isEmpty()) {
            throw CondockException.user(file + ": no conda packages for platform " + platform
                    + (platforms.isEmpty() ? "" : " (the lock has: " + String.join(", ", platforms) + ")"));
        }
        return topoSort(byName, deps);
    }

    /**
     * Dependencies first: a depth-first post-order over names in sorted order, so the result depends only on the
     * lock's content; a dependency cycle (python/pip) is broken where the walk closes it.
     */
    private static List<PackageRecord> topoSort(Map<String, PackageRecord> byName, Map<String, List<String>> deps) {
        List<PackageRecord> out = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (String name : byName.keySet()) {
            visit(name, byName, deps, seen, out);
        }
        return out;
    }

    private static void visit(
            String name,
            Map<String, PackageRecord> byName,
            Map<String, List<String>> deps,
            java.util.Set<String> seen,
            List<PackageRecord> out) {
        if (!seen.add(name)) {
            return;
        }
        for (String d : new TreeSet<>(deps.getOrDefault(name, List.of()))) {
            if (byName.containsKey(d)) {
                visit(d, byName, deps, seen, out);
            }
        }
        out.add(byName.get(name));
    }

    /** A mapping's scalar keys; a key given twice is refused (YAML would silently keep the last). */
    private static Map<String, Node> map(String file, MappingNode m) throws CondockException {
        Map<String, Node> out = new LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k && out.put(k.getValue(), t.getValueNode()) != null) {
                throw CondockException.user(at(file, k) + ": duplicate key '" + k.getValue() + "'");
            }
        }
        return out;
    }

    private static String required(String file, Node owner, Map<String, Node> f, String key) throws CondockException {
        Node n = f.get(key);
        if (n == null) {
            throw CondockException.user(at(file, owner) + ": package entry has no '" + key + "'");
        }
        return scalar(file, n, key);
    }

    private static String scalar(String file, Node n, String what) throws CondockException {
        if (n instanceof ScalarNode s) {
            return s.getValue();
        }
        throw CondockException.user(at(file, n) + ": '" + what + "' must be a plain value");
    }

    private static String at(String file, Node n) {
        return file + ":" + (n.getStartMark().getLine() + 1);
    }
}
