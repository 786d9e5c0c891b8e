package dev.condock.wheel;

import dev.condock.fetch.FetchedPackage;
import dev.condock.fetch.PackageFetcher;
import dev.condock.install.EnvironmentInstaller;
import dev.condock.install.InstallOptions;
import dev.condock.install.InstalledEnvironment;
import dev.condock.install.PackageToInstall;
import dev.condock.lock.LockedWheel;
import dev.condock.model.PackageRecord;
import dev.condock.model.Platform;
import dev.condock.model.PythonAbi;
import dev.condock.model.TreeEntry;
import dev.condock.model.VirtualPackages;
import dev.condock.pip.ParsedPip;
import dev.condock.pip.PipIndexSettings;
import dev.condock.pip.PipResolver;
import dev.condock.pip.PipSection;
import dev.condock.pip.PipTarget;
import dev.condock.pip.ResolvedWheel;
import dev.condock.util.CondockException;
import dev.condock.util.FileTrees;
import dev.condock.util.Workers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An environment's {@code pip:} section resolved after its conda solve, into the wheels a lock pins: the target is
 * the image (the solved conda python, the platform, the environment's {@code __glibc}), and what the solved conda
 * packages install (their dist-info/egg-info, read from a scratch install) counts as installed, so a conda-provided
 * distribution is never installed a second time by pip.
 */
public final class PipLocking {
    private PipLocking() {}

    /**
     * @param pipLines the {@code pip:} entries as written (empty: nothing to resolve, nothing fetched)
     * @param envFile  the environment file ({@code -r} files and local wheels are relative to it)
     * @param conda    the platform's solved conda records, install order
     * @param workers  the build's threads (the conda packages are unpacked to read their dist-info)
     * @param index    index options from flags/condock.yaml, over the {@code pip:} section's own option lines
     * @param warn     hears of corrupt pip cache entries (removed and downloaded again)
     */
    public static List<LockedWheel> resolve(
            List<String> pipLines,
            Path envFile,
            List<PackageRecord> conda,
            Platform platform,
            VirtualPackages vp,
            Path cacheRoot,
            Workers workers,
            PipIndexSettings index,
            java.util.function.Consumer<String> warn)
            throws CondockException {
        if (pipLines.isEmpty()) {
            return List.of();
        }
        Path dir = envFile.toAbsolutePath().getParent();
        ParsedPip parsed = PipSection.parse(pipLines, dir);
        PythonAbi python = PythonAbi.find(conda);
        PackageRecord py = conda.stream()
                .filter(r -> r.name().equals("python"))
                .findFirst()
                .orElse(null);
        if (python == null || py == null) {
            throw CondockException.user(envFile + ": a pip: section needs python among the conda dependencies "
                    + "(the wheels are chosen for that python)");
        }
        String version = py.version().matches("\\d+\\.\\d+(\\.\\d+)?.*")
                ? py.version().replaceFirst("^(\\d+\\.\\d+(\\.\\d+)?).*", "$1")
                : python.version();
        PipTarget target = new PipTarget(
                version, "cp", platform.subdir(), vp.version("__glibc").orElse(null));
        Map<String, String> installed = condaDistributions(conda, cacheRoot, python, workers);
        List<ResolvedWheel> wheels =
                PipResolver.resolve(parsed.requirements(), installed, target, index.options(parsed, cacheRoot), warn);
        List<LockedWheel> out = new ArrayList<>();
        java.util.Set<String> direct = new java.util.HashSet<>();
        parsed.requirements().stream().filter(r -> r.url() != null).forEach(r -> direct.add(r.name()));
        for (ResolvedWheel w : wheels) {
            out.add(new LockedWheel(
                    w.name(),
                    w.version(),
                    w.url(),
                    w.sha256(),
                    w.requires(),
                    w.requested(),
                    w.requested() && direct.contains(w.name())));
        }
        return out;
    }

    /** The python distributions the conda packages install: fetched (cached) and installed into scratch. */
    static Map<String, String> condaDistributions(
            List<PackageRecord> conda, Path cacheRoot, PythonAbi python, Workers workers) throws CondockException {
        Path work = null;
        try {
            Files.createDirectories(cacheRoot.resolve("tmp"));
            work = Files.createTempDirectory(cacheRoot.resolve("tmp"), "pip-installed-");
            List<FetchedPackage> fetched = new PackageFetcher(cacheRoot, workers).fetchAll(conda);
            List<PackageToInstall> todo = fetched.stream()
                    .map(f -> new PackageToInstall(f.record(), f.archive(), null))
                    .toList();
            InstalledEnvironment env = new EnvironmentInstaller()
                    .install(
                            todo,
                            new InstallOptions("/opt/conda", python, work, InstallOptions.DEFAULT_MAX_EXPANDED_BYTES),
                            workers);
            List<TreeEntry> entries = new ArrayList<>();
            env.packages().forEach(p -> entries.addAll(p.entries()));
            return InstalledDistributions.of(entries);
        } catch (IOException e) {
            throw CondockException.environment(
                    "cannot prepare a scratch install under " + cacheRoot + ": " + e.getMessage(), e);
        } finally {
            FileTrees.deleteQuietly(work);
        }
    }
}
