package dev.condock.solve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.condock.channel.RepodataLoader;
import dev.condock.channel.RepodataParser;
import dev.condock.spec.MatchSpec;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scale benchmark's generated channel (a small one here): the same bytes every time, ML-shaped (the default
 * lock solves to ~145 packages out of the ~150 ML names, none of the filler), and the same answer lazily.
 */
class MlChannelTest {
    @TempDir
    Path tmp;

    @Test
    void deterministicMlShapedAndTheSameAnswerLazilyAndEagerly() throws Exception {
        MlChannel.write(tmp.resolve("a"), 60_000);
        MlChannel.write(tmp.resolve("b"), 60_000);
        Path file = tmp.resolve("a/linux-64/repodata.json");
        assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(tmp.resolve("b/linux-64/repodata.json")));
        RepodataParser.Subdir sd;
        try (InputStream in = Files.newInputStream(file)) {
            sd = RepodataParser.parse(in, file.toString(), "linux-64", "https://example.invalid/linux-64", "scale");
        }
        assertEquals(60_000, sd.records().size());
        List<MatchSpec> specs = new ArrayList<>();
        for (String s : MlChannel.SPECS) specs.add(MatchSpec.parse(s));
        List<SolvedPackage> eager = CondaSolver.solve(
                List.of(new CondaSolver.Source("scale", sd.records())), specs, SolveOptions.defaults());
        List<SolvedPackage> lazy = CondaSolver.solve(
                List.of(new CondaSolver.Source(
                        "scale",
                        RepodataLoader.lazyFile(
                                file, file.toString(), "linux-64", "https://example.invalid/linux-64", "scale"))),
                specs,
                SolveOptions.defaults());
        assertEquals(eager, lazy);
        assertTrue(eager.size() >= 130 && eager.size() <= 160, "solution size " + eager.size());
        assertTrue(eager.stream().noneMatch(p -> p.record().name().contains("-fill")));
        assertTrue(eager.stream().anyMatch(p -> p.record().name().equals("pytorch")));
        assertTrue(eager.stream()
                .anyMatch(p -> p.record().name().equals("python")
                        && p.record().version().startsWith("3.11.")));
    }
}
