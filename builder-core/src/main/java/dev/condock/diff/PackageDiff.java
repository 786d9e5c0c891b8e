package dev.condock.diff;

import dev.condock.version.VersionOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Two package sets compared by package (conda's VersionOrder decides up from down): what a reviewer of an
 * environment change wants to see, the big additions first among them.
 *
 * @param changes   one per package that differs, sorted by manager then name
 * @param unchanged packages in both, same version and build
 * @param oldTotal  archive bytes of the old set (unknown sizes count 0)
 * @param newTotal  archive bytes of the new set
 * @param oldInstalled installed bytes of the old set (unknown sizes count 0)
 * @param newInstalled installed bytes of the new set
 * @param sizesKnown whether every entry's archive size was known
 */
public record PackageDiff(
        List<PackageChange> changes,
        int unchanged,
        long oldTotal,
        long newTotal,
        long oldInstalled,
        long newInstalled,
        boolean sizesKnown) {
    public PackageDiff {
        changes = List.copyOf(changes);
    }

    public static PackageDiff of(List<PackageEntry> before, List<PackageEntry> after) {
        Map<String, PackageEntry> old = index(before);
        Map<String, PackageEntry> now = index(after);
        List<PackageChange> out = new ArrayList<>();
        int same = 0;
        for (PackageEntry o : old.values()) {
            PackageEntry n = now.get(o.key());
            if (n == null) {
                out.add(new PackageChange(PackageChange.Kind.REMOVED, o, null));
            } else if (n.version().equals(o.version())) {
                if (n.build().equals(o.build())) same++;
                else out.add(new PackageChange(PackageChange.Kind.REBUILT, o, n));
            } else {
                int c = compare(o.version(), n.version());
                out.add(new PackageChange(
                        c < 0
                                ? PackageChange.Kind.UPGRADED
                                : c > 0 ? PackageChange.Kind.DOWNGRADED : PackageChange.Kind.REBUILT,
                        o,
                        n));
            }
        }
        for (PackageEntry n : now.values()) {
            if (!old.containsKey(n.key())) out.add(new PackageChange(PackageChange.Kind.ADDED, null, n));
        }
        out.sort(Comparator.comparing(PackageChange::manager).thenComparing(PackageChange::name));
        boolean known = before.stream().allMatch(e -> e.archiveBytes() >= 0)
                && after.stream().allMatch(e -> e.archiveBytes() >= 0);
        return new PackageDiff(
                out, same, total(before, false), total(after, false), total(before, true), total(after, true), known);
    }

    /** Changes that add more than {@code bytes} (archive or installed size of an added or grown package). */
    public List<PackageChange> bigAdditions(long bytes) {
        return changes.stream()
                .filter(c -> c.after() != null && (c.archiveDelta() > bytes || c.installedDelta() > bytes))
                .toList();
    }

    public long count(PackageChange.Kind k) {
        return changes.stream().filter(c -> c.kind() == k).count();
    }

    /** Versions by conda's VersionOrder; one conda cannot parse falls back to text order. */
    static int compare(String a, String b) {
        try {
            return VersionOrder.parse(a).compareTo(VersionOrder.parse(b));
        } catch (IllegalArgumentException e) { // InvalidVersionException included
            return a.compareTo(b);
        }
    }

    private static Map<String, PackageEntry> index(List<PackageEntry> entries) {
        Map<String, PackageEntry> m = new LinkedHashMap<>();
        for (PackageEntry e : entries) m.put(e.key(), e);
        return m;
    }

    private static long total(List<PackageEntry> entries, boolean installed) {
        return entries.stream()
                .mapToLong(e -> Math.max(0, installed ? e.installedBytes() : e.archiveBytes()))
                .sum();
    }
}
