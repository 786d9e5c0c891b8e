package dev.condock.layer;

import dev.condock.model.PackageRecord;
import dev.condock.model.TreeEntry;
import java.util.List;

/**
 * One layer of a plan: the packages whose files it holds (empty for the environment's top layer), its
 * prefix-relative entries, and a short reason a person can read ("package", "group 7", "environment files").
 */
public record PlannedLayer(String name, List<PackageRecord> packages, List<TreeEntry> entries, String reason) {
    public PlannedLayer {
        packages = List.copyOf(packages);
        entries = List.copyOf(entries);
    }
}
