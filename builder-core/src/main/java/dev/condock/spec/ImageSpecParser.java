package dev.condock.spec;

import dev.condock.app.AppSpecParser;
import dev.condock.image.ImageTarget;
import dev.condock.image.RegistryTarget;
import dev.condock.util.CondockException;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads {@code condock.yaml} from snakeyaml's node tree (not a plain Map), so every error can name
 * {@code file:line}: unknown keys, wrong types, duplicate keys.
 */
public final class ImageSpecParser {
    public static final String FILE_NAME = "condock.yaml";

    private static final Set<String> KEYS = Set.of(
            "environment",
            "lock",
            "base",
            "prefix",
            "platforms",
            "env",
            "entrypoint",
            "cmd",
            "workdir",
            "user",
            "labels",
            "virtual_packages",
            "layers",
            "tags",
            "files",
            "test",
            "insecure_registries",
            "pip");
    private static final Set<String> PIP_KEYS = Set.of("index_url", "extra_index_urls", "find_links", "pre");
    private static final Set<String> LAYER_KEYS = Set.of("compression", "max", "prefetch");

    private final String file;
    private final Path dir;

    private ImageSpecParser(Path file) {
        this.file = file.toString();
        Path parent = file.toAbsolutePath().getParent();
        this.dir = parent == null ? Path.of(".") : parent;
    }

