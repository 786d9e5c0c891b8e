package dev.condock.solve;

import dev.condock.model.PackageRecord;
import java.util.List;

/**
 * How to solve: strict or flexible channel priority, records newer than {@code excludeNewerMillis} dropped
 * (0 = keep all), and the virtual packages the target offers (from flags or the base image, never guessed
 * from the build machine).
 */
public record SolveOptions(boolean strictPriority, long excludeNewerMillis, List<PackageRecord> virtualPackages) {
    public SolveOptions {
        virtualPackages = List.copyOf(virtualPackages);
    }

    public static SolveOptions defaults() {
        return new SolveOptions(true, 0, List.of());
    }
}
