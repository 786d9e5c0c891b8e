package dev.condock.solve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.condock.channel.RecordSource;
import dev.condock.channel.RepodataLoader;
import dev.condock.channel.RepodataParser;
import dev.condock.model.PackageRecord;
import dev.condock.spec.MatchSpec;
import dev.condock.util.CondockException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11's sparse repodata: reading a repodata through its index, name by name, gives the same records in the
 * same order, the same pools and the same answers as parsing it whole, on every real repodata in
 * ../shared/conda-testdata and on conda's known-answer cases.
 */
class LazyRepodataTest {
    static final Path REPODATA = KnownAnswerCases.DATA.resolve("repodata");

    @TempDir
    Path tmp;

    /** A copy of a test file (the index is written beside the repodata it describes). */
    private Path copy(String file) throws Exception {
        Path p = tmp.resolve(file);
        if (!Files.exists(p)) Files.copy(REPODATA.resolve(file), p);
        return p;
    }

    private static RepodataParser.Subdir eager(Path p, String channel) throws Exception {
        try (InputStream in = Files.newInputStream(p)) {
            return RepodataParser.parse(in, p.toString(), "linux-64", "https://example.invalid/linux-64", channel);
        }
    }

    private static RecordSource lazy(Path p, String channel) throws CondockException {
        return RepodataLoader.lazyFile(p, p.toString(), "linux-64", "https://example.invalid/linux-64", channel);
    }

