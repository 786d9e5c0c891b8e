package dev.condock.wheel;

import dev.condock.layer.GroupingPlanner;
import dev.condock.layer.PlannedLayer;
import dev.condock.layer.PlannerOptions;
import dev.condock.model.PackageRecord;
import dev.condock.model.TreeEntry;
import dev.condock.util.Sizes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Layers for pip wheels, above the conda ones and planned by the same rules: a wheel over the size threshold gets
 * a layer of its own ({@code pypi-<name>}), small ones share one of the fixed name-hash groups
 * ({@code pypi-group-NN}), so bumping one wheel changes one layer. Their package records are named
 * {@code pypi:<name>}, the marker {@code plan}, {@code inspect} and {@code diff} show.
 */
public final class PipLayers {
    private PipLayers() {}

    /** {@code conda}'s plan with the wheel layers inserted below its environment (top) layer. */
    public static List<PlannedLayer> plan(
            List<PlannedLayer> conda,
            List<InstalledWheel> wheels,
            List<dev.condock.lock.LockedWheel> locked,
            PlannerOptions options) {
        if (wheels.isEmpty()) {
            return conda;
        }
        Map<String, dev.condock.lock.LockedWheel> byName = new TreeMap<>();
        locked.forEach(w -> byName.put(w.name(), w));
        Map<String, List<InstalledWheel>> buckets = new TreeMap<>();
        Map<String, String> names = new TreeMap<>();
        Map<String, String> reasons = new TreeMap<>();
        for (InstalledWheel w : wheels) {
            String key;
            if (w.size() > options.thresholdBytes()) {
                key = "0-big/" + w.name();
                names.put(key, "pypi-" + w.name());
                reasons.put(
                        key,
                        "big pip wheel: " + Sizes.human(w.size()) + " > " + Sizes.human(options.thresholdBytes())
                                + " threshold");
            } else {
                int g = GroupingPlanner.group(w.name(), options.groups());
                key = String.format("1-group/%03d", g);
                names.put(key, String.format("pypi-group-%02d", g));
                reasons.put(key, String.format("small pip wheels: name hash group %d of %d", g, options.groups()));
            }
            buckets.computeIfAbsent(key, k -> new ArrayList<>()).add(w);
        }
        List<String> keys = new ArrayList<>(buckets.keySet());
        // the layers the conda plan left of --max-layers (at least one): the smallest neighbours merge first
        int budget = Math.max(1, options.ownBudget() - conda.size());
        while (keys.size() > budget) {
            int best = 0;
            long bestBytes = Long.MAX_VALUE;
            for (int i = 0; i + 1 < keys.size(); i++) {
                long n = bytes(buckets.get(keys.get(i))) + bytes(buckets.get(keys.get(i + 1)));
                if (n < bestBytes) {
                    bestBytes = n;
                    best = i;
                }
            }
            String a = keys.get(best);
            String b = keys.remove(best + 1);
            buckets.get(a).addAll(buckets.remove(b));
            names.put(a, names.get(a) + "+" + names.get(b));
            reasons.put(a, "merged to fit --max-layers: " + reasons.get(a) + " + " + reasons.get(b));
        }
        List<PlannedLayer> out = new ArrayList<>(conda);
        int at = !out.isEmpty() && out.get(out.size() - 1).name().equals("environment") ? out.size() - 1 : out.size();
        for (String key : keys) {
            Map.Entry<String, List<InstalledWheel>> b = Map.entry(key, buckets.get(key));
            List<InstalledWheel> ms = new ArrayList<>(b.getValue());
            ms.sort(Comparator.comparing(InstalledWheel::name));
            List<PackageRecord> recs = new ArrayList<>();
            List<TreeEntry> entries = new ArrayList<>();
            for (InstalledWheel w : ms) {
                PackageRecord r = PipInstall.record(byName.get(w.name()));
                // features: the install rules, so a layer cache key changes when they do (see WheelInstaller.RULES)
                recs.add(r.toBuilder()
                        .size(w.size())
                        .features(WheelInstaller.RULES)
                        .build());
                entries.addAll(w.entries());
            }
            entries.sort(Comparator.comparing(TreeEntry::path));
            out.add(at++, new PlannedLayer(names.get(b.getKey()), recs, entries, reasons.get(b.getKey())));
        }
        return out;
    }

    private static long bytes(List<InstalledWheel> ws) {
        long n = 0;
        for (InstalledWheel w : ws) {
            n += w.size();
        }
        return n;
    }
}
