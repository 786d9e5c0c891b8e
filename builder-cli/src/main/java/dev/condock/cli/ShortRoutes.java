package dev.condock.cli;

import picocli.CommandLine.Command;

/**
 * The top level of {@code condock lock ...} and {@code condock build ...}: {@link Main} with that command as its
 * only subcommand. picocli builds the model of every subcommand up front (reflection over each one's options and
 * mixins); the two commands users run most, and that issue 15 times against whole-process peers, need only their
 * own (a lock ~30 ms of CPU less; a no-op build 0.41 -> 0.35 s, 0.60 -> 0.51 s of CPU, 12 interleaved rounds). Parsing, help, errors and exit codes are the
 * same (the command's own model, under the name {@code condock}); anything else, {@code condock help build}
 * included, gets the whole command tree.
 */
final class ShortRoutes {
    private ShortRoutes() {}

    @Command(
            name = "condock",
            mixinStandardHelpOptions = true,
            versionProvider = VersionProvider.class,
            subcommands = {LockCommand.class})
    static final class Lock {}

    @Command(
            name = "condock",
            mixinStandardHelpOptions = true,
            versionProvider = VersionProvider.class,
            subcommands = {BuildCommand.class})
    static final class Build {}

    /** The command object for {@code args}: a short route for a lock or a build, else {@code full}. */
    static Object forArgs(String[] args, Object full) {
        if (args.length == 0) {
            return full;
        }
        return switch (args[0]) {
            case "lock" -> new Lock();
            case "build" -> new Build();
            default -> full;
        };
    }
}