    @TestFactory
    Stream<DynamicTest> sameRecordsByNameAndInOrderOnEveryRealRepodata() throws Exception {
        List<String> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(REPODATA)) {
            s.filter(p -> p.toString().endsWith(".json"))
                    .forEach(p -> files.add(p.getFileName().toString()));
        }
        files.sort(null);
        assertTrue(files.size() >= 15, "test data missing: " + files);
        return files.stream()
                .map(f -> DynamicTest.dynamicTest(f, () -> {
                    Path p = copy(f);
                    RepodataParser.Subdir e;
                    try {
                        e = eager(p, "ch");
                    } catch (CondockException bad) {
                        // not repodata the parser takes: the lazy path must refuse it the same way
                        CondockException lazyBad = org.junit.jupiter.api.Assertions.assertThrows(
                                CondockException.class, () -> lazy(p, "ch"));
                        assertEquals(bad.exitCode(), lazyBad.exitCode(), f);
                        return;
                    }
                    RecordSource l = lazy(p, "ch");
                    Set<String> names = new LinkedHashSet<>();
                    for (PackageRecord r : e.records()) names.add(r.name());
                    for (String n : names) {
                        List<PackageRecord> want = e.records().stream()
                                .filter(r -> r.name().equals(n))
                                .toList();
                        List<PackageRecord> got = l.named(n).stream()
                                .map(RecordSource.Keyed::record)
                                .toList();
                        assertEquals(want.toString(), got.toString(), f + ": " + n);
                        assertEquals(want, got, f + ": " + n);
                    }
                    assertEquals(e.records(), l.all(), f + ": all records, in order");
                    assertEquals(
                            sorted(e.skipped()), sorted(l.skipped()), f + ": the same malformed records, same lines");
                    assertEquals(List.of(), l.named("no-such-package-here"));
                }));
    }

    @Test
    void knownAnswerCasesSolveTheSameThroughTheIndex() throws Exception {
        int compared = 0;
        for (KnownAnswerCases.Case c : KnownAnswerCases.reproducible()) {
            if (c.pip()) continue; // those records are edited in memory (pip added to python): no file to index
            List<CondaSolver.Source> lazy = new ArrayList<>();
            for (String ch : c.channels()) lazy.add(new CondaSolver.Source(ch, lazy(copy(fileOf(ch)), ch)));
            List<String> want = solve(KnownAnswerCases.sources(c), KnownAnswerCases.specs(c));
            List<String> got = solve(lazy, KnownAnswerCases.specs(c));
            assertEquals(want, got, c.id());
            assertEquals(c.expected(), new java.util.TreeSet<>(got), c.id());
            compared++;
        }
        assertTrue(compared >= 10, "only " + compared + " cases compared");
    }

    @Test
    void realChannelsSolveAndPoolTheSameThroughTheIndex() throws Exception {
        String[][] runs = {
            {"rattler-pytorch_linux-64.json", "pytorch"},
            {"rattler-pytorch_linux-64.json", "pytorch 1.0.*", "cuda92"},
            {"mamba-conda-forge-numpy_linux-64.json", "numpy"},
            {"conda-r_linux-64.json", "r-base", "r-essentials"},
            {"conda-channel-4_index4.json", "pandas", "scikit-learn", "mkl"},
            {"conda-channel-2_index2.json", "numpy 1.5.*", "python 2.7.*"},
            {"conda-channel-4_index4.json", "tensorflow 1.*", "numpy <1.14"}, // likely unsatisfiable: same message
        };
        for (String[] run : runs) {
            Path p = copy(run[0]);
            List<MatchSpec> specs = new ArrayList<>();
            for (int i = 1; i < run.length; i++) specs.add(MatchSpec.parse(run[i]));
            List<CondaSolver.Source> e =
                    List.of(new CondaSolver.Source("ch", eager(p, "ch").records()));
            List<CondaSolver.Source> l = List.of(new CondaSolver.Source("ch", lazy(p, "ch")));
            assertEquals(solve(e, specs), solve(l, specs), String.join(" ", run));
            // the pools agree on every name the solve read, candidate by candidate
            Pool pe = CondaSolver.pool(e, SolveOptions.defaults());
            Pool pl = CondaSolver.pool(l, SolveOptions.defaults());
            new Solver(pl).solve(specs);
            for (PackageRecord r : e.get(0).records()) {
                List<Pool.Cand> a = pe.byName(r.name());
                List<Pool.Cand> b = pl.byName(r.name());
                assertEquals(a.size(), b.size(), r.name());
                for (int i = 0; i < a.size(); i++) {
                    assertEquals(a.get(i).rec(), b.get(i).rec());
                }
            }
        }
    }

    @Test
    void aCorruptOrStaleIndexIsRebuiltNotTrusted() throws Exception {
        Path p = copy("rattler-dummy_linux-64.json");
        RecordSource first = lazy(p, "ch");
        List<PackageRecord> all = first.all();
        Path idx = p.resolveSibling(p.getFileName() + ".idx");
        byte[] good = Files.readAllBytes(idx);
        assertTrue(good.length > 16);
        // a flipped byte: the CRC fails, the index is rebuilt (same bytes as before) and answers are unchanged
        byte[] bad = good.clone();
        bad[bad.length / 2] ^= 0x5a;
        Files.write(idx, bad);
        assertEquals(all, lazy(p, "ch").all());
        assertArrayEquals(good, Files.readAllBytes(idx));
        // a truncated index: the same
        Files.write(idx, java.util.Arrays.copyOf(good, good.length / 3));
        assertEquals(all, lazy(p, "ch").all());
        assertArrayEquals(good, Files.readAllBytes(idx));
        // the repodata changed under it (a new body from the server): the old ranges would point into the wrong
        // bytes; the stamp differs, so the index is rebuilt for the new body
        String text = Files.readString(p);
        String changed = "{\"info\":{\"subdir\":\"linux-64\"},\"packages\":{\"zz-9-0.tar.bz2\":"
                + "{\"name\":\"zz\",\"version\":\"9\",\"build\":\"0\",\"depends\":[]}},\"x\":\"" + " ".repeat(10)
                + "\"}";
        Files.writeString(p, changed);
        RecordSource after = lazy(p, "ch");
        assertEquals(
                List.of("zz"), after.all().stream().map(PackageRecord::name).toList());
        assertNotEquals(text, Files.readString(p));
        assertFalse(java.util.Arrays.equals(good, Files.readAllBytes(idx)));
    }

    @Test
    void malformedRecordsAreReportedWithTheirLineWhenTheirNameIsRead() throws Exception {
        Path p = tmp.resolve("bad.json");
        Files.writeString(
                p,
                "{\"packages\": {\n"
                        + "  \"a-1-0.tar.bz2\": {\"name\": \"a\", \"version\": \"1\", \"build\": \"0\"},\n"
                        + "  \"a-2-0.tar.bz2\": {\"name\": \"a\", \"version\": \"2..x\", \"build\": \"0\"},\n"
                        + "  \"b-1-0.tar.bz2\": {\"name\": \"b\", \"version\": \"1\", \"build\": \"0\"},\n"
                        + "  \"c-1-0.tar.bz2\": {\"version\": \"1\", \"build\": \"0\"}\n"
                        + "}}\n");
        RecordSource l = lazy(p, "ch");
        assertEquals(1, l.named("b").size());
        assertEquals(1, l.named("a").size());
        List<String> warned = l.skipped();
        assertEquals(sorted(eager(p, "ch").skipped()), sorted(warned));
        assertEquals(2, warned.size(), warned.toString()); // a's bad version, and c's missing name
        assertTrue(warned.stream().anyMatch(w -> w.contains(":3:") && w.contains("a-2-0.tar.bz2")), warned.toString());
    }

    private static List<String> sorted(List<String> l) {
        return l.stream().sorted().toList();
    }

    private static String fileOf(String channel) {
        return switch (channel) {
            case "channel-1" -> "conda-channel-1_index.json";
            case "channel-2" -> "conda-channel-2_index2.json";
            case "channel-4" -> "conda-channel-4_index4.json";
            case "channel-5" -> "conda-channel-5_index5.json";
            default -> throw new IllegalArgumentException(channel);
        };
    }

    private static List<String> solve(List<CondaSolver.Source> sources, List<MatchSpec> specs) {
        List<String> out = new ArrayList<>();
        try {
            for (SolvedPackage p : CondaSolver.solve(sources, specs, KnownAnswerCases.CONDA_DEFAULTS))
                out.add(p.distString());
        } catch (CondockException e) {
            out.add("ERROR: " + e.getMessage());
        }
        return out;
    }
}
