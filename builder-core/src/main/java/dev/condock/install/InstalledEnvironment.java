package dev.condock.install;

import dev.condock.model.TreeEntry;
import java.util.List;

/**
 * A whole environment as installed.
 *
 * @param packages         per-package results, in install order (the order overlays must follow)
 * @param environmentFiles files of the environment itself ({@code conda-meta/history}), sorted by path
 * @param warnings         all warnings: the packages' own, then clobbering between packages
 */
public record InstalledEnvironment(
        List<InstalledPackage> packages, List<TreeEntry> environmentFiles, List<String> warnings) {
    public InstalledEnvironment {
        packages = List.copyOf(packages);
        environmentFiles = List.copyOf(environmentFiles);
        warnings = List.copyOf(warnings);
    }
}
