package dev.condock.cli;

import dev.condock.drift.Drift;
import dev.condock.drift.DriftCheck;
import dev.condock.lock.LockReader;
import dev.condock.model.Platform;
import dev.condock.pipeline.BuildRequest;
import dev.condock.pipeline.Condock;
import dev.condock.spec.EnvironmentSpec;
import dev.condock.spec.ImageSpec;
import dev.condock.spec.ImageSpecParser;
import dev.condock.util.CondockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code condock check [SPEC|ENV.yml] [-f FILE] [--lock FILE]}: is the lock still the environment file's? Reads the
 * two files only (no network), so it fits a pre-commit hook; exit 1 with one line per change when stale.
 */
@Command(
        name = "check",
        mixinStandardHelpOptions = true,
        description = "Exit 1 (naming each change) when an environment file no longer matches its lock; no network.")
final class CheckCommand implements Callable<Integer> {
    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "SPEC|ENV.yml",
            description = "condock.yaml, a directory holding one, or an environment.yml "
                    + "(default: ./condock.yaml if present, else ./environment.yml)")
    Path target;

    @Option(
            names = {"-f", "--file"},
            paramLabel = "FILE",
            description = "the environment file (as conda's -f)")
    Path file;

    @Option(
            names = "--lock",
            paramLabel = "FILE",
            description = "the lock (default: the spec's lock, else the ones "
                    + "lock/build write beside the environment file: conda-lock.explicit.txt and conda-lock.yml, "
                    + "<name>.conda-lock.* for an environment file not named environment.yml)")
    Path lock;

    @Option(
            names = "--platform",
            paramLabel = "SUBDIR",
            description = "a platform the lock must cover, repeatable "
                    + "(default: the spec's platforms, else whichever the lock covers)")
    List<String> platforms = new ArrayList<>();

    @Option(
            names = "--solve",
            description = "also check every spec is satisfied by the locked packages and that "
                    + "the environment still solves (reads channels: needs the network)")
    boolean solve;

    @Override
    public Integer call() throws CondockException {
        Path env = file;
        Path specLock = null;
        List<String> wanted = new ArrayList<>(platforms);
        Path t = target != null
                ? target
                : file == null && Files.isRegularFile(Path.of(ImageSpecParser.FILE_NAME))
                        ? Path.of(ImageSpecParser.FILE_NAME)
                        : null;
        if (t != null && isSpec(t)) {
            ImageSpec s = ImageSpecParser.read(t);
            if (env == null) env = s.environment();
            specLock = s.lock();
            if (wanted.isEmpty()) wanted.addAll(s.platforms());
            if (env == null) {
                // a lock-only spec (the lock is the source of truth): nothing can drift, so a hook passes
                System.out.println(s.source() + ": names no environment file, only "
                        + (specLock != null ? specLock : "no lock") + "; nothing to check");
                return 0;
            }
        } else if (t != null) {
            if (file != null) throw CondockException.user("give the environment file as ENV.yml or -f, not both");
            env = t;
        }
        if (env == null) env = Path.of("environment.yml");
        if (!Files.isRegularFile(env)) throw CondockException.user(env + ": no such environment file");
        List<Path> locks =
                lock != null ? List.of(lock) : specLock != null ? List.of(specLock) : DriftCheck.defaultLocks(env);
        DriftCheck.Report report = DriftCheck.check(env, locks, wanted);
        List<Drift> drifts = new ArrayList<>(report.drifts());
        if (solve) drifts.addAll(solveCheck(env, report));
        String locksRead = String.join(
                ", ", report.locks().keySet().stream().map(Path::toString).toList());
        if (drifts.isEmpty()) {
            System.out.println(locksRead + ": up to date with " + env);
            return 0;
        }
        for (Drift d : drifts) System.out.println(locksRead + ": " + d.describe());
        return 1;
    }

    /** Every spec satisfied by the locked packages, and the environment still solvable for each platform. */
    private static List<Drift> solveCheck(Path env, DriftCheck.Report report) throws CondockException {
        EnvironmentSpec spec = EnvironmentSpec.read(env);
        List<Drift> out = new ArrayList<>();
        List<String> all = new ArrayList<>();
        for (Map.Entry<Path, List<String>> e : report.locks().entrySet()) {
            for (String p : e.getValue()) {
                out.addAll(DriftCheck.unsatisfied(spec, LockReader.read(e.getKey(), Platform.of(p))));
                if (!all.contains(p)) all.add(p);
            }
        }
        if (!all.isEmpty()) {
            // a failure to solve is the user's error (exit 2) and names the spec that no longer solves
            new Condock(new ConsoleListener())
                    .lock(BuildRequest.builder().environment(env).platforms(all).build(), null, null);
        }
        return out;
    }

    /** A condock.yaml (or its directory) rather than an environment file: by name, else by its top-level keys. */
    static boolean isSpec(Path p) throws CondockException {
        if (Files.isDirectory(p) || p.getFileName().toString().equals(ImageSpecParser.FILE_NAME)) return true;
        try {
            for (String line : Files.readAllLines(p)) {
                if (line.startsWith("environment:") || line.startsWith("lock:")) return true;
            }
            return false;
        } catch (java.io.IOException e) {
            throw CondockException.user(p + ": cannot read: " + e.getMessage(), e);
        }
    }
}
