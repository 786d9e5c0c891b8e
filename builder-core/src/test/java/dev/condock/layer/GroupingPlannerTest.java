package dev.condock.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.condock.install.InstalledEnvironment;
import dev.condock.install.InstalledPackage;
import dev.condock.model.PackageRecord;
import dev.condock.model.TreeEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroupingPlannerTest {
    static final long MB = 1 << 20;

    @TempDir
    Path tmp;

    static GroupingPlanner planner() {
        return new GroupingPlanner(PlannerOptions.defaults());
    }

    static List<String> names(List<PlannedLayer> plan) {
        return plan.stream().map(PlannedLayer::name).toList();
    }

    static Set<String> signatures(List<PlannedLayer> plan) {
        return plan.stream()
                .map(l -> l.name() + "="
                        + l.packages().stream().map(PackageRecord::dist).collect(Collectors.joining(",")))
                .collect(Collectors.toSet());
    }

    @Test
    void bigPackagesAloneSmallOnesByNameHashRuntimeFirstTopLast() throws Exception {
        List<InstalledPackage> pkgs = List.of(
                PlanFixtures.pkg(tmp, PlanFixtures.record("zlib-extra", "1", 10_000), "lib/z.so"),
                PlanFixtures.pkg(tmp, PlanFixtures.record("pytorch", "2.1", 1500 * MB), "lib/torch.so"),
                PlanFixtures.pkg(tmp, PlanFixtures.record("libcublas", "12", 400 * MB), "lib/cublas.so"),
                PlanFixtures.pkg(tmp, PlanFixtures.record("python", "3.11", 30 * MB), "bin/python"),
                PlanFixtures.pkg(tmp, PlanFixtures.record("requests", "2", 60_000), "lib/req.py"));
        List<PlannedLayer> plan = planner().plan(PlanFixtures.env(tmp, pkgs));
        List<String> groups = List.of(
                        String.format("group-%02d", GroupingPlanner.group("requests", 16)),
                        String.format("group-%02d", GroupingPlanner.group("zlib-extra", 16)))
                .stream()
                .distinct()
                .sorted()
                .toList();
        List<String> expected = new ArrayList<>(List.of("libcublas", "python", "pytorch"));
        expected.addAll(groups);
        expected.add("environment");
        assertEquals(expected, names(plan), "runtime big layers, then the rest's big ones, then groups, then top");
        assertEquals("pytorch", plan.get(2).name());
        assertEquals("environment", plan.get(plan.size() - 1).name());
        assertTrue(plan.get(2).reason().startsWith("big: 1.5 GiB"), plan.get(2).reason());
        PlannedLayer top = plan.get(plan.size() - 1);
        assertEquals(
                List.of("conda-meta/history"),
                top.entries().stream().map(TreeEntry::path).toList());
        // each package's conda-meta record lives in its own package's layer
        for (PlannedLayer l : plan) {
            for (PackageRecord r : l.packages()) {
                assertTrue(
                        l.entries().stream().anyMatch(e -> e.path().equals("conda-meta/" + r.dist() + ".json")),
                        r.dist() + " record in " + l.name());
            }
        }
    }

    @Test
    void addingRemovingOrBumpingASmallPackageChangesOneLayer() throws Exception {
        Random rnd = new Random(7);
        InstalledEnvironment env = PlanFixtures.random(tmp, rnd, 150, false);
        Set<String> before = signatures(planner().plan(env));

        List<InstalledPackage> added = new ArrayList<>(env.packages());
        added.add(70, PlanFixtures.pkg(tmp, PlanFixtures.record("newcomer", "1", 5000), "lib/new.so"));
        assertEquals(1, changed(before, planner().plan(PlanFixtures.env(tmp, added))));

        List<InstalledPackage> removed = new ArrayList<>(env.packages());
        InstalledPackage gone =
                removed.stream().filter(p -> p.record().size() < MB).findFirst().orElseThrow();
        removed.remove(gone);
        assertEquals(1, changed(before, planner().plan(PlanFixtures.env(tmp, removed))));

        List<InstalledPackage> bumped = new ArrayList<>(env.packages());
        int i = bumped.indexOf(gone);
        bumped.set(i, PlanFixtures.pkg(tmp, PlanFixtures.record(gone.record().name(), "9.9", 2000), "lib/x.so"));
        assertEquals(1, changed(before, planner().plan(PlanFixtures.env(tmp, bumped))));
    }

    /** Layers of the new plan whose name+package list is not in the old plan. */
    static int changed(Set<String> before, List<PlannedLayer> after) {
        Set<String> a = new HashSet<>(signatures(after));
        a.removeAll(before);
        return a.size();
    }

    @Test
    void clobberedPathGoesToTheInstallersWinnerWhateverTheLayerOrder() throws Exception {
        // "aaa-late" is installed last but sorts (and layers) before the runtime package "python"
        InstalledPackage python =
                PlanFixtures.pkg(tmp, PlanFixtures.record("python", "3.11", 50 * MB), "bin/tool", "lib/libpython.so");
        InstalledPackage late = PlanFixtures.pkg(tmp, PlanFixtures.record("aaa-late", "1", 40 * MB), "bin/tool");
        List<PlannedLayer> plan = planner().plan(PlanFixtures.env(tmp, List.of(python, late)));
        assertEquals(List.of("python", "aaa-late", "environment"), names(plan));
        List<String> holders = plan.stream()
                .filter(l -> l.entries().stream().anyMatch(e -> e.path().equals("bin/tool")))
                .map(PlannedLayer::name)
                .toList();
        assertEquals(List.of("aaa-late"), holders, "only the winner carries the path");
        assertEquals(
                "aaa-late-1-0:bin/tool",
                Files.readString(Overlay.of(plan).get("bin/tool").content()));
    }

    @Test
    void aLosersHardlinkToALostPathBecomesACopy() throws Exception {
        InstalledPackage a = PlanFixtures.pkg(tmp, PlanFixtures.record("python", "3", 50 * MB), "bin/x");
        List<TreeEntry> es = new ArrayList<>(a.entries());
        es.add(TreeEntry.hardlink("bin/x-link", "bin/x", 0644));
        a = new InstalledPackage(a.record(), es, List.of(), List.of());
        InstalledPackage b = PlanFixtures.pkg(tmp, PlanFixtures.record("other", "1", 40 * MB), "bin/x");
        List<PlannedLayer> plan = planner().plan(PlanFixtures.env(tmp, List.of(a, b)));
        TreeEntry link = plan.get(0).entries().stream()
                .filter(e -> e.path().equals("bin/x-link"))
                .findFirst()
                .orElseThrow();
        assertEquals(TreeEntry.Kind.FILE, link.kind());
        assertEquals("python-3-0:bin/x", Files.readString(link.content()));
    }

    @Test
    void budgetMergesTheSmallestLayersAndCountsTheBase() throws Exception {
        InstalledEnvironment env = PlanFixtures.random(tmp, new Random(3), 150, false);
        List<PlannedLayer> free = planner().plan(env);
        PlannerOptions tight = new PlannerOptions(PlannerOptions.DEFAULT_THRESHOLD, 16, 4, 20, 5);
        List<PlannedLayer> plan = new GroupingPlanner(tight).plan(env);
        assertTrue(free.size() > 15, "needs merging: " + free.size());
        assertEquals(15, plan.size(), "20 less the base's 5");
        assertEquals(Overlay.of(free).keySet(), Overlay.of(plan).keySet(), "no file lost by merging");
        long biggest = free.stream().mapToLong(GroupingPlannerTest::bytes).max().orElseThrow();
        assertTrue(plan.stream().anyMatch(l -> bytes(l) == biggest), "the biggest layer is left alone");
        assertTrue(plan.stream().anyMatch(l -> l.reason().startsWith("merged")));
    }

    static long bytes(PlannedLayer l) {
        return l.packages().stream().mapToLong(PackageRecord::size).sum();
    }
}
