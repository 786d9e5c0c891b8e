package dev.condock.drift;

import dev.condock.lock.DefaultLocks;
import dev.condock.lock.LockFile;
import dev.condock.lock.LockInputs;
import dev.condock.model.PackageRecord;
import dev.condock.spec.EnvironmentSpec;
import dev.condock.spec.MatchSpec;
import dev.condock.util.CondockException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Does a lock still match its environment file? Reads only the two files (no network, no solve): the inputs the
 * lock's header records ({@link LockInputs}) against the environment file's, and the platforms the lock covers
 * against those wanted. Used by {@code condock check} and by builds from a spec with both an environment and a lock.
 */
public final class DriftCheck {
    private static final Pattern PLATFORM = Pattern.compile("^#\\s*platform:\\s*(\\S+)\\s*$");

    private DriftCheck() {}

    /**
     * @param environment the environment file
     * @param locks       the lock files read, each with the platforms it covers
     * @param drifts      what changed; empty when the lock is up to date
     */
    public record Report(Path environment, Map<Path, List<String>> locks, List<Drift> drifts) {
        public boolean stale() {
            return !drifts.isEmpty();
        }
    }

    /** The locks to check when none is named: the ones {@code build} and {@code lock} write by default. */
    public static List<Path> defaultLocks(Path environmentFile) {
        return List.of(DefaultLocks.explicitFor(environmentFile), DefaultLocks.condaLockFor(environmentFile));
    }

    /**
     * Checks {@code locks} (each an @EXPLICIT file, a conda-lock.yml, a path with {@code {platform}}, or the base
     * name of per-platform files FILE.&lt;platform&gt;; the ones that do not exist are skipped, but one must).
     *
     * @param platforms the platforms the lock must cover; empty: whichever it covers
     */
    public static Report check(Path environmentFile, List<Path> locks, List<String> platforms) throws CondockException {
        LockInputs now = LockInputs.of(EnvironmentSpec.read(environmentFile));
        List<Path> files = new ArrayList<>();
        for (Path l : locks) files.addAll(filesOf(l, platforms));
        if (files.isEmpty()) {
            throw CondockException.user(environmentFile + ": no lock file found (looked for "
                    + locks.stream()
                            .map(Path::toString)
                            .reduce((a, b) -> a + ", " + b)
                            .orElse("") + "); give --lock FILE");
        }
        Set<Drift> drifts = new LinkedHashSet<>();
        Set<String> covered = new LinkedHashSet<>();
        Map<Path, List<String>> read = new LinkedHashMap<>();
        for (Path f : files) {
            String text;
            try {
                text = Files.readString(f);
            } catch (IOException e) {
                throw CondockException.user(f + ": cannot read lock file: " + e.getMessage(), e);
            }
            LockInputs recorded = LockInputs.read(text);
            if (recorded == null) drifts.add(new Drift(Drift.Kind.NOT_RECORDED, f.toString(), null, f.toString()));
            else drifts.addAll(Drift.between(recorded, now));
            List<String> ps = platformsOf(f, text);
            read.put(f, ps);
            covered.addAll(ps);
        }
        for (String p : platforms) {
            if (!covered.contains(p)) drifts.add(new Drift(Drift.Kind.PLATFORM_MISSING, p, null, p));
        }
        return new Report(environmentFile, read, List.copyOf(drifts));
    }

    /**
     * A user error naming what changed when {@code lock} no longer matches {@code environmentFile}. A lock that
     * records no inputs passes (nothing to compare with); {@code check} reports it.
     */
    public static void requireFresh(Path environmentFile, Path lock, List<String> platforms) throws CondockException {
        // a lock condock did not write (conda-lock's own) records no inputs: nothing to compare, so not refused
        List<Drift> drifts = check(environmentFile, List.of(lock), platforms).drifts().stream()
                .filter(d -> d.kind() != Drift.Kind.NOT_RECORDED)
                .toList();
        if (!drifts.isEmpty()) {
            throw CondockException.user(lock + " is stale: " + environmentFile + " changed since it was locked ("
                    + String.join("; ", drifts.stream().map(Drift::describe).toList())
                    + "); re-lock (condock lock) or pass --allow-stale-lock");
        }
    }

    /** Specs the locked packages do not satisfy (a spec whose package is missing or at a version it excludes). */
    public static List<Drift> unsatisfied(EnvironmentSpec env, LockFile lock) {
        List<Drift> out = new ArrayList<>();
        for (MatchSpec m : env.dependencies()) {
            List<PackageRecord> same = lock.packages().stream()
                    .filter(r -> r.name().equals(m.name()))
                    .toList();
            if (same.isEmpty()) {
                out.add(new Drift(
                        Drift.Kind.UNSATISFIED,
                        m.text(),
                        null,
                        "no " + m.name() + " in " + lock.source() + " for "
                                + lock.platform().subdir()));
            } else if (same.stream().noneMatch(m::matches)) {
                out.add(new Drift(
                        Drift.Kind.UNSATISFIED,
                        m.text(),
                        null,
                        "locked " + same.get(0).dist() + " for "
                                + lock.platform().subdir()));
            }
        }
        return out;
    }

    static List<Path> filesOf(Path lock, List<String> platforms) {
        List<Path> out = new ArrayList<>();
        if (lock.toString().contains("{platform}")) {
            for (String p : platforms) out.add(Path.of(lock.toString().replace("{platform}", p)));
            return out;
        }
        if (Files.isRegularFile(lock)) return List.of(lock);
        // several platforms: build writes FILE.<platform> (BuildRequest.perPlatform)
        Path dir = lock.toAbsolutePath().getParent();
        String prefix = lock.getFileName() + ".";
        if (dir == null || !Files.isDirectory(dir)) return out;
        try (var s = Files.list(dir)) {
            s.filter(f -> f.getFileName().toString().startsWith(prefix) && Files.isRegularFile(f))
                    .sorted()
                    .forEach(out::add);
        } catch (IOException e) {
            return out;
        }
        return out;
    }

    /** The platforms a lock covers: @EXPLICIT's {@code # platform:} line, conda-lock's {@code metadata.platforms}. */
    static List<String> platformsOf(Path file, String text) throws CondockException {
        List<String> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            String t = line.strip();
            if (t.equals("@EXPLICIT")) return out;
            Matcher m = PLATFORM.matcher(t);
            if (m.matches()) out.add(m.group(1));
        }
        // conda-lock.yml: parse only the metadata block, not the (long) package list
        int at = text.indexOf("\nmetadata:");
        if (at < 0 && !text.startsWith("metadata:")) return out;
        int start = at < 0 ? 0 : at + 1;
        int end = start;
        for (int i = text.indexOf('\n', start); i >= 0 && i + 1 < text.length(); i = text.indexOf('\n', i + 1)) {
            char c = text.charAt(i + 1);
            end = i + 1;
            if (c != ' ' && c != '\n' && c != '#' && c != '-') break;
            end = text.length();
        }
        try {
            Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(text.substring(start, end));
            if (doc instanceof Map<?, ?> root
                    && root.get("metadata") instanceof Map<?, ?> meta
                    && meta.get("platforms") instanceof List<?> ps) {
                ps.forEach(p -> out.add(String.valueOf(p)));
            }
        } catch (RuntimeException e) {
            throw CondockException.user(file + ": malformed conda-lock metadata: " + e.getMessage(), e);
        }
        return out;
    }
}
