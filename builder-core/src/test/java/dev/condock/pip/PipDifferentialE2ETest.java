package dev.condock.pip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.condock.util.CondockException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * condock's resolution equals pip's own (pip install --dry-run --report, isolated from this machine's pip config)
 * on the generated loopback index, for every requirement set below; sets pip cannot resolve must fail here too.
 */
@Tag("e2e")
class PipDifferentialE2ETest {
    static final PipTarget TARGET = new PipTarget("3.11", "cp", "linux-64", "2.17");
    static TestIndex index;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void start() throws Exception {
        index = TestUniverse.build().start();
    }

    @AfterAll
    static void stop() {
        if (index != null) index.close();
    }

    static Stream<Arguments> sets() {
        List<Arguments> a = new ArrayList<>();
        String[][] sets = {
            {"pure"},
            {"pure<2"},
            {"pure~=1.0"},
            {"pure==1.*"},
            {"pure!=2.0,!=1.1.*"},
            {"pure===1.0"},
            {"pure>=2.1rc1"},
            {"pure>1.0"},
            {"pure<=1.0"},
            {"pure==1.0"},
            {"pure>=1.0.post1"},
            {"plat"},
            {"plat<1.5"},
            {"abi"},
            {"rp"},
            {"yank"},
            {"yank==2.0"},
            {"yank>=1"},
            {"extras"},
            {"extras[fast]"},
            {"extras[dev]"},
            {"extras[fast,dev]"},
            {"extras[dev]", "pure>=2"},
            {"markers"},
            {"a", "c"},
            {"c", "a"},
            {"d", "g"},
            {"g", "d"},
            {"h", "j"},
            {"k", "n"},
            {"n", "k"},
            {"loc"},
            {"loc==1.0"},
            {"loc<1.0"},
            {"ep"},
            {"ep<1!0"},
            {"devonly"},
            {"post"},
            {"post>1.0"},
            {"cyc-one"},
            {"halfsdist"},
            {"a", "b==1.0", "d", "f==2"},
            {"extras[fast]", "plat==1.0"},
            {"markers; python_version < '3'", "pure"},
            {"PURE >= 1.0 , < 2.0"},
        };
        for (String[] s : sets) a.add(Arguments.of(List.of(s), false));
        a.add(Arguments.of(List.of("pure"), true)); // --pre
        a.add(Arguments.of(List.of("devonly>=0.1"), true));
        // both must fail
        for (String[] s : new String[][] {
            {"a==2.0", "c"}, {"sdistonly"}, {"nosuchthing"}, {"plat>=2"}, {"rp>=2"}, {"devonly>=0.1"}, {"d==3.0", "g"}
        }) {
            a.add(Arguments.of(List.of(s), false));
        }
        return a.stream();
    }

    @ParameterizedTest(name = "{0} pre={1}")
    @MethodSource("sets")
    void sameAsPip(List<String> reqs, boolean pre) throws Exception {
        assumeTrue(PipRun.available(), "python3 -m pip is not installed (scripts/test.sh installs python3-pip)");
        PipRun.Result pip = PipRun.resolve(index.url(), reqs, pre ? List.of("--pre") : List.of(), tmp);
        List<PipRequirement> parsed = new ArrayList<>();
        for (String r : reqs) parsed.add(PipRequirement.parse(r));
        PipOptions opts = new PipOptions(List.of(index.url()), List.of(), List.of(), pre, tmp.resolve("cache"));
        if (pip.pins() == null) {
            CondockException e = assertThrows(
                    CondockException.class,
                    () -> PipResolver.resolve(parsed, Map.of(), TARGET, opts),
                    "pip failed (" + pip.error() + ") but condock resolved");
            assertEquals(CondockException.USER_ERROR, e.exitCode());
            return;
        }
        assertNotNull(pip.pins());
        TreeSet<String> ours = PipRun.pins(PipResolver.resolve(parsed, Map.of(), TARGET, opts));
        assertEquals(pip.pins(), ours, "resolution of " + reqs);
    }
}
