package dev.condock.bench;

import dev.condock.install.InstalledEnvironment;
import dev.condock.install.InstalledPackage;
import dev.condock.layer.LayerPlanner;
import dev.condock.layer.PlannedLayer;
import dev.condock.model.PackageRecord;
import dev.condock.model.TreeEntry;
import java.util.ArrayList;
import java.util.List;

/** The two baselines the planner benchmark compares against. */
final class BaselinePlanners {
    private BaselinePlanners() {}

    /** One layer for the whole environment (what a Dockerfile RUN conda install gives). */
    static LayerPlanner wholeEnvironment() {
        return env -> {
            List<PackageRecord> recs = new ArrayList<>();
            List<TreeEntry> entries = new ArrayList<>();
            for (InstalledPackage p : env.packages()) {
                recs.add(p.record());
                entries.addAll(p.entries()); // later packages win inside the layer (LayerWriter: last wins)
            }
            entries.addAll(env.environmentFiles());
            return List.of(new PlannedLayer("environment", recs, entries, "whole environment"));
        };
    }

    /** conda-docker's shape: one layer per package in install order up to {@code n}, then one catch-all. */
    static LayerPlanner perPackageThenCatchAll(int n) {
        return (InstalledEnvironment env) -> {
            List<PlannedLayer> out = new ArrayList<>();
            List<PackageRecord> rest = new ArrayList<>();
            List<TreeEntry> restEntries = new ArrayList<>();
            for (int i = 0; i < env.packages().size(); i++) {
                InstalledPackage p = env.packages().get(i);
                if (i < n) {
                    out.add(new PlannedLayer(p.record().name(), List.of(p.record()), p.entries(), "package"));
                } else {
                    rest.add(p.record());
                    restEntries.addAll(p.entries());
                }
            }
            restEntries.addAll(env.environmentFiles());
            out.add(new PlannedLayer("catch-all", rest, restEntries, "catch-all"));
            return out;
        };
    }
}
