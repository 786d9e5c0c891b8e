package dev.condock.pipeline;

import dev.condock.fetch.FetchedPackage;
import dev.condock.install.EnvironmentInstaller;
import dev.condock.install.InstallOptions;
import dev.condock.install.InstalledEnvironment;
import dev.condock.install.InstalledPackage;
import dev.condock.install.PackageInstaller;
import dev.condock.install.PackagePaths;
import dev.condock.install.PackageToInstall;
import dev.condock.layer.LayerCache;
import dev.condock.layer.LayerPlanner;
import dev.condock.layer.MetadataPlan;
import dev.condock.layer.PlannedLayer;
import dev.condock.lock.LockFile;
import dev.condock.model.PythonAbi;
import dev.condock.model.TreeEntry;
import dev.condock.util.CondockException;
import dev.condock.util.Workers;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The build route that installs a package only to write its layer (issue 15): the plan and each package layer's
 * cache key come from the packages' metadata ({@link MetadataPlan}), so a layer the cache has installs nothing (a
 * one-package bump installs one package), and a layer the cache lacks installs its own packages into a staging
 * directory of its own, is written, and that staging is deleted: temp disk is the layers in flight, not the whole
 * environment. The plan, the entries of every layer and so its bytes are those of the install-everything route.
 */
final class StreamedLayers {
    /** Layers installed and written at once: installing layer k+1 overlaps compressing layer k. */
    static final int IN_FLIGHT = 2;

    /**
     * Which layers are installed and written together: those staging more than 3/4 of the largest package one at
     * a time (two of them would stage up to twice the largest package), then the rest {@link #IN_FLIGHT} at once
     * (two stage at most 1.5x the largest). Issue 15's bound: temp disk at most 1.5x the largest package.
     */
    record Pass(List<Integer> layers, int inFlight) {}

    List<Pass> passes(List<PlannedLayer> layers) {
        Map<String, Long> bytes = new HashMap<>();
        long largest = 0;
        for (PackagePaths p : plan.packages()) {
            bytes.put(p.record().dist(), p.bytes());
            largest = Math.max(largest, p.bytes());
        }
        List<Integer> big = new java.util.ArrayList<>();
        List<Integer> rest = new java.util.ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            long n = 0;
            for (var r : layers.get(i).packages()) {
                n += bytes.getOrDefault(r.dist(), 0L);
            }
            (n > largest / 4 * 3 ? big : rest).add(i);
        }
        return List.of(new Pass(big, 1), new Pass(rest, IN_FLIGHT));
    }

    private final MetadataPlan plan;
    private final InstallOptions options;
    private final BuildRequest req;
    /** dist → its fetched archive. */
    private final Map<String, Path> archives = new HashMap<>();

    private StreamedLayers(MetadataPlan plan, InstallOptions options, BuildRequest req, List<FetchedPackage> fetched) {
        this.plan = plan;
        this.options = options;
        this.req = req;
        fetched.forEach(f -> archives.put(f.record().dist(), f.archive()));
    }

    /**
     * Whether this route builds the same image as installing everything first: the grouping planner (a planner
     * object may look at installed bytes), no pip wheels (PipInstall judges them against installed conda files),
     * and every record with an archive size and sha256 (the fetcher fills both; the plan and keys need them).
     */
    static boolean applies(BuildRequest req, LockFile lock, List<FetchedPackage> fetched) {
        if (req.planner() != null || !lock.pip().isEmpty()) {
            return false;
        }
        return fetched.stream()
                .allMatch(f -> f.record().size() >= 0 && f.record().sha256() != null);
    }

    /**
     * Lists the packages (in parallel, no payload extracted) and plans. {@code environment} holds the top layer's
     * files (conda-meta/history and what the build adds), written for real: they are small.
     */
    static StreamedLayers prepare(
            BuildRequest req,
            List<FetchedPackage> fetched,
            PythonAbi python,
            LayerPlanner planner,
            Path staging,
            List<TreeEntry> environment,
            Workers workers)
            throws CondockException {
        List<PackageToInstall> all = fetched.stream()
                .map(f -> new PackageToInstall(f.record(), f.archive(), null))
                .toList();
        EnvironmentInstaller.checkUniqueNames(all);
        InstallOptions options =
                new InstallOptions(req.prefix(), python, staging, InstallOptions.DEFAULT_MAX_EXPANDED_BYTES);
        MetadataPlan plan;
        try {
            List<PackagePaths> listed =
                    workers.map(fetched, f -> PackagePaths.read(f.record(), f.archive(), req.prefix(), python));
            plan = MetadataPlan.of(planner, listed, environment);
        } catch (CondockException e) {
            // a bad package: the installer names the fault (hostile member, broken manifest) in its own words
            // (scripts and users match them), and it checks more than the listing: let it find it
            new EnvironmentInstaller().install(all, options, workers);
            throw e;
        }
        return new StreamedLayers(plan, options, req, fetched);
    }

    /** conda-meta/history and the build's own top files, as EnvironmentInstaller + ImageBuilder add them. */
    static InstalledEnvironment environment(List<FetchedPackage> fetched, Path staging) throws CondockException {
        TreeEntry history = new EnvironmentInstaller()
                .history(
                        fetched.stream()
                                .map(f -> new PackageToInstall(f.record(), f.archive(), null))
                                .toList(),
                        staging);
        return new InstalledEnvironment(List.of(), List.of(history), List.of());
    }

    MetadataPlan plan() {
        return plan;
    }

    /** A package layer's key from its inputs; null for the top layer (its files are hashed, as before). */
    String key(PlannedLayer layer, PythonAbi python) {
        return LayerCache.inputKey(
                layer,
                plan.lost(),
                plan.noarchDists(),
                req.prefix(),
                python == null ? null : python.tag(),
                req.compression(),
                req.mtime());
    }

    /**
     * Installs the layer's packages under {@code staging} (deleted by the caller once the layer is written) and
     * returns the layer with their real entries. Their warnings are the metadata's ({@link MetadataPlan#warnings}).
     */
    PlannedLayer install(PlannedLayer layer, Path staging, Workers workers) throws CondockException {
        if (layer.packages().isEmpty()) {
            return layer;
        }
        PackageInstaller installer = new PackageInstaller(
                new InstallOptions(options.prefix(), options.python(), staging, options.maxExpandedBytes()));
        List<InstalledPackage> done =
                workers.map(layer.packages(), r -> installer.install(r, archives.get(r.dist()), null));
        Map<String, InstalledPackage> byDist = new HashMap<>();
        done.forEach(p -> byDist.put(p.record().dist(), p));
        return plan.realize(layer, byDist);
    }
}
