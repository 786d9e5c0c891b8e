package dev.condock.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.condock.util.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A real ML environment's shape, from ../shared/conda-testdata: names, versions and install order from the
 * pangeo-ml-notebook @EXPLICIT lock (tensorflow, jax, cudatoolkit, ...), compressed sizes, noarch kind and
 * dependency edges from the real repodata records of the same names (the exact file when a repodata has it,
 * else the median size of that name's records), plus the pytorch family from the pytorch channel's repodata.
 * Packages no repodata here describes are left out (their size would be made up).
 */
final class RealEnvModel {
    static final Path DATA = Path.of("../shared/conda-testdata");
    static final String LOCK = "locks/conda-libmamba-solver/pangeo_ml_notebook.linux-64.lock";
    static final List<String> TORCH = List.of("pytorch", "torchvision", "torchaudio", "torchtriton");

    /** One package of the model: sizes are real compressed archive sizes in bytes. */
    record Pkg(String name, String version, String build, long size, boolean noarchPython, List<String> depends) {}

    private record Seen(List<Long> sizes, JsonNode record) {}

    private final Map<String, Long> byFilename = new HashMap<>();
    private final Map<String, Seen> byName = new HashMap<>();

    static List<Pkg> load() throws IOException {
        RealEnvModel m = new RealEnvModel();
        m.readRepodata();
        return m.environment();
    }

    private void readRepodata() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(DATA.resolve("repodata"))) {
            files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        for (Path f : files) {
            JsonNode d;
            try {
                d = Json.CANONICAL.readTree(f.toFile());
            } catch (IOException e) {
                continue; // not every file there is repodata
            }
            List<JsonNode> sections = new ArrayList<>();
            if (d.has("packages") || d.has("packages.conda")) {
                sections.add(d.path("packages"));
                sections.add(d.path("packages.conda"));
            } else {
                sections.add(d); // conda test channels: a flat {filename: record} map
            }
            for (JsonNode sec : sections) {
                sec.fields().forEachRemaining(e -> {
                    JsonNode r = e.getValue();
                    if (r.isObject() && r.has("size") && r.has("name")) {
                        byFilename.put(e.getKey(), r.path("size").asLong());
                        byName.computeIfAbsent(r.path("name").asText(), k -> new Seen(new ArrayList<>(), r))
                                .sizes()
                                .add(r.path("size").asLong());
                    }
                });
            }
        }
    }

    private List<Pkg> environment() throws IOException {
        Map<String, Pkg> out = new LinkedHashMap<>();
        for (String line : Files.readAllLines(DATA.resolve(LOCK))) {
            if (!line.startsWith("http")) {
                continue;
            }
            String fn = line.split("#")[0].substring(line.split("#")[0].lastIndexOf('/') + 1);
            String stem = fn.replaceAll("\\.(conda|tar\\.bz2)$", "");
            String[] nvb = splitDist(stem);
            Pkg p = pkg(nvb[0], nvb[1], nvb[2], byFilename.get(fn));
            if (p != null && line.contains("/noarch/") && p.depends().contains("python")) {
                // the lock's own subdir decides: a noarch package that needs python is noarch: python
                p = new Pkg(p.name(), p.version(), p.build(), p.size(), true, p.depends());
            }
            if (p != null) {
                out.put(p.name(), p);
            }
        }
        for (String t : TORCH) {
            Pkg p = pkg(t, "2.1.0", "py3.9_cuda11.8_cudnn8.7.0_0", null);
            if (p != null) {
                out.put(t, p);
            }
        }
        Set<String> names = out.keySet();
        List<Pkg> env = new ArrayList<>();
        for (Pkg p : out.values()) {
            env.add(new Pkg(
                    p.name(),
                    p.version(),
                    p.build(),
                    p.size(),
                    p.noarchPython(),
                    p.depends().stream().filter(names::contains).toList()));
        }
        return env;
    }

    /** A model package from the name's records, or null when no repodata here has the name. */
    Pkg pkg(String name, String version, String build, Long exactSize) {
        Seen s = byName.get(name);
        if (s == null) {
            return null;
        }
        List<Long> sizes = new ArrayList<>(s.sizes());
        Collections.sort(sizes);
        long size = exactSize != null ? exactSize : sizes.get(sizes.size() / 2);
        List<String> deps = new ArrayList<>();
        s.record().path("depends").forEach(d -> deps.add(d.asText().split(" ")[0]));
        boolean noarch = "python".equals(s.record().path("noarch").asText());
        return new Pkg(name, version, build, size, noarch, deps);
    }

    /** "name-version-build": the last two dashes split it (names may contain dashes). */
    static String[] splitDist(String stem) {
        int b = stem.lastIndexOf('-');
        int v = stem.lastIndexOf('-', b - 1);
        return new String[] {stem.substring(0, v), stem.substring(v + 1, b), stem.substring(b + 1)};
    }
}
