package dev.condock.solve;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.condock.channel.RepodataParser;
import dev.condock.spec.MatchSpec;
import dev.condock.util.CondockException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** mamba's sudoku channel: 729 records, 81 names; the givens conflict, and the explanation must say which. */
class SudokuUnsatTest {
    @Test
    void sudokuIsUnsolvableWithAnExplanation() throws Exception {
        Path data = KnownAnswerCases.DATA;
        JsonNode c = new ObjectMapper()
                .readTree(data.resolve("expectations/mamba-sudoku-case.json").toFile());
        Path repo = data.resolve("repodata/mamba-sudoku_noarch.json");
        RepodataParser.Subdir sd;
        try (InputStream in = Files.newInputStream(repo)) {
            sd = RepodataParser.parse(in, repo.toString(), "noarch", null, "sudoku");
        }
        List<MatchSpec> specs = new ArrayList<>();
        c.get("specs").forEach(s -> specs.add(MatchSpec.parse(s.asText())));
        CondockException e = assertThrows(
                CondockException.class,
                () -> CondaSolver.solve(
                        List.of(new CondaSolver.Source("sudoku", sd.records())), specs, SolveOptions.defaults()));
        System.out.println(e.getMessage());
        assertTrue(e.getMessage().startsWith("cannot solve"), e.getMessage());
        assertTrue(e.getMessage().contains("sudoku_"), e.getMessage());
        assertTrue(e.getMessage().contains("contradicts") || e.getMessage().contains("conflict"), e.getMessage());
    }
}
