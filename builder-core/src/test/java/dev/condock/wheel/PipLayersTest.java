package dev.condock.wheel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.condock.layer.GroupingPlanner;
import dev.condock.layer.PlannedLayer;
import dev.condock.layer.PlannerOptions;
import dev.condock.lock.LockedWheel;
import dev.condock.model.TreeEntry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PipLayersTest {
    static InstalledWheel wheel(String name, long size) {
        return new InstalledWheel(
                name,
                "1",
                name + "-1-py3-none-any.whl",
                size,
                List.of(TreeEntry.file("lib/python3.11/site-packages/" + name + ".py", 0644, Path.of("/dev/null"), 0)));
    }

    static LockedWheel locked(String name) {
        return new LockedWheel(
                name, "1", "https://x.example/" + name + "-1-py3-none-any.whl", "0".repeat(64), List.of());
    }

    static final List<PlannedLayer> CONDA = List.of(
            new PlannedLayer("group-01", List.of(), List.of(), "c"),
            new PlannedLayer("environment", List.of(), List.of(), "environment files"));

    @Test
    void bigAloneSmallGroupedByNameAboveCondaBelowEnvironment() {
        List<InstalledWheel> ws = List.of(wheel("torch", 5_000_000), wheel("idna", 1000), wheel("six", 1000));
        List<PlannedLayer> plan =
                PipLayers.plan(CONDA, ws, ws.stream().map(w -> locked(w.name())).toList(), PlannerOptions.defaults());
        List<String> names =
                new ArrayList<>(plan.stream().map(PlannedLayer::name).toList());
        assertEquals("group-01", names.get(0));
        assertEquals("pypi-torch", names.get(1));
        assertEquals("environment", names.get(names.size() - 1));
        int gi = GroupingPlanner.group("idna", PlannerOptions.DEFAULT_GROUPS);
        PlannedLayer idna = plan.stream()
                .filter(l -> l.name().equals(String.format("pypi-group-%02d", gi)))
                .findFirst()
                .orElseThrow();
        assertEquals("pypi:idna-1-pypi", idna.packages().get(0).dist());
        assertEquals(1000, idna.packages().get(0).size());
        // one wheel more (in another hash group) leaves idna's layer as it was
        String other = "new-0";
        for (int k = 1; GroupingPlanner.group(other, PlannerOptions.DEFAULT_GROUPS) == gi; k++) {
            other = "new-" + k;
        }
        List<InstalledWheel> more = new ArrayList<>(ws);
        more.add(wheel(other, 10));
        List<PlannedLayer> plan2 = PipLayers.plan(
                CONDA, more, more.stream().map(w -> locked(w.name())).toList(), PlannerOptions.defaults());
        assertEquals(
                idna,
                plan2.stream()
                        .filter(l -> l.name().equals(idna.name()))
                        .findFirst()
                        .orElseThrow());
    }

    @Test
    void pipLayersFitWhatTheCondaPlanLeft() {
        List<InstalledWheel> ws = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            ws.add(wheel("w" + i, 100 + i));
        }
        PlannerOptions opts = new PlannerOptions(1 << 20, 16, 4, 5, 0);
        List<PlannedLayer> plan =
                PipLayers.plan(CONDA, ws, ws.stream().map(w -> locked(w.name())).toList(), opts);
        assertEquals(
                5, plan.size(), plan.stream().map(PlannedLayer::name).toList().toString());
        assertEquals(40, plan.stream().mapToInt(l -> l.packages().size()).sum());
    }
}
