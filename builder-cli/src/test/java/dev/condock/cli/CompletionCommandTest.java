package dev.condock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code condock completion}: generated from the command model, so every subcommand and flag is in it. */
class CompletionCommandTest {
    @Test
    void bashAndZshScriptsNameTheCommandsAndFlags() {
        Fixtures.Run bash = Fixtures.cli("completion", "bash");
        assertEquals(0, bash.exit(), bash.err());
        assertTrue(
                bash.out().contains("complete -F _complete_condock")
                        && bash.out().contains("check")
                        && bash.out().contains("--allow-stale-lock")
                        && bash.out().contains("--warn-size"),
                bash.out());
        Fixtures.Run zsh = Fixtures.cli("completion", "zsh");
        assertTrue(
                zsh.out().startsWith("autoload -U +X compinit")
                        && zsh.out().contains("bashcompinit")
                        && zsh.out().endsWith(bash.out()),
                zsh.out());
        assertEquals(2, Fixtures.cli("completion", "fish").exit());
    }
}
