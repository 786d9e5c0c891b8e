package dev.condock.layer;

import dev.condock.install.InstalledEnvironment;
import dev.condock.model.PackageRecord;
import dev.condock.model.TreeEntry;
import dev.condock.util.Hashing;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The default plan. Big packages (compressed archive over the threshold) get a layer each; small ones share one
 * of a fixed set of groups chosen by a hash of the package name, so adding, removing or bumping one small
 * package changes exactly one group. Order: runtime tier (cuda, python, compiler runtimes, blas) above the base,
 * then the rest, each tier big layers by name then groups by number, then the environment's top layer. Nothing
 * but the package set decides the plan: not the install order, not the clock. Clobbered paths are resolved
 * first (see {@link ClobberResolver}), so the layer order never changes which bytes win. Over the layer budget,
 * the two smallest layers are merged until it fits.
 */
public final class GroupingPlanner implements LayerPlanner {
    private final PlannerOptions options;

    public GroupingPlanner(PlannerOptions options) {
        this.options = options;
    }

    public PlannerOptions options() {
        return options;
    }

    /** A layer being planned: its sort key decides the order, bytes decide what merges first. */
    private record Bucket(String sortKey, String name, String reason, List<ClobberResolver.Resolved> members) {
        long bytes() {
            long n = 0;
            for (ClobberResolver.Resolved r : members) {
                n += compressedSize(r);
            }
            return n;
        }
    }

    @Override
    public List<PlannedLayer> plan(InstalledEnvironment env) {
        Map<String, Bucket> buckets = new TreeMap<>();
        for (ClobberResolver.Resolved r : ClobberResolver.resolve(env)) {
            String name = r.pkg().record().name();
            boolean runtime = RuntimePackages.isRuntime(name);
            String tier = runtime ? "0-runtime" : "1-rest";
            long size = compressedSize(r);
            if (size > options.thresholdBytes()) {
                String key = tier + "/0-big/" + name + "/" + r.pkg().record().dist();
                buckets.put(
                        key,
                        new Bucket(
                                key,
                                name,
                                "big: " + human(size) + " > " + human(options.thresholdBytes()) + " threshold"
                                        + (runtime ? ", runtime" : ""),
                                new ArrayList<>(List.of(r))));
            } else {
                int n = runtime ? options.runtimeGroups() : options.groups();
                int g = group(name, n);
                String key = String.format("%s/1-group/%03d", tier, g);
                String layerName = String.format(runtime ? "runtime-%02d" : "group-%02d", g);
                String reason = String.format("small%s: name hash group %d of %d", runtime ? ", runtime" : "", g, n);
                buckets.computeIfAbsent(key, k -> new Bucket(k, layerName, reason, new ArrayList<>()))
                        .members()
                        .add(r);
            }
        }
        List<Bucket> ordered = new ArrayList<>(buckets.values());
        fitBudget(ordered, options.ownBudget() - 1);
        List<PlannedLayer> out = new ArrayList<>();
        for (Bucket b : ordered) {
            // members sorted by name: the layer's package list depends on the set, never on install order
            List<ClobberResolver.Resolved> ms = new ArrayList<>(b.members());
            ms.sort(Comparator.comparing(
                            (ClobberResolver.Resolved r) -> r.pkg().record().name())
                    .thenComparing(r -> r.pkg().record().dist()));
            List<PackageRecord> recs = new ArrayList<>();
            List<TreeEntry> entries = new ArrayList<>();
            for (ClobberResolver.Resolved r : ms) {
                recs.add(r.pkg().record());
                entries.addAll(r.entries());
            }
            entries.sort(Comparator.comparing(TreeEntry::path));
            out.add(new PlannedLayer(b.name(), recs, entries, b.reason()));
        }
        out.add(new PlannedLayer("environment", List.of(), env.environmentFiles(), "environment files"));
        return out;
    }

    /** Merges the two smallest layers (bytes, then sort key) until at most {@code budget} remain. */
    private static void fitBudget(List<Bucket> ordered, int budget) {
        Comparator<Bucket> smallest = Comparator.comparingLong(Bucket::bytes).thenComparing(Bucket::sortKey);
        while (ordered.size() > Math.max(1, budget)) {
            List<Bucket> bySize = new ArrayList<>(ordered);
            bySize.sort(smallest);
            Bucket a = bySize.get(0);
            Bucket b = bySize.get(1);
            int ia = ordered.indexOf(a);
            int ib = ordered.indexOf(b);
            Bucket first = ia < ib ? a : b;
            Bucket second = ia < ib ? b : a;
            List<ClobberResolver.Resolved> ms = new ArrayList<>(first.members());
            ms.addAll(second.members());
            Bucket merged = new Bucket(
                    first.sortKey(),
                    first.name() + "+" + second.name(),
                    "merged to fit --max-layers: " + first.reason() + " + " + second.reason(),
                    ms);
            ordered.set(Math.min(ia, ib), merged);
            ordered.remove(Math.max(ia, ib));
        }
    }

    /** A stable group for a name: the first 4 bytes of its sha256, modulo n. Unrelated names never move it. */
    public static int group(String name, int n) {
        byte[] h = Hashing.sha256().digest(name.getBytes(StandardCharsets.UTF_8));
        long v = ((h[0] & 0xffL) << 24) | ((h[1] & 0xffL) << 16) | ((h[2] & 0xffL) << 8) | (h[3] & 0xffL);
        return (int) (v % n);
    }

    /** The archive size from the record; the installed bytes when a lock did not give it. */
    static long compressedSize(ClobberResolver.Resolved r) {
        long s = r.pkg().record().size();
        if (s >= 0) {
            return s;
        }
        long n = 0;
        for (TreeEntry e : r.pkg().entries()) {
            n += e.size();
        }
        return n;
    }

    static String human(long n) {
        return dev.condock.util.Sizes.human(n);
    }
}
