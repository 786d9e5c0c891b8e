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
        // only for the real process: a test JVM calling run() keeps its own handler
        FatalErrors.installUncaughtHandler(new java.io.PrintWriter(System.err, true));
        System.exit(run(args));
    }

    /** Runs the CLI and returns its exit code (tests call this instead of main). */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(ShortRoutes.forArgs(args, new Main())); // lock, build: their model only
        cl.setExecutionExceptionHandler(new ErrorHandler());
        cl.setParameterExceptionHandler((ex, a) -> {
            ex.getCommandLine().getErr().println("condock: " + ex.getMessage());
            return 2;
        });
        return execute(cl, args);
    }

    /** {@code cl.execute}, with Java Errors (which picocli lets through) as one line and exit 1 or 70. */
    static int execute(CommandLine cl, String... args) {
        try {
            return cl.execute(args);
        } catch (Error e) {
            return FatalErrors.handle(e, cl.getErr());
        }
    }
}
