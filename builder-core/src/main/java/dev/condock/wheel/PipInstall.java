package dev.condock.wheel;

import dev.condock.fetch.FetchedPackage;
import dev.condock.fetch.PackageFetcher;
import dev.condock.lock.LockedWheel;
import dev.condock.model.PackageRecord;
import dev.condock.model.PythonAbi;
import dev.condock.model.TreeEntry;
import dev.condock.util.CondockException;
import dev.condock.util.Hashing;
import dev.condock.util.Redact;
import dev.condock.util.Workers;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The pip part of a build: a lock's wheels fetched (content-addressed cache, sha256-verified, offline when cached)
 * and installed on top of the conda packages, with nothing resolved. A wheel for a distribution the conda
 * packages already installed at the same version is skipped (never installed twice); at another version it is an
 * error naming both, never a silent overwrite of conda's copy. The result does not depend on the thread count.
 */
public final class PipInstall {
    /** The installed wheels (by name) and one warning per path two installers both wrote. */
    public record Result(List<InstalledWheel> wheels, List<String> warnings) {
        public Result {
            wheels = List.copyOf(wheels);
            warnings = List.copyOf(warnings);
        }
    }

    private PipInstall() {}

    /**
     * @param wheels    the lock's wheels
     * @param conda     the conda packages' installed entries (their dist-info counts as installed)
     * @param condaDist for a conda entry path, the conda dist that installed it (for messages)
     */
    public static Result install(
            List<LockedWheel> wheels,
            List<TreeEntry> conda,
            Map<String, String> condaDist,
            PythonAbi python,
            String prefix,
            Path staging,
            PackageFetcher fetcher,
            Workers workers)
            throws CondockException {
        if (wheels.isEmpty()) {
            return new Result(List.of(), List.of());
        }
        if (python == null) {
            throw CondockException.user(
                    "the lock has pip packages (" + wheels.get(0).name() + ", ...) but the "
                            + "environment and its base have no python to install them for");
        }
        Map<String, String> installed = InstalledDistributions.of(conda);
        List<LockedWheel> todo = new ArrayList<>();
        for (LockedWheel w : wheels) {
            if (!w.isWheel()) {
                throw CondockException.user("pip package " + w.name() + " " + w.version() + ": "
                        + Redact.url(w.url()) + " is not a wheel; condock never builds sdists (build a wheel, "
                        + "e.g. pip wheel, and lock its URL or path)");
            }
            String have = installed.get(w.name());
            if (have == null) {
                todo.add(w);
            } else if (!samePep440(have, w.version())) {
                throw CondockException.user("pip package " + w.name() + "==" + w.version() + " conflicts with "
                        + w.name() + " " + have + " that conda package " + condaOwner(w.name(), conda, condaDist)
                        + " installs; pin the conda package or the pip one so they agree");
            }
        }
        List<FetchedPackage> fetched =
                fetcher.fetchAll(todo.stream().map(PipInstall::record).toList());
        WheelInstaller installer = new WheelInstaller(
                prefix, python, staging, dev.condock.install.InstallOptions.DEFAULT_MAX_EXPANDED_BYTES);
        List<InstalledWheel> out = workers.map(
                new ArrayList<>(
                        java.util.stream.IntStream.range(0, todo.size()).boxed().toList()),
                i -> {
                    LockedWheel w = todo.get(i);
                    return installer.install(new WheelToInstall(
                            w.filename(),
                            fetched.get(i).archive(),
                            w.sha256(),
                            LockedWheel.requested(w, wheels),
                            w.direct() ? w.url() : null));
                });
        for (int i = 0; i < out.size(); i++) {
            InstalledWheel iw = out.get(i);
            LockedWheel w = todo.get(i);
            if (!iw.name().equals(w.name())) {
                throw CondockException.user(
                        "pip package " + w.name() + ": " + w.filename() + " is a wheel of " + iw.name());
            }
        }
        return clobbers(out, conda, condaDist);
    }

    /** As {@link #install(List, List, Map, PythonAbi, String, Path, PackageFetcher, Workers)} over a conda install. */
    public static Result install(
            List<LockedWheel> wheels,
            dev.condock.install.InstalledEnvironment env,
            PythonAbi python,
            String prefix,
            Path staging,
            PackageFetcher fetcher,
            Workers workers)
            throws CondockException {
        List<TreeEntry> conda = new ArrayList<>();
        Map<String, String> dist = new HashMap<>();
        for (dev.condock.install.InstalledPackage p : env.packages()) {
            for (TreeEntry e : p.entries()) {
                conda.add(e);
                dist.put(e.path(), p.record().dist());
            }
        }
        return install(wheels, conda, dist, python, prefix, staging, fetcher, workers);
    }

