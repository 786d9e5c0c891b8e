package dev.condock.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.condock.install.InstalledEnvironment;
import dev.condock.install.InstalledPackage;
import dev.condock.model.PackageRecord;
import dev.condock.model.TreeEntry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Properties over random environments (fixed seeds, so a failure replays). */
class PlanPropertiesTest {
    @TempDir
    Path tmp;

    static List<String> render(List<PlannedLayer> plan) {
        List<String> out = new ArrayList<>();
        for (PlannedLayer l : plan) {
            out.add(l.name() + " | " + l.reason() + " | "
                    + l.packages().stream().map(PackageRecord::dist).toList() + " | "
                    + l.entries().stream()
                            .map(e -> e.path() + ":" + e.content())
                            .toList());
        }
        return out;
    }

    @Test
    void planDoesNotDependOnInstallOrder() throws Exception {
        for (int seed = 0; seed < 8; seed++) {
            Random rnd = new Random(seed);
            Path dir = tmp.resolve("s" + seed);
            InstalledEnvironment env = PlanFixtures.random(dir, rnd, 40 + rnd.nextInt(120), false);
            PlannerOptions opts =
                    new PlannerOptions(PlannerOptions.DEFAULT_THRESHOLD, 16, 4, seed % 2 == 0 ? 100 : 12, 0);
            List<String> expected = render(new GroupingPlanner(opts).plan(env));
            for (int k = 0; k < 3; k++) {
                List<InstalledPackage> shuffled = new ArrayList<>(env.packages());
                Collections.shuffle(shuffled, rnd);
                InstalledEnvironment other = new InstalledEnvironment(shuffled, env.environmentFiles(), List.of());
                assertEquals(expected, render(new GroupingPlanner(opts).plan(other)), "seed " + seed);
            }
        }
    }

    @Test
    void everyFileIsInExactlyOneLayerAndTheInstallersWinnerShows() throws Exception {
        for (int seed = 0; seed < 8; seed++) {
            Random rnd = new Random(100 + seed);
            Path dir = tmp.resolve("c" + seed);
            InstalledEnvironment env = PlanFixtures.random(dir, rnd, 30 + rnd.nextInt(100), true);
            Map<String, TreeEntry> installer = new HashMap<>();
            for (InstalledPackage p : env.packages()) {
                for (TreeEntry e : p.entries()) {
                    installer.put(e.path(), e); // later package wins, as EnvironmentInstaller decides
                }
            }
            env.environmentFiles().forEach(e -> installer.put(e.path(), e));
            for (int budget : new int[] {100, 10, 3}) {
                List<PlannedLayer> plan = new GroupingPlanner(
                                new PlannerOptions(PlannerOptions.DEFAULT_THRESHOLD, 16, 4, budget, 1))
                        .plan(env);
                Map<String, Integer> count = new HashMap<>();
                for (PlannedLayer l : plan) {
                    for (TreeEntry e : l.entries()) {
                        count.merge(e.path(), 1, Integer::sum);
                    }
                }
                for (String p : installer.keySet()) {
                    assertEquals(1, count.getOrDefault(p, 0), "seed " + seed + " budget " + budget + ": " + p);
                }
                assertEquals(installer.keySet(), count.keySet());
                assertEquals(new java.util.TreeMap<>(installer), Overlay.of(plan), "seed " + seed);
            }
        }
    }
}
