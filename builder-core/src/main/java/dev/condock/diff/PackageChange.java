package dev.condock.diff;

/**
 * How one package differs between two package sets.
 *
 * @param kind   added, removed, upgraded, downgraded or rebuilt (same version, other build)
 * @param before the old entry, null when added
 * @param after  the new entry, null when removed
 */
public record PackageChange(Kind kind, PackageEntry before, PackageEntry after) {
    public enum Kind {
        ADDED,
        REMOVED,
        UPGRADED,
        DOWNGRADED,
        REBUILT
    }

    public String name() {
        return (after != null ? after : before).name();
    }

    public String manager() {
        return (after != null ? after : before).manager();
    }

    /** New minus old archive bytes (an unknown side counts as 0). */
    public long archiveDelta() {
        return size(after, false) - size(before, false);
    }

    /** New minus old installed bytes (an unknown side counts as 0). */
    public long installedDelta() {
        return size(after, true) - size(before, true);
    }

    private static long size(PackageEntry e, boolean installed) {
        if (e == null) return 0;
        return Math.max(0, installed ? e.installedBytes() : e.archiveBytes());
    }

    public String lowerKind() {
        return kind.name().toLowerCase(java.util.Locale.ROOT);
    }
}
