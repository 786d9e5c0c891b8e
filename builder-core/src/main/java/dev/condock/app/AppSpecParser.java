package dev.condock.app;

import dev.condock.smoke.SmokeTest;
import dev.condock.util.CondockException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** condock.yaml's {@code files:} and {@code test:} keys, each error naming {@code file:line}. */
public final class AppSpecParser {
    private static final Set<String> FILE_KEYS = Set.of("src", "dest", "mode", "exclude", "owner");

    private AppSpecParser() {}

    /** {@code files:} a list of {src, dest, mode?, exclude?, owner?}; src relative to {@code dir}. */
    public static List<AppFile> files(Node n, String file, Path dir) throws CondockException {
        if (n == null) {
            return List.of();
        }
        if (!(n instanceof SequenceNode seq)) {
            throw error(file, n, "files must be a list of {src, dest, mode, exclude, owner}");
        }
        List<AppFile> out = new ArrayList<>();
        for (Node item : seq.getValue()) {
            if (!(item instanceof MappingNode mn)) {
                throw error(file, item, "each item of files must be a mapping {src, dest, mode, exclude, owner}");
            }
            Map<String, Node> m = new LinkedHashMap<>();
            for (NodeTuple t : mn.getValue()) {
                String key = scalar(file, t.getKeyNode(), "a key in files");
                if (!FILE_KEYS.contains(key)) {
                    throw error(
                            file,
                            t.getKeyNode(),
                            "unknown key '" + key + "' in files (known: " + String.join(", ", new TreeSet<>(FILE_KEYS))
                                    + ")");
                }
                if (m.put(key, t.getValueNode()) != null) {
                    throw error(file, t.getKeyNode(), "duplicate key '" + key + "' in files");
                }
            }
            for (String required : List.of("src", "dest")) {
                if (!m.containsKey(required)) {
                    throw error(file, item, "files: each item needs " + required + ":");
                }
            }
            List<String> exclude = new ArrayList<>();
            Node ex = m.get("exclude");
            if (ex instanceof SequenceNode es) {
                for (Node e : es.getValue()) {
                    exclude.add(scalar(file, e, "each item of files.exclude"));
                }
            } else if (ex != null) {
                exclude.add(scalar(file, ex, "files.exclude"));
            }
            String origin = file + ":" + (item.getStartMark().getLine() + 1);
            out.add(AppFile.of(
                    dir,
                    scalar(file, m.get("src"), "files.src"),
                    scalar(file, m.get("dest"), "files.dest"),
                    m.containsKey("mode") ? scalar(file, m.get("mode"), "files.mode") : null,
                    exclude,
                    m.containsKey("owner") ? scalar(file, m.get("owner"), "files.owner") : null,
                    origin));
        }
        return out;
    }

    /** {@code test:} a list whose items are a string (run by /bin/sh -c) or a list of strings (an argv). */
    public static List<SmokeTest> tests(Node n, String file) throws CondockException {
        if (n == null) {
            return List.of();
        }
        List<Node> items = n instanceof SequenceNode seq ? seq.getValue() : List.of(n);
        List<SmokeTest> out = new ArrayList<>();
        for (Node item : items) {
            if (item instanceof SequenceNode argv) {
                List<String> a = new ArrayList<>();
                for (Node x : argv.getValue()) {
                    a.add(scalar(file, x, "each word of a test: command"));
                }
                if (a.isEmpty()) {
                    throw error(file, item, "test: an empty command");
                }
                out.add(SmokeTest.argv(a));
            } else {
                String s = scalar(file, item, "each item of test");
                if (s.isBlank()) {
                    throw error(file, item, "test: an empty command");
                }
                out.add(SmokeTest.shell(s));
            }
        }
        return out;
    }

    private static String scalar(String file, Node n, String what) throws CondockException {
        if (!(n instanceof ScalarNode s)) {
            throw error(file, n, what + " must be a string");
        }
        return s.getValue();
    }

    private static CondockException error(String file, Node n, String message) {
        return CondockException.user(file + ":" + (n.getStartMark().getLine() + 1) + ": " + message);
    }
}
