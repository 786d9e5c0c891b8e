package dev.condock.cli;

import dev.condock.util.CondockException;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code condock completion bash|zsh}: a shell completion script on stdout, generated from the command model so it
 * never lags the flags. zsh runs the bash script through bashcompinit.
 */
@Command(
        name = "completion",
        mixinStandardHelpOptions = true,
        description = "Print a shell completion script: source <(condock completion bash), or for zsh "
                + "source <(condock completion zsh).")
final class CompletionCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "bash|zsh", description = "the shell")
    String shell;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws CondockException {
        String bash = AutoComplete.bash("condock", spec.root().commandLine());
        switch (shell) {
            case "bash" -> System.out.print(bash);
            case "zsh" ->
                System.out.print(
                        "autoload -U +X compinit && compinit\nautoload -U +X bashcompinit && bashcompinit\n" + bash);
            default -> throw CondockException.user("completion: expected bash or zsh, got '" + shell + "'");
        }
        return 0;
    }
}
