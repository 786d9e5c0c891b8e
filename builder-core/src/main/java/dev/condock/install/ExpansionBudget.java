package dev.condock.install;

import dev.condock.util.CondockException;

/**
 * Bounds what one archive may expand to: an absolute byte limit, and a ratio limit against the archive size
 * that only applies past a floor (small packages of empty files have high ratios and are harmless).
 */
final class ExpansionBudget {
    /** Real packages compress 2-20x; bzip2/zstd bombs reach 1000x and far beyond. */
    static final long MAX_RATIO = 1000;

    static final long RATIO_FLOOR_BYTES = 256L << 20;
    private final long ratioFloor;
    private static final int MAX_MEMBERS = 1_000_000;

    private final String pkg;
    private final long maxBytes;
    private final long archiveBytes;
    private long expanded;
    private int members;

    ExpansionBudget(String pkg, long maxBytes, long archiveBytes) {
        this.pkg = pkg;
        this.maxBytes = maxBytes;
        this.archiveBytes = Math.max(1, archiveBytes);
        // the ratio guard starts at 256 MiB, or at a quarter of a smaller budget
        this.ratioFloor = Math.min(RATIO_FLOOR_BYTES, maxBytes / 4);
    }

    void chargeMember(String member) throws CondockException {
        if (++members > MAX_MEMBERS) {
            throw MemberNames.hostile(pkg, member, "the archive has more than " + MAX_MEMBERS + " members");
        }
    }

    void charge(long bytes, String member) throws CondockException {
        expanded += bytes;
        if (expanded > maxBytes) {
            throw MemberNames.hostile(pkg, member, "the archive expands beyond the limit of " + maxBytes + " bytes");
        }
        if (expanded > ratioFloor && expanded / archiveBytes > MAX_RATIO) {
            throw MemberNames.hostile(
                    pkg,
                    member,
                    "the archive expands more than " + MAX_RATIO + " times its size (" + archiveBytes + " bytes)");
        }
    }

    long expanded() {
        return expanded;
    }
}
