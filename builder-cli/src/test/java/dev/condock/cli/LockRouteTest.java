package dev.condock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code condock lock} parses with the lock command's model only, and says the same as the whole tree. */
class LockRouteTest {
    @Test
    void onlyALockTakesTheShortRoute() {
        Main full = new Main();
        assertInstanceOf(LockRoute.class, LockRoute.forArgs(new String[] {"lock", "env.yml"}, full));
        for (String[] args : new String[][] {{}, {"build"}, {"help", "lock"}, {"--help"}, {"--version", "lock"}}) {
            assertEquals(full, LockRoute.forArgs(args, full), String.join(" ", args));
        }
    }

    @Test
    void lockUsageIsTheSameAsInTheWholeTree() {
        CommandLine whole = new CommandLine(new Main()).getSubcommands().get("lock");
        CommandLine alone = new CommandLine(LockRoute.forArgs(new String[] {"lock"}, null))
                .getSubcommands()
                .get("lock");
        assertEquals(
                whole.getUsageMessage(CommandLine.Help.Ansi.OFF), alone.getUsageMessage(CommandLine.Help.Ansi.OFF));
        assertTrue(alone.getUsageMessage(CommandLine.Help.Ansi.OFF).startsWith("Usage: condock lock"));
    }

    @Test
    void lockErrorsAndExitCodesAreTheSame() {
        Fixtures.Run r = Fixtures.cli("lock", "--no-such-flag");
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith("condock: Unknown option: '--no-such-flag'"), r.err());
        Fixtures.Run help = Fixtures.cli("lock", "--help");
        assertEquals(0, help.exit());
        assertEquals(Fixtures.cli("help", "lock").out(), help.out());
    }
}
