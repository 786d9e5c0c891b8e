package dev.condock.install;

import dev.condock.model.PackageRecord;
import dev.condock.model.TreeEntry;
import java.util.List;

/**
 * One package as installed into the prefix.
 *
 * @param record      the record it was installed from
 * @param entries     its entries sorted by path, including {@code conda-meta/<dist>.json}
 * @param warnings    one line each (link scripts not run, clobbered paths, repaired symlinks)
 * @param linkScripts prefix-relative paths of pre-/post-link and unlink scripts it carries (never run)
 */
public record InstalledPackage(
        PackageRecord record, List<TreeEntry> entries, List<String> warnings, List<String> linkScripts) {
    public InstalledPackage {
        entries = List.copyOf(entries);
        warnings = List.copyOf(warnings);
        linkScripts = List.copyOf(linkScripts);
    }
}
