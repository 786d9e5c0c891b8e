package dev.condock.layer;

import dev.condock.install.InstalledEnvironment;
import dev.condock.install.InstalledPackage;
import java.util.ArrayList;
import java.util.List;

/**
 * The simplest honest plan: one layer per package in install order (its conda-meta record included, so each
 * layer is self-contained), then a top layer with the environment-wide files. A later package's layer lies above
 * an earlier one's, so a path both write resolves to the later package, as the installer decides.
 */
public final class PerPackagePlanner implements LayerPlanner {
    @Override
    public List<PlannedLayer> plan(InstalledEnvironment env) {
        List<PlannedLayer> out = new ArrayList<>();
        for (InstalledPackage p : env.packages()) {
            out.add(new PlannedLayer(p.record().dist(), List.of(p.record()), p.entries(), "package"));
        }
        out.add(new PlannedLayer("environment", List.of(), env.environmentFiles(), "environment files"));
        return out;
    }
}
