package dev.condock.channel;

import dev.condock.util.CondockException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Reads the channel keys of .condarc the way conda does: every file on conda's search path (lowest precedence
 * first, {@code $CONDARC} last), then {@code CONDA_*} environment variables. Lists ({@code channels},
 * {@code default_channels}) merge with the higher-precedence source's entries first, duplicates dropped; maps
 * merge key by key, the higher source winning; scalars take the highest source. A key marked {@code #!final}
 * in a file stops sources of higher precedence from changing it. Unknown keys are ignored, as conda does.
 */
public final class CondaRc {
    private static final Set<String> LISTS = Set.of("channels", "default_channels");
    private static final Set<String> MAPS = Set.of("custom_channels", "custom_multichannels", "mirrored_channels");
    private static final Set<String> SCALARS = Set.of("channel_alias", "channel_priority", "ssl_verify");
    private static final Pattern FINAL = Pattern.compile("^([A-Za-z_]+)\\s*:.*#!final\\b");

    private CondaRc() {}

    /** Where the configuration is read from: the process environment, the home directory and the system root. */
    public record Sources(Map<String, String> env, Path home, Path root) {
        public static Sources system() {
            String h = System.getenv("HOME");
            return new Sources(
                    System.getenv(),
                    Path.of(h != null && !h.isEmpty() ? h : System.getProperty("user.home")),
                    Path.of("/"));
        }
    }

    /** One file's keys, with the keys it marks {@code #!final}. */
    private record Layer(String source, Map<?, ?> values, Set<String> finals) {}

    /**
     * The configuration: {@code explicit} alone when given (so a CI lock does not depend on the machine's
     * files), else conda's search path; {@code CONDA_*} variables on top either way.
     */
    public static ChannelConfig load(Path explicit, Sources src) throws CondockException {
        List<Layer> layers = new ArrayList<>();
        if (explicit != null) {
            if (!Files.isRegularFile(explicit)) throw CondockException.user(explicit + ": no such file");
            layers.add(read(explicit));
        } else {
            for (Path p : searchPath(src)) layers.add(read(p));
        }
        layers.add(fromEnv(src.env()));
        return merge(layers);
    }

    /** conda's SEARCH_PATH, files that exist only; a condarc.d directory contributes its *.yml/*.yaml, sorted. */
    static List<Path> searchPath(Sources src) {
        List<Path> cands = new ArrayList<>();
        Path etc = src.root().resolve("etc/conda");
        Path varLib = src.root().resolve("var/lib/conda");
        addTriple(cands, etc);
        addTriple(cands, varLib);
        String condaRoot = src.env().get("CONDA_ROOT");
        if (condaRoot != null && !condaRoot.isEmpty()) addTriple(cands, Path.of(condaRoot));
        String xdg = src.env().get("XDG_CONFIG_HOME");
        if (xdg != null && !xdg.isEmpty()) addTriple(cands, Path.of(xdg, "conda"));
        addTriple(cands, src.home().resolve(".config/conda"));
        addTriple(cands, src.home().resolve(".conda"));
        cands.add(src.home().resolve(".condarc"));
        String prefix = src.env().get("CONDA_PREFIX");
        if (prefix != null && !prefix.isEmpty()) addTriple(cands, Path.of(prefix));
        String condarc = src.env().get("CONDARC");
        if (condarc != null && !condarc.isEmpty()) cands.add(Path.of(condarc));
        List<Path> out = new ArrayList<>();
        Set<Path> seen = new LinkedHashSet<>();
        for (Path p : cands) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.list(p)) {
                    s.filter(f -> f.toString().endsWith(".yml") || f.toString().endsWith(".yaml"))
                            .sorted()
                            .forEach(f -> {
                                if (seen.add(f.toAbsolutePath().normalize())) out.add(f);
                            });
                } catch (IOException e) {
                    // an unreadable condarc.d is skipped like a missing one: conda does the same
                }
            } else if (Files.isRegularFile(p) && seen.add(p.toAbsolutePath().normalize())) {
                out.add(p);
            }
        }
        return out;
    }

    private static void addTriple(List<Path> out, Path dir) {
        out.add(dir.resolve(".condarc"));
        out.add(dir.resolve("condarc"));
        out.add(dir.resolve("condarc.d"));
    }

    private static Layer read(Path file) throws CondockException {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw CondockException.environment(file + ": cannot read: " + e.getMessage(), e);
        }
        Object doc;
        try {
            doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
        } catch (RuntimeException e) {
            throw CondockException.user(file + ": not valid YAML: "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
        if (doc == null) return new Layer(file.toString(), Map.of(), Set.of());
        if (!(doc instanceof Map<?, ?> m)) throw CondockException.user(file + ": expected a mapping");
        Set<String> finals = new LinkedHashSet<>();
        for (String line : text.split("\n")) {
            Matcher fm = FINAL.matcher(line);
            if (fm.find()) finals.add(fm.group(1));
        }
        return new Layer(file.toString(), m, finals);
    }

    /** The {@code CONDA_<KEY>} variables: lists comma-separated, as conda splits them. */
    private static Layer fromEnv(Map<String, String> env) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (String k : new String[] {"channels", "default_channels"}) {
            String v = env.get("CONDA_" + k.toUpperCase(java.util.Locale.ROOT));
            if (v != null && !v.isBlank()) {
                List<String> items = new ArrayList<>();
                for (String s : v.split(",")) if (!s.isBlank()) items.add(s.strip());
                m.put(k, items);
            }
        }
        for (String k : SCALARS) {
            String v = env.get("CONDA_" + k.toUpperCase(java.util.Locale.ROOT));
            if (v != null && !v.isBlank()) m.put(k, v.strip());
        }
        return new Layer("environment (CONDA_*)", m, Set.of());
    }

    private static ChannelConfig merge(List<Layer> all) throws CondockException {
        Map<String, List<String>> lists = new LinkedHashMap<>();
        Map<String, Map<String, Object>> maps = new LinkedHashMap<>();
        Map<String, Object> scalars = new LinkedHashMap<>();
        Set<String> sealed = new LinkedHashSet<>();
        for (Layer l : all) { // lowest precedence first
            for (Map.Entry<?, ?> e : l.values().entrySet()) {
                String key = String.valueOf(e.getKey());
                if (sealed.contains(key) || e.getValue() == null) continue;
                if (LISTS.contains(key)) {
                    List<String> higherFirst = new ArrayList<>(strings(e.getValue(), l.source(), key));
                    for (String s : lists.getOrDefault(key, List.of()))
                        if (!higherFirst.contains(s)) higherFirst.add(s);
                    lists.put(key, higherFirst);
                } else if (MAPS.contains(key)) {
                    if (!(e.getValue() instanceof Map<?, ?> mv)) {
                        throw CondockException.user(l.source() + ": '" + key + "' must be a mapping");
                    }
                    Map<String, Object> into = maps.computeIfAbsent(key, k -> new LinkedHashMap<>());
                    mv.forEach((k, v) -> into.put(String.valueOf(k), v));
                } else if (SCALARS.contains(key)) {
                    scalars.put(key, e.getValue());
                }
            }
            sealed.addAll(l.finals());
        }
        ChannelConfig d = ChannelConfig.defaults();
        String alias = scalars.containsKey("channel_alias")
                ? trim(scalars.get("channel_alias").toString())
                : d.channelAlias();
        Map<String, String> custom = new LinkedHashMap<>();
        maps.getOrDefault("custom_channels", Map.of()).forEach((k, v) -> custom.put(k, trim(String.valueOf(v))));
        Map<String, List<String>> multi = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e :
                maps.getOrDefault("custom_multichannels", Map.of()).entrySet()) {
            multi.put(e.getKey(), strings(e.getValue(), ".condarc", "custom_multichannels." + e.getKey()));
        }
        Map<String, List<String>> mirrors = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e :
                maps.getOrDefault("mirrored_channels", Map.of()).entrySet()) {
            List<String> urls = new ArrayList<>();
            for (String u : strings(e.getValue(), ".condarc", "mirrored_channels." + e.getKey())) urls.add(trim(u));
            mirrors.put(e.getKey(), urls);
        }
        List<String> defaults =
                lists.containsKey("default_channels") ? lists.get("default_channels") : d.defaultChannels();
        Object prio = scalars.get("channel_priority");
        if (prio != null && !Set.of("strict", "flexible", "disabled").contains(prio.toString())) {
            throw CondockException.user(
                    ".condarc: channel_priority must be strict, flexible or disabled, got '" + prio + "'");
        }
        boolean strict = prio == null || "strict".equals(prio.toString());
        return new ChannelConfig(
                lists.getOrDefault("channels", List.of()),
                alias,
                custom,
                defaults,
                strict,
                multi,
                mirrors,
                sslVerify(scalars.get("ssl_verify")));
    }

    /** true, false, or a CA bundle path (conda's three forms). */
    private static String sslVerify(Object v) {
        if (v == null) return "true";
        String s = v.toString().strip();
        if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("yes") || s.equals("1")) return "true";
        if (s.equalsIgnoreCase("false") || s.equalsIgnoreCase("no") || s.equals("0")) return "false";
        return s;
    }

    static String trim(String s) {
        String t = s.strip();
        while (t.endsWith("/")) t = t.substring(0, t.length() - 1);
        return t;
    }

    private static List<String> strings(Object o, String file, String key) throws CondockException {
        if (o == null) return List.of();
        if (!(o instanceof List<?> l)) throw CondockException.user(file + ": '" + key + "' must be a list");
        List<String> out = new ArrayList<>();
        for (Object e : l) out.add(String.valueOf(e));
        return out;
    }
}
