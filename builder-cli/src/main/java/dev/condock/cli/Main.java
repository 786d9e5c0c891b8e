package dev.condock.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code condock} command: parses arguments, calls builder-core, renders results and errors. */
@Command(
        name = "condock",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Build OCI images from conda environments, without a Dockerfile or a Docker daemon.",
        subcommands = {
            BuildCommand.class,
            LockCommand.class,
            CheckCommand.class,
            InspectCommand.class,
            PlanCommand.class,
            DiffCommand.class,
            QuickstartCommand.class,
            TestCommand.class,
            CacheCommand.class,
            CompletionCommand.class,
            ExportCommand.class,
            KeygenCommand.class,
            SignCommand.class,
            VerifyCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns its exit code (tests call this instead of main). */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler(new ErrorHandler());
        cl.setParameterExceptionHandler((ex, a) -> {
            ex.getCommandLine().getErr().println("condock: " + ex.getMessage());
            return 2;
        });
        return cl.execute(args);
    }
}
