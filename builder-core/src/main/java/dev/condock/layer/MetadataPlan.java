package dev.condock.layer;

import dev.condock.install.EnvironmentInstaller;
import dev.condock.install.InstalledEnvironment;
import dev.condock.install.InstalledPackage;
import dev.condock.install.PackagePaths;
import dev.condock.model.PackageRecord;
import dev.condock.model.TreeEntry;
import dev.condock.util.CondockException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The plan made before anything is installed: the planner runs over the packages' {@link PackagePaths} (the same
 * paths, kinds and link targets the installer will produce, no content), so layer names, their packages and which
 * paths each keeps after clobbering are today's install-based plan exactly, and each package layer gets a cache key
 * from its inputs ({@link LayerCache#inputKey}). Only the layers the cache lacks are then installed and written,
 * each from its own packages ({@link #realize}).
 *
 * @param layers   the plan; a package layer's entries are the metadata entries (FILE entries have no content), the
 *                 environment's top layer holds the real environment files
 * @param lost     dist → the paths that package loses to a later one (sorted)
 * @param packages the packages in install order
 * @param warnings the installer's warnings, word for word and in its order: each package's, then clobbering
 */
public record MetadataPlan(
        List<PlannedLayer> layers, Map<String, List<String>> lost, List<PackagePaths> packages, List<String> warnings) {

    /**
     * Plans with {@code planner} (it must use archive sizes: every record has one) over {@code packages} in install
     * order; symlink chains across packages are judged here as the installer would.
     */
    public static MetadataPlan of(LayerPlanner planner, List<PackagePaths> packages, List<TreeEntry> environmentFiles)
            throws CondockException {
        List<InstalledPackage> listed = new ArrayList<>();
        for (PackagePaths p : packages) {
            if (p.record().size() < 0) {
                throw new IllegalArgumentException(p.record().dist() + ": no archive size; plan after installing");
            }
            listed.add(
                    new InstalledPackage(p.record(), new ArrayList<>(p.entries().values()), List.of(), List.of()));
        }
        List<String> warnings = new ArrayList<>(); // as the installer: each package's own, then clobbering
        packages.forEach(p -> warnings.addAll(p.warnings()));
        warnings.addAll(EnvironmentInstaller.combine(listed));
        InstalledEnvironment env = new InstalledEnvironment(listed, environmentFiles, List.of());
        Map<String, List<String>> lost = new HashMap<>();
        for (ClobberResolver.Resolved r : ClobberResolver.resolve(env)) {
            if (!r.lost().isEmpty()) {
                lost.put(r.pkg().record().dist(), List.copyOf(r.lost()));
            }
        }
        return new MetadataPlan(planner.plan(env), Map.copyOf(lost), List.copyOf(packages), List.copyOf(warnings));
    }

    /** The dists whose paths depend on the python version (noarch: python). */
    public Set<String> noarchDists() {
        Set<String> out = new HashSet<>();
        packages.forEach(p -> {
            if (p.noarchPython()) {
                out.add(p.record().dist());
            }
        });
        return out;
    }

    /** Every path the packages write (directories too), for whiteouts of replaced base packages. */
    public Set<String> writtenPaths() {
        Set<String> out = new HashSet<>();
        packages.forEach(p -> out.addAll(p.entries().keySet()));
        return out;
    }

    /**
     * The layer as {@link GroupingPlanner} makes it from an installed environment: each package's installed entries
     * less the paths it lost (a hardlink to a lost path becomes a copy), members in the plan's order, then sorted
     * by path (stable: a directory several packages carry keeps their order).
     *
     * @param installed the layer's packages as installed, by dist
     */
    public PlannedLayer realize(PlannedLayer layer, Map<String, InstalledPackage> installed) {
        if (layer.packages().isEmpty()) {
            return layer;
        }
        List<TreeEntry> entries = new ArrayList<>();
        for (PackageRecord r : layer.packages()) {
            InstalledPackage p = installed.get(r.dist());
            if (p == null) {
                throw new IllegalArgumentException("layer " + layer.name() + ": " + r.dist() + " not installed");
            }
            Set<String> gone = new HashSet<>(lost.getOrDefault(r.dist(), List.of()));
            entries.addAll(gone.isEmpty() ? p.entries() : ClobberResolver.without(p.entries(), gone));
        }
        entries.sort(Comparator.comparing(TreeEntry::path));
        return new PlannedLayer(layer.name(), layer.packages(), entries, layer.reason());
    }
}
