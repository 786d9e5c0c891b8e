package dev.condock.install;

import dev.condock.model.PythonAbi;
import dev.condock.model.TreeEntry;
import dev.condock.util.CondockException;
import dev.condock.util.Workers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Installs a whole environment in install (dependency) order: packages are unpacked in parallel, then
 * clobbering and cross-package symlinks are judged in that order, and {@code conda-meta/history} is written.
 * The result does not depend on the thread count: each package stages into its own directory and every
 * decision between packages is taken afterwards, in input order.
 */
public final class EnvironmentInstaller {
    private final long sourceDateEpoch;

    /** History dated SOURCE_DATE_EPOCH when set, else the epoch itself (never the wall clock). */
    public EnvironmentInstaller() {
        this(HistoryFile.sourceDateEpochFromEnvironment());
    }

    public EnvironmentInstaller(long sourceDateEpoch) {
        this.sourceDateEpoch = sourceDateEpoch;
    }

    /** Unpacks on {@code workers} (the build's); the result is the same for any number of threads. */
    public InstalledEnvironment install(List<PackageToInstall> packages, InstallOptions options, Workers workers)
            throws CondockException {
        checkUniqueNames(packages);
        InstallOptions opts = options.python() != null
                ? options
                : options.withPython(PythonAbi.find(
                        packages.stream().map(PackageToInstall::record).toList()));
        List<InstalledPackage> installed = installAll(packages, opts, workers);
        List<String> warnings = new ArrayList<>();
        installed.forEach(p -> warnings.addAll(p.warnings()));
        warnings.addAll(combine(installed));
        return new InstalledEnvironment(installed, List.of(history(packages, opts.stagingDir())), warnings);
    }

    /** conda-meta/history for these packages (in install order), written under {@code stagingDir/.env}. */
    public TreeEntry history(List<PackageToInstall> packages, Path stagingDir) throws CondockException {
        try {
            Path dir = stagingDir.resolve(".env");
            Files.createDirectories(dir);
            return HistoryFile.write(dir.resolve("history"), packages, sourceDateEpoch);
        } catch (IOException e) {
            throw CondockException.environment(
                    "cannot write conda-meta/history under " + stagingDir + ": " + e.getMessage(), e);
        }
    }

    /**
     * The judgements between packages (install order): clobber warnings, and symlink chains across packages
     * refused. Needs only paths, kinds and link targets, so {@link PackagePaths} entries do as well as installed ones.
     */
    public static List<String> combine(List<InstalledPackage> installed) throws CondockException {
        List<String> warnings = clobbers(installed);
        checkSymlinksAcrossPackages(installed);
        return warnings;
    }

    private static List<InstalledPackage> installAll(
            List<PackageToInstall> packages, InstallOptions opts, Workers workers) throws CondockException {
        PackageInstaller installer = new PackageInstaller(opts);
        // in input order: the error reported is the first package's, whatever finished first
        return workers.map(packages, p -> installer.install(p.record(), p.archive(), p.requestedSpec()));
    }

    /** A name listed twice is the user's error, whichever route installs. */
    public static void checkUniqueNames(List<PackageToInstall> packages) throws CondockException {
        Map<String, String> seen = new HashMap<>();
        for (PackageToInstall p : packages) {
            String before = seen.put(p.record().name(), p.record().dist());
            if (before != null) {
                throw CondockException.user("package " + p.record().name() + " is listed twice (" + before + " and "
                        + p.record().dist() + ")");
            }
        }
    }

    /** A warning for each path that a later package takes over from an earlier one (the later one wins). */
    static List<String> clobbers(List<InstalledPackage> installed) {
        Map<String, InstalledPackage> owner = new HashMap<>();
        List<String> out = new ArrayList<>();
        for (InstalledPackage p : installed) {
            for (TreeEntry e : p.entries()) {
                if (e.kind() == TreeEntry.Kind.DIRECTORY) {
                    continue;
                }
                InstalledPackage before = owner.put(e.path(), p);
                if (before != null) {
                    out.add("path " + e.path() + " is in both "
                            + before.record().dist() + " and " + p.record().dist() + "; "
                            + p.record().dist() + " (installed later) wins");
                }
            }
        }
        return out;
    }

    /** Symlink chains can cross packages (a link into a directory link of another): judge the merged tree. */
    private static void checkSymlinksAcrossPackages(List<InstalledPackage> installed) throws CondockException {
        Map<String, String> links = new HashMap<>();
        Map<String, InstalledPackage> owner = new HashMap<>();
        for (InstalledPackage p : installed) {
            for (TreeEntry e : p.entries()) {
                if (e.kind() == TreeEntry.Kind.SYMLINK) {
                    links.put(e.path(), e.linkTarget());
                    owner.put(e.path(), p);
                } else if (e.kind() != TreeEntry.Kind.DIRECTORY) {
                    links.remove(e.path()); // a later file replaces an earlier package's symlink
                }
            }
        }
        LinkGuard guard = new LinkGuard(links);
        for (Map.Entry<String, String> l : new java.util.TreeMap<>(links).entrySet()) {
            LinkGuard.Verdict v = guard.check(l.getKey(), l.getValue());
            if (v != LinkGuard.Verdict.INSIDE) {
                throw CondockException.user(
                        "package " + owner.get(l.getKey()).record().dist() + ": symlink "
                                + l.getKey() + " -> '" + MemberNames.printable(l.getValue()) + "' "
                                + PackageLinker.describe(v) + " once combined with the other packages' symlinks");
            }
        }
    }
}
