package dev.condock.layer;

import dev.condock.util.CondockException;

/**
 * How the grouping planner cuts an environment into layers.
 *
 * @param thresholdBytes a package whose compressed archive is larger than this gets a layer of its own
 * @param groups         how many hash groups small packages of the "rest" tier share
 * @param runtimeGroups  how many hash groups small runtime packages (cuda, python, compiler runtimes, blas) share
 * @param maxLayers      the whole image's layer budget, base layers included
 * @param baseLayers     how many layers the base image already has
 */
public record PlannerOptions(long thresholdBytes, int groups, int runtimeGroups, int maxLayers, int baseLayers) {
    /**
     * 1 MiB. Measured on a real ML environment (scripts/bench-planner.sh): about a quarter of its packages are
     * above and hold 98% of its bytes, each in its own layer, so bumping any of them re-pushes just that package;
     * the long tail below shares 16 groups of about 2 MB each, about 60 layers in all.
     */
    public static final long DEFAULT_THRESHOLD = 1L << 20;

    public static final int DEFAULT_GROUPS = 16;
    public static final int DEFAULT_RUNTIME_GROUPS = 4;
    /** Leaves 27 layers of headroom under the 127-layer limit of overlay2, containerd and CRI-O. */
    public static final int DEFAULT_MAX_LAYERS = 100;

    public static final int HARD_LIMIT = 127;

    public PlannerOptions {
        if (groups < 1 || runtimeGroups < 1) {
            throw new IllegalArgumentException("group counts must be positive");
        }
    }

    public static PlannerOptions defaults() {
        return new PlannerOptions(DEFAULT_THRESHOLD, DEFAULT_GROUPS, DEFAULT_RUNTIME_GROUPS, DEFAULT_MAX_LAYERS, 0);
    }

    public PlannerOptions withBaseLayers(int n) {
        return new PlannerOptions(thresholdBytes, groups, runtimeGroups, maxLayers, n);
    }

    /** Layers this plan may use: the budget less the base's, never fewer than two (packages + top). */
    public int ownBudget() {
        return Math.max(2, maxLayers - baseLayers);
    }

    /** Fails when the base alone leaves condock fewer than two layers of the budget. */
    public void checkBudget() throws CondockException {
        if (maxLayers - baseLayers < 2) {
            throw CondockException.user("--max-layers " + maxLayers + " leaves no room: the base image has "
                    + baseLayers + " layers and condock needs at least 2");
        }
    }

    /** Checks user-given values; the CLI calls this so a bad flag is a one-line error. */
    public static PlannerOptions of(long thresholdBytes, int maxLayers) throws CondockException {
        if (thresholdBytes < 0) {
            throw CondockException.user("--layer-threshold must not be negative");
        }
        if (maxLayers < 2 || maxLayers > HARD_LIMIT) {
            throw CondockException.user("--max-layers must be between 2 and " + HARD_LIMIT + ": " + maxLayers);
        }
        return new PlannerOptions(thresholdBytes, DEFAULT_GROUPS, DEFAULT_RUNTIME_GROUPS, maxLayers, 0);
    }

    /** "16M", "512k", "1G" or plain bytes. */
    public static long parseSize(String s) throws CondockException {
        String t = s.strip().toUpperCase();
        long mul = 1;
        if (t.endsWith("B")) {
            t = t.substring(0, t.length() - 1);
        }
        if (!t.isEmpty() && "KMG".indexOf(t.charAt(t.length() - 1)) >= 0) {
            mul = 1L << (10 * ("KMG".indexOf(t.charAt(t.length() - 1)) + 1));
            t = t.substring(0, t.length() - 1);
        }
        try {
            return Math.multiplyExact(Long.parseLong(t), mul);
        } catch (NumberFormatException | ArithmeticException e) {
            throw CondockException.user("not a size (like 16M): " + s);
        }
    }
}
