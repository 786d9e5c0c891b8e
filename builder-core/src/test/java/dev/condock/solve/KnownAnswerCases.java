package dev.condock.solve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.condock.channel.RepodataParser;
import dev.condock.model.PackageRecord;
import dev.condock.spec.MatchSpec;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * conda's own known answers as fresh solves: the 26 reproducible cases of conda's test_solve.py and
 * SolverTests that the peer-solver runs list (peer-results), with conda's expected package sets, over the
 * flat channel indexes conda's test suite uses. Shared by the JUnit test and the benchmark.
 */
public final class KnownAnswerCases {
    public static final Path DATA = Path.of("../shared/conda-testdata");
    private static final ObjectMapper M = new ObjectMapper();
    private static final Map<String, List<PackageRecord>> CHANNELS = new HashMap<>();

    /** One case: where it comes from, its channels (priority order), specs, and conda's answer as dist strings. */
    public record Case(String id, List<String> channels, List<String> specs, TreeSet<String> expected, boolean pip) {}

    /** conda's own default is flexible channel priority; its test suite runs with it. */
    public static final SolveOptions CONDA_DEFAULTS = new SolveOptions(false, 0, List.of());

    private KnownAnswerCases() {}

    public static List<Case> reproducible() throws Exception {
        JsonNode peers = M.readTree(
                DATA.resolve("peer-results/results-rattler-conda-cases.json").toFile());
        JsonNode solve = M.readTree(
                DATA.resolve("expectations/conda-test_solve-cases.json").toFile());
        JsonNode solverTests = M.readTree(
                DATA.resolve("expectations/conda-SolverTests-cases.json").toFile());
        List<Case> out = new ArrayList<>();
        for (JsonNode p : peers) {
            String id = p.get("case").asText();
            if (id.equals("SolverTests.test_no_features@L933")) continue; // record added inline in conda's code
            int line = Integer.parseInt(id.substring(id.indexOf("@L") + 2));
            List<String> specs = new ArrayList<>();
            p.get("specs").forEach(s -> specs.add(s.asText()));
            if (p.get("suite").asText().contains("SolverTests")) {
                TreeSet<String> exp = new TreeSet<>();
                for (JsonNode t : solverTests)
                    for (JsonNode c : t.get("cases")) {
                        if (c.get("line").asInt() == line)
                            c.get("expected").forEach(e -> exp.add(e.asText().replace("test::", "channel-1::")));
                    }
                out.add(new Case(id, List.of("channel-1"), specs, exp, true));
            } else {
                List<String> chans = new ArrayList<>();
                p.get("channels").forEach(s -> chans.add(s.asText()));
                TreeSet<String> exp = new TreeSet<>();
                for (JsonNode t : solve)
                    for (JsonNode s : t.get("steps")) {
                        if (s.get("line").asInt() == line) {
                            JsonNode e = s.get("expected");
                            JsonNode order = e == null
                                    ? null
                                    : e.has("order")
                                            ? e.get("order")
                                            : e.has("order1") ? e.get("order1") : e.get("order_original");
                            if (order == null) continue;
                            order.forEach(x -> exp.add(x.asText()));
                        }
                    }
                out.add(new Case(id, chans, specs, exp, false));
            }
        }
        return out;
    }

    /** conda's test channels: flat {filename: record} maps, records without subdir are linux-64. */
    public static synchronized List<PackageRecord> channel(String name, boolean addPip) throws Exception {
        String key = name + (addPip ? "+pip" : "");
        List<PackageRecord> cached = CHANNELS.get(key);
        if (cached != null) return cached;
        List<PackageRecord> recs = parseChannel(name, addPip);
        CHANNELS.put(key, recs);
        return recs;
    }

    /** Parses a channel file afresh (the benchmark's "with repodata parsing" figure uses this). */
    public static List<PackageRecord> parseChannel(String name, boolean addPip) throws Exception {
        String file = switch (name) {
            case "channel-1" -> "conda-channel-1_index.json";
            case "channel-2" -> "conda-channel-2_index2.json";
            case "channel-4" -> "conda-channel-4_index4.json";
            case "channel-5" -> "conda-channel-5_index5.json";
            default -> throw new IllegalArgumentException(name);
        };
        Path p = DATA.resolve("repodata").resolve(file);
        List<PackageRecord> recs;
        try (InputStream in = Files.newInputStream(p)) {
            recs = RepodataParser.parse(in, p.toString(), "linux-64", null, name)
                    .records();
        }
        if (addPip) {
            // SolverTests index_packages(1): add_pip_as_python_dependency appends pip to python 2/3 records
            List<PackageRecord> withPip = new ArrayList<>();
            for (PackageRecord r : recs) {
                if (r.name().equals("python")
                        && (r.version().startsWith("2.") || r.version().startsWith("3."))) {
                    List<String> d = new ArrayList<>(r.depends());
                    d.add("pip");
                    r = r.toBuilder().depends(d).build();
                }
                withPip.add(r);
            }
            recs = withPip;
        }
        return recs;
    }

    public static List<CondaSolver.Source> sources(Case c) throws Exception {
        List<CondaSolver.Source> out = new ArrayList<>();
        for (String ch : c.channels()) out.add(new CondaSolver.Source(ch, channel(ch, c.pip())));
        return out;
    }

    public static List<MatchSpec> specs(Case c) {
        List<MatchSpec> out = new ArrayList<>();
        for (String s : c.specs()) out.add(MatchSpec.parse(s));
        return out;
    }

    /** Solves a case and returns the dist strings, or the error message prefixed with "ERROR: ". */
    public static TreeSet<String> run(Case c) throws Exception {
        TreeSet<String> got = new TreeSet<>();
        try {
            for (SolvedPackage p : CondaSolver.solve(sources(c), specs(c), CONDA_DEFAULTS)) got.add(p.distString());
        } catch (dev.condock.util.CondockException e) {
            got.add("ERROR: " + e.getMessage());
        }
        return got;
    }
}