    /** The fetcher's record of a wheel: content-addressed by its sha256 like a conda archive. */
    public static PackageRecord record(LockedWheel w) {
        return PackageRecord.builder("pypi:" + w.name(), w.version(), "pypi")
                .fn(w.filename())
                .url(w.url())
                .sha256(w.sha256())
                .build();
    }

    /**
     * Two wheels writing one path (namespace packages' {@code __init__.py}, as the nvidia-* wheels do): the later
     * by name keeps it, like conda's later-installed package, and the other's copy is dropped, so the layer order
     * never decides. A wheel over a conda file wins (its layer is above); both are warned about unless the bytes
     * are the same.
     */
    private static Result clobbers(List<InstalledWheel> wheels, List<TreeEntry> conda, Map<String, String> condaDist)
            throws CondockException {
        List<InstalledWheel> sorted = new ArrayList<>(wheels);
        sorted.sort(java.util.Comparator.comparing(InstalledWheel::name));
        Map<String, TreeEntry> condaFiles = new HashMap<>();
        conda.forEach(e -> condaFiles.put(e.path(), e));
        Map<String, Integer> owner = new HashMap<>();
        for (int i = 0; i < sorted.size(); i++) {
            for (TreeEntry e : sorted.get(i).entries()) {
                owner.put(e.path(), i);
            }
        }
        List<String> warnings = new ArrayList<>();
        List<InstalledWheel> out = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i++) {
            InstalledWheel w = sorted.get(i);
            List<TreeEntry> kept = new ArrayList<>();
            for (TreeEntry e : w.entries()) {
                int winner = owner.get(e.path());
                if (winner != i) {
                    TreeEntry other = entry(sorted.get(winner), e.path());
                    if (!sameBytes(e, other)) {
                        warnings.add("path " + e.path() + " is in pip packages " + w.name() + " and "
                                + sorted.get(winner).name() + "; "
                                + sorted.get(winner).name() + " wins");
                    }
                    continue;
                }
                TreeEntry c = condaFiles.get(e.path());
                if (c != null && !sameBytes(e, c)) {
                    warnings.add("path " + e.path() + " of conda package " + condaDist.getOrDefault(e.path(), "?")
                            + " is replaced by pip package " + w.name());
                }
                kept.add(e);
            }
            out.add(new InstalledWheel(w.name(), w.version(), w.filename(), w.size(), kept));
        }
        return new Result(out, warnings);
    }

    private static TreeEntry entry(InstalledWheel w, String path) {
        return w.entries().stream()
                .filter(e -> e.path().equals(path))
                .findFirst()
                .orElseThrow();
    }

    private static boolean sameBytes(TreeEntry a, TreeEntry b) throws CondockException {
        if (a.kind() != TreeEntry.Kind.FILE || b.kind() != TreeEntry.Kind.FILE || a.size() != b.size()) {
            return false;
        }
        try {
            return Hashing.sha256Hex(a.content()).equals(Hashing.sha256Hex(b.content()));
        } catch (IOException ex) {
            throw CondockException.environment("cannot read staged " + a.path() + ": " + ex.getMessage(), ex);
        }
    }

    private static String condaOwner(String name, List<TreeEntry> conda, Map<String, String> condaDist) {
        for (TreeEntry e : conda) {
            String p = e.path();
            int sp = p.indexOf("/site-packages/");
            if (sp > 0 && (p.endsWith("/METADATA") || p.endsWith("/PKG-INFO") || p.endsWith(".egg-info"))) {
                String dir = p.substring(sp + "/site-packages/".length());
                int dash = dir.indexOf('-');
                if (dash > 0 && WheelName.normalize(dir.substring(0, dash)).equals(name)) {
                    return condaDist.getOrDefault(p, "?");
                }
            }
        }
        return "?";
    }

    /** Same release as far as PEP 440 cares for a pin check: "1.0" and "1.0.0" agree, a leading "v" is dropped. */
    static boolean samePep440(String a, String b) {
        return trim(a).equals(trim(b));
    }

    private static String trim(String v) {
        String s = v.strip().toLowerCase(java.util.Locale.ROOT);
        if (s.startsWith("v")) {
            s = s.substring(1);
        }
        while (s.matches("\\d+(\\.\\d+)*\\.0")) {
            s = s.substring(0, s.length() - 2);
        }
        return s;
    }
}
