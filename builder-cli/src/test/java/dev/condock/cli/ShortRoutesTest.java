package dev.condock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** {@code condock lock} and {@code condock build} parse with their own model only, and say the same as the whole tree. */
class ShortRoutesTest {
    @org.junit.jupiter.api.Test
    void onlyALockOrABuildTakesAShortRoute() {
        Main full = new Main();
        assertInstanceOf(ShortRoutes.Lock.class, ShortRoutes.forArgs(new String[] {"lock", "env.yml"}, full));
        assertInstanceOf(ShortRoutes.Build.class, ShortRoutes.forArgs(new String[] {"build", "--lock", "l"}, full));
        for (String[] args : new String[][] {
            {}, {"test"}, {"help", "lock"}, {"help", "build"}, {"--help"}, {"--version", "lock"}, {"--debug", "build"}
        }) {
            assertEquals(full, ShortRoutes.forArgs(args, full), String.join(" ", args));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"lock", "build"})
    void usageIsTheSameAsInTheWholeTree(String command) {
        CommandLine whole = new CommandLine(new Main()).getSubcommands().get(command);
        CommandLine alone = new CommandLine(ShortRoutes.forArgs(new String[] {command}, null))
                .getSubcommands()
                .get(command);
        assertEquals(
                whole.getUsageMessage(CommandLine.Help.Ansi.OFF), alone.getUsageMessage(CommandLine.Help.Ansi.OFF));
        assertTrue(alone.getUsageMessage(CommandLine.Help.Ansi.OFF).startsWith("Usage: condock " + command));
    }

    @ParameterizedTest
    @ValueSource(strings = {"lock", "build"})
    void errorsAndExitCodesAreTheSame(String command) {
        Fixtures.Run r = Fixtures.cli(command, "--no-such-flag");
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith("condock: Unknown option: '--no-such-flag'"), r.err());
        Fixtures.Run help = Fixtures.cli(command, "--help");
        assertEquals(0, help.exit());
        assertEquals(Fixtures.cli("help", command).out(), help.out());
    }
}
