package dev.condock.solve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** conda's known answers, one test per case so a regression names the case, plus the total. */
class KnownAnswersTest {
    @TestFactory
    Stream<DynamicTest> eachCaseMatchesConda() throws Exception {
        return KnownAnswerCases.reproducible().stream()
                .map(c -> DynamicTest.dynamicTest(
                        c.id(), () -> assertEquals(c.expected(), KnownAnswerCases.run(c), c.id() + " " + c.specs())));
    }

    @Test
    void matchesAllReproducibleFreshSolves() throws Exception {
        List<String> wrong = new ArrayList<>();
        List<KnownAnswerCases.Case> cases = KnownAnswerCases.reproducible();
        for (KnownAnswerCases.Case c : cases) {
            TreeSet<String> got = KnownAnswerCases.run(c);
            if (!got.equals(c.expected())) wrong.add(c.id());
        }
        assertEquals(26, cases.size());
        System.out.println(
                "known answers matched: " + (cases.size() - wrong.size()) + "/" + cases.size() + " " + wrong);
        assertTrue(wrong.isEmpty(), "mismatched: " + wrong);
    }
}
