package dev.condock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The malformed-input corpus (issue 14): every case runs through the real {@code Main}, so the exit code is the
 * one a user sees. Each must give its expected exit code and message; none may print a stack trace or exit 70
 * (a bug); a refusal is one line, the last on stderr, starting "condock: ".
 */
class MalformedInputCorpusTest {
    @TempDir
    static Path tmp;

    static List<CorpusCase> corpus() {
        List<CorpusCase> all = new ArrayList<>();
        all.addAll(SpecCorpus.environment());
        all.addAll(SpecCorpus.condockYaml());
        all.addAll(LockCorpus.explicit());
        all.addAll(LockCorpus.condaLock());
        all.addAll(RepodataCorpus.cases());
        all.addAll(ArchiveCorpus.cases());
        all.addAll(WheelCorpus.cases());
        return all;
    }

    static Stream<CorpusCase> cases() {
        return corpus().stream();
    }

    @Test
    void corpusHasAtLeast150DistinctCases() {
        List<CorpusCase> all = corpus();
        Set<String> names = new HashSet<>();
        all.forEach(c -> assertTrue(names.add(c.name()), "duplicate case name " + c.name()));
        assertTrue(all.size() >= 150, "only " + all.size() + " cases");
        assertTrue(all.stream().filter(c -> c.exit() != 0).count() >= 150, "fewer than 150 refusals");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void answersWithItsExitCodeAndOneClearLine(CorpusCase c) throws Exception {
        Path dir = Files.createDirectories(
                tmp.resolve("case-" + Integer.toHexString(c.name().hashCode())));
        List<String> args = c.setup().args(dir);
        Fixtures.Run r = Fixtures.cli(args.toArray(String[]::new));
        String all = r.out() + r.err();
        String shown = c.name() + ": " + (all.length() > 2000 ? all.substring(0, 2000) + "..." : all);
        assertNotEquals(70, r.exit(), "a bug: " + shown);
        assertFalse(all.contains("\tat "), "stack trace: " + shown);
        assertFalse(all.contains("Exception"), "a Java exception leaks into the message: " + shown);
        assertEquals(c.exit(), r.exit(), shown);
        assertTrue(r.err().contains(c.fragment()), "expected '" + c.fragment() + "' in: " + shown);
        if (c.exit() != 0) {
            // the refusal is the first line after the progress lines (a solver's explanation may follow as a tree)
            String refusal = r.err()
                    .lines()
                    .filter(l -> l.startsWith("condock: ") && !l.startsWith("condock: warning:"))
                    .reduce((a, b) -> b)
                    .orElse("");
            assertFalse(refusal.isEmpty(), "no 'condock: ' line: " + shown);
            assertTrue(refusal.length() < 2000, "one short line, not " + refusal.length() + " characters");
        }
    }
}