    /** A spec file, or a directory holding {@code condock.yaml}. */
    public static ImageSpec read(Path fileOrDir) throws CondockException {
        Path file = Files.isDirectory(fileOrDir) ? fileOrDir.resolve(FILE_NAME) : fileOrDir;
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw CondockException.user(file + ": not found");
        } catch (IOException e) {
            throw CondockException.user(file + ": cannot read: " + e.getMessage());
        }
        return new ImageSpecParser(file).parse(text);
    }

    ImageSpec parse(String text) throws CondockException {
        Node root;
        try {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            throw CondockException.user(
                    file + ":" + (e.getProblemMark().getLine() + 1) + ": invalid YAML: " + e.getProblem());
        } catch (YAMLException e) {
            throw CondockException.user(file + ": invalid YAML: " + e.getMessage());
        }
        if (root == null) {
            throw CondockException.user(file + ": empty spec");
        }
        Map<String, Node> m = mapping(root, "the spec", KEYS);
        ImageSpec.LayerOptions layers = ImageSpec.LayerOptions.NONE;
        if (m.containsKey("layers")) {
            Map<String, Node> lm = mapping(m.get("layers"), "layers", LAYER_KEYS);
            String comp = lm.containsKey("compression") ? string(lm.get("compression"), "layers.compression") : null;
            if (comp != null && !comp.matches("gzip|zstd|estargz")) {
                throw error(
                        lm.get("compression"), "layers.compression must be gzip, zstd or estargz, not '" + comp + "'");
            }
            Integer max = lm.containsKey("max") ? positiveInt(lm.get("max"), "layers.max") : null;
            List<String> prefetch = stringList(lm.get("prefetch"), "layers.prefetch", false);
            for (String p : prefetch) {
                if (!p.startsWith("/")) {
                    throw error(
                            lm.get("prefetch"), "layers.prefetch: '" + p + "' is not an absolute path in the image");
                }
            }
            layers = new ImageSpec.LayerOptions(comp, max, prefetch);
        }
        return ImageSpec.builder(file)
                .environment(path(m.get("environment"), "environment"))
                .lock(path(m.get("lock"), "lock"))
                .base(target(m.get("base"), "base"))
                .prefix(optString(m.get("prefix"), "prefix"))
                .platforms(stringList(m.get("platforms"), "platforms", false))
                .env(stringMap(m.get("env"), "env"))
                .entrypoint(m.containsKey("entrypoint") ? stringList(m.get("entrypoint"), "entrypoint", true) : null)
                .cmd(m.containsKey("cmd") ? stringList(m.get("cmd"), "cmd", true) : null)
                .workdir(optString(m.get("workdir"), "workdir"))
                .user(optString(m.get("user"), "user"))
                .labels(stringMap(m.get("labels"), "labels"))
                .virtualPackages(stringMap(m.get("virtual_packages"), "virtual_packages"))
                .layers(layers)
                .tags(targets(m.get("tags")))
                .files(AppSpecParser.files(m.get("files"), file, dir))
                .tests(AppSpecParser.tests(m.get("test"), file))
                .insecureRegistries(stringList(m.get("insecure_registries"), "insecure_registries", false))
                .pip(m.containsKey("pip") ? pip(m.get("pip")) : null)
                .build();
    }

    /** {@code pip: {index_url, extra_index_urls: [..], find_links: [..], pre}}; find_links paths are the spec's. */
    private dev.condock.pip.PipIndexSettings pip(Node n) throws CondockException {
        Map<String, Node> pm = mapping(n, "pip", PIP_KEYS);
        Boolean pre = null;
        if (pm.containsKey("pre")) {
            String v = string(pm.get("pre"), "pip.pre");
            if (!v.equals("true") && !v.equals("false")) {
                throw error(pm.get("pre"), "pip.pre must be true or false, not '" + v + "'");
            }
            pre = Boolean.valueOf(v);
        }
        List<String> links = null;
        if (pm.containsKey("find_links")) {
            links = new ArrayList<>();
            for (String l : stringList(pm.get("find_links"), "pip.find_links", true)) {
                links.add(dev.condock.pip.PipIndexSettings.findLink(l, dir));
            }
        }
        return new dev.condock.pip.PipIndexSettings(
                optString(pm.get("index_url"), "pip.index_url"),
                pm.containsKey("extra_index_urls")
                        ? stringList(pm.get("extra_index_urls"), "pip.extra_index_urls", true)
                        : null,
                links,
                pre);
    }

    private Map<String, Node> mapping(Node n, String what, Set<String> allowed) throws CondockException {
        if (!(n instanceof MappingNode mn)) {
            throw error(n, what + " must be a mapping");
        }
        Map<String, Node> out = new LinkedHashMap<>();
        for (NodeTuple t : mn.getValue()) {
            String key = string(t.getKeyNode(), "a key in " + what);
            if (allowed != null && !allowed.contains(key)) {
                throw error(
                        t.getKeyNode(),
                        "unknown key '" + key + "' in " + what + " (known: "
                                + String.join(", ", new java.util.TreeSet<>(allowed)) + ")");
            }
            if (out.put(key, t.getValueNode()) != null) {
                throw error(t.getKeyNode(), "duplicate key '" + key + "' in " + what);
            }
        }
        return out;
    }

    private String string(Node n, String what) throws CondockException {
        if (!(n instanceof ScalarNode s)) {
            throw error(n, what + " must be a string");
        }
        return s.getValue();
    }

    private String optString(Node n, String what) throws CondockException {
        if (n == null) {
            return null;
        }
        String s = string(n, what);
        if (s.isBlank()) {
            throw error(n, what + " must not be empty");
        }
        return s;
    }

    private Path path(Node n, String what) throws CondockException {
        String s = optString(n, what);
        return s == null ? null : dir.resolve(s).normalize();
    }

    /** oci: and docker-archive: paths are relative to the spec, like every other path in it. */
    private String target(Node n, String what) throws CondockException {
        String s = optString(n, what);
        if (s == null || s.equals("scratch")) {
            return s;
        }
        ImageTarget t;
        try {
            t = ImageTarget.parse(s);
        } catch (CondockException e) {
            throw error(n, e.getMessage());
        }
        return t instanceof RegistryTarget ? s : t.resolveAgainst(dir).toString();
    }

    private List<String> targets(Node n) throws CondockException {
        List<String> raw = stringList(n, "tags", false);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            out.add(target(((SequenceNode) n).getValue().get(i), "each item of tags"));
        }
        return out;
    }

    private int positiveInt(Node n, String what) throws CondockException {
        String s = string(n, what);
        if (!s.matches("[1-9][0-9]{0,8}")) {
            throw error(n, what + " must be a positive integer, not '" + s + "'");
        }
        return Integer.parseInt(s);
    }

    /** A list of strings; {@code scalarOk}: a single string is a one-element list (entrypoint: /bin/sh). */
    private List<String> stringList(Node n, String what, boolean scalarOk) throws CondockException {
        if (n == null) {
            return List.of();
        }
        if (n instanceof ScalarNode s && scalarOk) {
            return List.of(s.getValue());
        }
        if (!(n instanceof SequenceNode seq)) {
            throw error(n, what + " must be a list of strings");
        }
        List<String> out = new ArrayList<>();
        for (Node item : seq.getValue()) {
            out.add(string(item, "each item of " + what));
        }
        return out;
    }

    private Map<String, String> stringMap(Node n, String what) throws CondockException {
        if (n == null) {
            return Map.of();
        }
        Map<String, String> out = new TreeMap<>();
        for (Map.Entry<String, Node> e : mapping(n, what, null).entrySet()) {
            out.put(e.getKey(), string(e.getValue(), what + "." + e.getKey()));
        }
        return out;
    }

    private CondockException error(Node n, String message) {
        return CondockException.user(file + ":" + (n.getStartMark().getLine() + 1) + ": " + message);
    }

    /** For tests: parse text as if read from {@code file}. */
    static ImageSpec parse(Path file, String text) throws CondockException {
        return new ImageSpecParser(file).parse(text);
    }
}
