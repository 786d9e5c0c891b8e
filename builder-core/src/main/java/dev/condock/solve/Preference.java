package dev.condock.solve;

import dev.condock.spec.MatchSpec;
import dev.condock.version.VersionOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * conda's objective order (conda/resolve.py, Resolve.solve) as candidate orderings. For requested names:
 * channel, version, track_features, feature metric, build number. For dependencies conda has already
 * minimised track_features and the feature metric globally, so those come before version. Ties then go to
 * the candidate whose dependencies reach higher versions (conda's later dependency-version objective: numpy
 * py33 over py26 because python 3.3 beats 2.6), then arch over noarch, newest timestamp, build string.
 */
final class Preference {
    private Preference() {}

    static Comparator<Pool.Cand> requested(Set<String> active) {
        return Comparator.comparingInt(Pool.Cand::priority)
                .thenComparing(Pool.Cand::version, Comparator.reverseOrder())
                .thenComparingInt(Pool.Cand::tfCount)
                .thenComparingInt(c -> featureRank(c, active))
                .thenComparingLong(c -> -c.rec().buildNumber());
    }

    /** For dependencies conda weighs the versions of everything before build numbers, so build number waits. */
    static Comparator<Pool.Cand> dependency(Set<String> active) {
        return Comparator.comparingInt(Pool.Cand::priority)
                .thenComparingInt(Pool.Cand::tfCount)
                .thenComparingInt(c -> featureRank(c, active))
                .thenComparing(Pool.Cand::version, Comparator.reverseOrder());
    }

    private static final Comparator<Pool.Cand> TAIL = Comparator.<Pool.Cand>comparingLong(
                    c -> -c.rec().buildNumber())
            .thenComparingInt(c -> "noarch".equals(c.rec().subdir()) ? 1 : 0)
            .thenComparingLong(c -> -c.rec().timestamp())
            .thenComparing(c -> c.rec().build())
            .thenComparingLong(Pool.Cand::seq); // the eager pool's order, whatever order names were loaded in

    /**
     * Sorts best first by {@code head}, then the dependency tie-break, then {@link #TAIL}. A merge sort: the
     * tie-break is a vote, not guaranteed transitive, and must not make the sort throw.
     */
    static List<Pool.Cand> sort(List<Pool.Cand> in, Comparator<Pool.Cand> head, Pool pool) {
        Comparator<Pool.Cand> full = (a, b) -> {
            int c = head.compare(a, b);
            if (c != 0) return c;
            c = dependencyTieBreak(a, b, pool);
            return c != 0 ? c : TAIL.compare(a, b);
        };
        // the head is a total order: sort by it, then re-sort only the runs it leaves tied
        List<Pool.Cand> a = new ArrayList<>(in);
        a.sort(head);
        int i = 0;
        while (i < a.size()) {
            int j = i + 1;
            while (j < a.size() && head.compare(a.get(i), a.get(j)) == 0) j++;
            if (j - i > 1) {
                List<Pool.Cand> run = new ArrayList<>(a.subList(i, j));
                mergeSort(run, full);
                for (int k = i; k < j; k++) a.set(k, run.get(k - i));
            }
            i = j;
        }
        return a;
    }

    /** Votes over dependencies both candidates have: negative when {@code a} reaches higher versions. */
    static int dependencyTieBreak(Pool.Cand a, Pool.Cand b, Pool pool) {
        if (a.rec().depends().equals(b.rec().depends())) return 0;
        Map<String, String> bdeps = pool.depsByName(b);
        int score = 0;
        for (String d : a.rec().depends()) {
            MatchSpec ms = pool.spec(d);
            String other = bdeps.get(ms.name());
            if (other == null || other.equals(d)) continue;
            // an unconstrained dependency follows whatever the rest of the environment picks: no vote
            if (ms.version() == null || pool.spec(other).version() == null) continue;
            VersionOrder va = pool.bestVersion(ms);
            VersionOrder vb = pool.bestVersion(pool.spec(other));
            if (va == null || vb == null) continue;
            score += Integer.signum(vb.compareTo(va));
        }
        return Integer.signum(score);
    }

    private static void mergeSort(List<Pool.Cand> a, Comparator<Pool.Cand> c) {
        if (a.size() < 2) return;
        int mid = a.size() / 2;
        List<Pool.Cand> l = new ArrayList<>(a.subList(0, mid));
        List<Pool.Cand> r = new ArrayList<>(a.subList(mid, a.size()));
        mergeSort(l, c);
        mergeSort(r, c);
        int i = 0;
        int j = 0;
        int k = 0;
        while (i < l.size() && j < r.size()) a.set(k++, c.compare(r.get(j), l.get(i)) < 0 ? r.get(j++) : l.get(i++));
        while (i < l.size()) a.set(k++, l.get(i++));
        while (j < r.size()) a.set(k++, r.get(j++));
    }

    /** 0: carries an active feature; 1: no features; 2: carries only inactive features (it would pull a tracker). */
    static int featureRank(Pool.Cand c, Set<String> active) {
        if (c.features().isEmpty()) return 1;
        for (String f : c.features()) if (active.contains(f)) return 0;
        return 2;
    }
}
