package dev.condock.cli;

import dev.condock.lock.DefaultLocks;
import dev.condock.pipeline.BuildRequest;
import dev.condock.pipeline.Condock;
import dev.condock.util.CondockException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code condock lock ENV.yml}: solves for each platform and writes conda-lock.yml and/or @EXPLICIT. */
@Command(
        name = "lock",
        mixinStandardHelpOptions = true,
        description = "Solve an environment.yml like conda does and write a lock file.")
final class LockCommand implements Callable<Integer> {
    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "ENV.yml",
            description = "the environment.yml to solve (default: -f, else ./environment.yml)")
    Path env;

    @Option(
            names = {"-f", "--file"},
            paramLabel = "FILE",
            description = "the environment file (as conda's -f)")
    Path file;

    @Option(names = "--platform", paramLabel = "P", description = "target subdir, repeatable (default linux-64)")
    List<String> platforms = new ArrayList<>();

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FILE",
            description =
                    "conda-lock.yml to write (default: "
                            + "conda-lock.yml beside the environment file; <name>.conda-lock.yml for one not named environment.yml)")
    Path output;

    @Option(
            names = "--explicit",
            paramLabel = "FILE",
            description = "also write @EXPLICIT; with several platforms, FILE gets a .<platform> suffix")
    Path explicit;

    @Option(names = "--cuda", paramLabel = "V", description = "offer __cuda=V to the solver")
    String cuda;

    @Option(names = "--glibc", paramLabel = "V", description = "offer __glibc=V (default 2.17)")
    String glibc;

    @Option(names = "--archspec", paramLabel = "A", description = "__archspec build (default from the platform)")
    String archspec;

    @Option(
            names = "--exclude-newer",
            paramLabel = "DATE",
            description = "ignore packages built after DATE (YYYY-MM-DD or ISO-8601 date-time)")
    String excludeNewer;

    @Option(
            names = "--channel-priority",
            paramLabel = "strict|flexible",
            description = "channel priority (default: .condarc, else strict)")
    String channelPriority;

    @Mixin
    ChannelOptions channelOptions = new ChannelOptions();

    @Mixin
    PipFlags pip = new PipFlags();

    @Override
    public Integer call() throws Exception {
        if (env != null && file != null)
            throw CondockException.user("give the environment file as ENV.yml or -f, not both");
        if (env == null) env = file != null ? file : Path.of("environment.yml");
        Boolean strict = null;
        if (channelPriority != null) {
            switch (channelPriority) {
                case "strict" -> strict = true;
                case "flexible" -> strict = false;
                default ->
                    throw CondockException.user(
                            "--channel-priority: expected strict or flexible, got '" + channelPriority + "'");
            }
        }
        BuildRequest.Builder b = BuildRequest.builder()
                .environment(env)
                .platforms(platforms)
                .solve(channelOptions.settings(parseDate(excludeNewer), strict))
                .pipIndex(pip.settings());
        if (cuda != null) b.virtualPackage("__cuda", cuda);
        if (glibc != null) b.virtualPackage("__glibc", glibc);
        if (archspec != null) b.virtualPackage("__archspec", archspec);
        Path out =
                output != null || explicit == null ? (output != null ? output : DefaultLocks.condaLockFor(env)) : null;
        new Condock(new ConsoleListener()).lock(b.build(), out, explicit);
        return 0;
    }

    static long parseDate(String s) throws CondockException {
        if (s == null) return 0;
        try {
            if (s.length() == 10)
                return LocalDate.parse(s)
                                .plusDays(1)
                                .atStartOfDay()
                                .toInstant(ZoneOffset.UTC)
                                .toEpochMilli()
                        - 1;
            return OffsetDateTime.parse(s).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            throw CondockException.user(
                    "--exclude-newer: expected YYYY-MM-DD or an ISO-8601 date-time, got '" + s + "'");
        }
    }
}
