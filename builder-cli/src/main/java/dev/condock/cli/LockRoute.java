package dev.condock.cli;

import picocli.CommandLine.Command;

/**
 * The top level of {@code condock lock ...}: {@link Main} with {@link LockCommand} as its only subcommand. picocli
 * builds the model of every subcommand up front (reflection over each one's options and mixins); a lock, a short
 * run measured against whole-process peers (issue 15), needs only its own: ~30 ms of its CPU less. Parsing, help,
 * errors and exit codes of {@code condock lock} are the same (the lock command's own model, under the name
 * {@code condock}); anything else, {@code condock help lock} included, gets the whole command tree.
 */
@Command(
        name = "condock",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        subcommands = {LockCommand.class})
final class LockRoute {
    private LockRoute() {}

    /** The command object for {@code args}: this for a lock, else {@code full}. */
    static Object forArgs(String[] args, Object full) {
        return args.length > 0 && args[0].equals("lock") ? new LockRoute() : full;
    }
}
