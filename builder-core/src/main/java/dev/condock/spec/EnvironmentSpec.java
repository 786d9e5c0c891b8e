package dev.condock.spec;

import dev.condock.util.CondockException;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * environment.yml (CEP 24): {@code name}, {@code channels}, {@code dependencies} (MatchSpecs and a {@code pip:}
 * list kept verbatim for a later stage) and {@code variables}. Errors name file:line:column and what was
 * expected, read from snakeyaml's node marks.
 */
public record EnvironmentSpec(
        String name,
        List<String> channels,
        List<MatchSpec> dependencies,
        List<String> pip,
        Map<String, String> variables,
        String source) {
    private static final Set<String> KEYS = Set.of("name", "channels", "dependencies", "variables", "prefix");

    public static EnvironmentSpec read(Path file) throws CondockException {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw CondockException.user(file + ": cannot read: " + e.getMessage(), e);
        }
        return parse(new StringReader(text), file.toString());
    }

    public static EnvironmentSpec parse(Reader reader, String source) throws CondockException {
        Node root;
        try {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).compose(reader);
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark();
            throw CondockException.user(at(source, m) + ": malformed YAML: " + e.getProblem());
        } catch (RuntimeException e) {
            throw CondockException.user(source + ": malformed YAML: " + e.getMessage());
        }
        if (root == null)
            throw CondockException.user(source + ":1:1: empty file, expected a mapping with 'dependencies'");
        if (!(root instanceof MappingNode map)) throw err(source, root, "expected a mapping with 'dependencies'");
        String name = null;
        List<String> channels = new ArrayList<>();
        List<MatchSpec> deps = new ArrayList<>();
        List<String> pip = new ArrayList<>();
        Map<String, String> vars = new LinkedHashMap<>();
        Map<String, Node> seen = new LinkedHashMap<>();
        for (NodeTuple t : map.getValue()) {
            String key = scalar(source, t.getKeyNode(), "a key");
            Node v = t.getValueNode();
            unique(source, seen, key, t.getKeyNode());
            if (!KEYS.contains(key)) {
                throw err(
                        source,
                        t.getKeyNode(),
                        "unknown key '" + key + "', expected one of " + new java.util.TreeSet<>(KEYS));
            }
            switch (key) {
                case "name" -> name = scalar(source, v, "a name");
                case "prefix" -> scalar(source, v, "a path");
                case "channels" -> {
                    for (Node c : seq(source, v, "a list of channels")) {
                        String ch = scalar(source, c, "a channel");
                        String problem = dev.condock.channel.ChannelSpecs.problem(ch);
                        if (problem != null) throw err(source, c, problem);
                        channels.add(ch);
                    }
                }
                case "variables" -> {
                    if (isNull(v)) break;
                    if (!(v instanceof MappingNode vm)) throw err(source, v, "expected a mapping of variables");
                    Map<String, Node> seenVars = new LinkedHashMap<>();
                    for (NodeTuple vt : vm.getValue()) {
                        unique(source, seenVars, scalar(source, vt.getKeyNode(), "a variable name"), vt.getKeyNode());
                        vars.put(
                                scalar(source, vt.getKeyNode(), "a variable name"),
                                scalar(source, vt.getValueNode(), "a value"));
                    }
                }
                case "dependencies" -> readDependencies(source, v, deps, pip);
                default -> throw err(source, t.getKeyNode(), "unknown key '" + key + "'");
            }
        }
        return new EnvironmentSpec(name, List.copyOf(channels), List.copyOf(deps), List.copyOf(pip), vars, source);
    }

    private static void readDependencies(String source, Node v, List<MatchSpec> deps, List<String> pip)
            throws CondockException {
        for (Node d : seq(source, v, "a list of dependencies")) {
            if (d instanceof MappingNode dm) {
                for (NodeTuple pt : dm.getValue()) {
                    String k = scalar(source, pt.getKeyNode(), "'pip'");
                    if (!k.equals("pip"))
                        throw err(source, pt.getKeyNode(), "unknown dependency section '" + k + "', expected 'pip'");
                    for (Node p : seq(source, pt.getValueNode(), "a list of pip requirements"))
                        pip.add(scalar(source, p, "a pip requirement"));
                }
                continue;
            }
            String text = scalar(source, d, "a MatchSpec such as 'numpy>=1.24'");
            try {
                deps.add(MatchSpec.parse(text));
            } catch (IllegalArgumentException e) {
                throw err(source, d, e.getMessage());
            }
        }
    }

    /** YAML allows a key twice and takes the last: conda's reader would silently drop the first list. */
    private static void unique(String source, Map<String, Node> seen, String key, Node keyNode)
            throws CondockException {
        Node first = seen.putIfAbsent(key, keyNode);
        if (first != null) {
            throw err(
                    source,
                    keyNode,
                    "duplicate key '" + key + "' (first at line "
                            + (first.getStartMark().getLine() + 1) + ")");
        }
    }

    private static boolean isNull(Node n) {
        return n instanceof ScalarNode s && s.getTag().getValue().endsWith(":null");
    }

    private static List<Node> seq(String source, Node n, String expected) throws CondockException {
        if (isNull(n)) return List.of();
        if (!(n instanceof SequenceNode s)) throw err(source, n, "expected " + expected);
        return s.getValue();
    }

    private static String scalar(String source, Node n, String expected) throws CondockException {
        if (!(n instanceof ScalarNode s) || isNull(n)) throw err(source, n, "expected " + expected);
        return s.getValue();
    }

    private static CondockException err(String source, Node n, String what) {
        return CondockException.user(at(source, n.getStartMark()) + ": " + what);
    }

    private static String at(String source, Mark m) {
        return m == null ? source : source + ":" + (m.getLine() + 1) + ":" + (m.getColumn() + 1);
    }
}
