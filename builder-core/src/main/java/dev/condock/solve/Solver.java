package dev.condock.solve;

import dev.condock.spec.MatchSpec;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Encodes one solve as SAT over the pool and searches it in conda's preference order: requested packages
 * first (channel, then highest version, then fewest track_features, then legacy-feature preference, then
 * build number, arch over noarch, newest timestamp), then their dependencies breadth first (channel, fewest
 * track_features, features, version, build, timestamp), installing nothing that is not required.
 * Legacy features: a first pass finds which features installed packages track; if any, a second pass
 * prefers builds carrying them, which is what conda's feature metric does.
 */
final class Solver {
    private final Pool pool;

    Solver(Pool pool) {
        this.pool = pool;
    }

    /** The result: picked candidates, or null with the encoding kept for an explanation. */
    record Outcome(List<Pool.Cand> picked, Encoding encoding, Sat sat) {
        boolean solved() {
            return picked != null;
        }
    }

    List<Pool.Cand> solve(List<MatchSpec> roots) {
        Outcome o = attempt(roots, Set.of());
        if (!o.solved()) return null;
        Set<String> tracked = new TreeSet<>();
        for (Pool.Cand c : o.picked()) tracked.addAll(c.rec().trackFeatures());
        for (int i = 0; i < 3 && !tracked.isEmpty(); i++) {
            Outcome again = attempt(roots, tracked);
            if (!again.solved()) break;
            o = again;
            Set<String> now = new TreeSet<>();
            for (Pool.Cand c : o.picked()) now.addAll(c.rec().trackFeatures());
            if (now.equals(tracked)) break;
            tracked = now;
        }
        return o.picked();
    }

    Outcome attempt(List<MatchSpec> roots, Set<String> activeFeatures) {
        return attempt(roots, activeFeatures, 0);
    }

    Outcome attempt(List<MatchSpec> roots, Set<String> activeFeatures, int conflictLimit) {
        Encoding enc = new Encoding(pool, roots, activeFeatures);
        Sat sat = enc.sat;
        sat.conflictLimit = conflictLimit;
        boolean ok = sat.solve(enc::next);
        if (!ok) return new Outcome(null, enc, sat);
        List<Pool.Cand> picked = new ArrayList<>();
        for (int v = 0; v < enc.vars.size(); v++) if (sat.isTrue(v)) picked.add(enc.vars.get(v));
        return new Outcome(picked, enc, sat);
    }

    /** The variables and clauses of one solve, and the brancher that walks requirements in order. */
    static final class Encoding {
        final Pool pool;
        final List<Pool.Cand> vars = new ArrayList<>();
        final Map<Integer, Integer> varOf = new HashMap<>();
        final Sat sat;
        /** Root requirements: candidate vars in preference order, one array per root spec. */
        final List<int[]> rootReqs = new ArrayList<>();
        /** Per var: its requirements (deps, features), candidate vars in preference order. */
        final List<List<int[]>> reqs = new ArrayList<>();
        /** Per var: the dependency text behind each requirement, for explanations. */
        final List<List<String>> reqText = new ArrayList<>();

        final List<MatchSpec> roots;
        /** Why each original clause exists, by clause index: "root i", or requirement/constraint text. */
        final Map<Integer, String> clauseWhy = new HashMap<>();

        final Map<Integer, Integer> rootOfClause = new HashMap<>();

        /** Sorted candidate vars per dependency text: thousands of records share the same few specs. */
        private final Map<String, int[]> orderCache = new HashMap<>();

        Encoding(Pool pool, List<MatchSpec> roots, Set<String> activeFeatures) {
            this.pool = pool;
            this.roots = roots;
            Set<String> requested = new HashSet<>();
            for (MatchSpec r : roots) requested.add(r.name());
            // closure over names reachable from the roots
            ArrayDeque<Pool.Cand> queue = new ArrayDeque<>();
            List<List<Pool.Cand>> rootCands = new ArrayList<>();
            for (MatchSpec r : roots) {
                List<Pool.Cand> m = pool.matching(r);
                rootCands.add(m);
                for (Pool.Cand c : m) enqueue(c, queue);
                for (Pool.Cand c : pool.byName(r.name())) enqueue(c, queue);
            }
            Set<String> seenNames = new HashSet<>();
            while (!queue.isEmpty()) {
                Pool.Cand c = queue.poll();
                for (String d : c.rec().depends()) {
                    MatchSpec ms = pool.spec(d);
                    if (seenNames.add(ms.name())) for (Pool.Cand x : pool.byName(ms.name())) enqueue(x, queue);
                    if (ms.channel() != null) for (Pool.Cand x : pool.matching(ms)) enqueue(x, queue);
                }
                for (String f : c.features()) {
                    for (Pool.Cand t : pool.trackersOf(f)) enqueue(t, queue);
                }
            }
            Comparator<Pool.Cand> reqOrder = Preference.requested(activeFeatures);
            Comparator<Pool.Cand> depOrder = Preference.dependency(activeFeatures);
            sat = new Sat(vars.size());
            Map<String, List<Integer>> groups = new HashMap<>();
            for (int v = 0; v < vars.size(); v++)
                groups.computeIfAbsent(vars.get(v).rec().name(), k -> new ArrayList<>())
                        .add(v);
            for (List<Integer> g : groups.values())
                if (g.size() > 1)
                    sat.addGroup(g.stream().mapToInt(Integer::intValue).toArray());
            for (int i = 0; i < roots.size(); i++) {
                int[] vs =
                        order(rootCands.get(i), requested.contains(roots.get(i).name()) ? reqOrder : depOrder);
                rootReqs.add(vs);
                int ci = sat.addClause(lits(-1, vs));
                rootOfClause.put(ci, i);
                clauseWhy.put(ci, "'" + roots.get(i).text() + "' is requested");
            }
            this.requested = requested;
            this.reqOrder = reqOrder;
            this.depOrder = depOrder;
            sat.expander = this::expand;
        }

        private final Set<String> requested;
        private final Comparator<Pool.Cand> reqOrder;
        private final Comparator<Pool.Cand> depOrder;

        /** A var's requirement, feature and constrains clauses, added when it first becomes true. */
        private void expand(int v, Sat s) {
            Pool.Cand c = vars.get(v);
            List<int[]> rs = reqs.get(v);
            List<String> rt = reqText.get(v);
            for (String d : c.rec().depends()) {
                MatchSpec ms = pool.spec(d);
                int[] vs = orderCache.get(d);
                if (vs == null) {
                    vs = order(pool.matching(ms), requested.contains(ms.name()) ? reqOrder : depOrder);
                    orderCache.put(d, vs);
                }
                rs.add(vs);
                rt.add(d);
                clauseWhy.put(s.addLazyClause(lits(v, vs)), c.rec().dist() + " requires '" + d + "'");
            }
            for (String f : c.features()) {
                int[] vs = order(pool.trackersOf(f), depOrder);
                rs.add(vs);
                rt.add("feature " + f);
                clauseWhy.put(
                        s.addLazyClause(lits(v, vs)), c.rec().dist() + " needs a package tracking feature '" + f + "'");
            }
            for (String k : c.rec().constrains()) {
                MatchSpec ms = pool.spec(k);
                Set<Integer> ok = new HashSet<>();
                for (Pool.Cand x : pool.matching(ms)) ok.add(x.id());
                for (Pool.Cand x : pool.byName(ms.name())) {
                    Integer y = varOf.get(x.id());
                    if (y != null && !ok.contains(x.id())) {
                        clauseWhy.put(
                                s.addLazyClause(Sat.neg(v), Sat.neg(y)), c.rec().dist() + " constrains '" + k + "'");
                    }
                }
            }
        }

        private void enqueue(Pool.Cand c, ArrayDeque<Pool.Cand> queue) {
            if (varOf.containsKey(c.id())) return;
            varOf.put(c.id(), vars.size());
            vars.add(c);
            reqs.add(new ArrayList<>());
            reqText.add(new ArrayList<>());
            queue.add(c);
        }

        private int[] order(List<Pool.Cand> cs, Comparator<Pool.Cand> cmp) {
            List<Pool.Cand> sorted = new ArrayList<>();
            for (Pool.Cand c : cs) if (varOf.containsKey(c.id())) sorted.add(c);
            sorted = Preference.sort(sorted, cmp, pool);
            int[] out = new int[sorted.size()];
            for (int i = 0; i < out.length; i++)
                out[i] = varOf.get(sorted.get(i).id());
            return out;
        }

        private static int[] lits(int premise, int[] vs) {
            int off = premise >= 0 ? 1 : 0;
            int[] out = new int[vs.length + off];
            if (premise >= 0) out[0] = Sat.neg(premise);
            for (int i = 0; i < vs.length; i++) out[i + off] = Sat.pos(vs[i]);
            return out;
        }

        private int scanFrom;
        private int seenBacktracks;

        /** Next decision: the best open candidate of the first unmet requirement, roots first then by trail. */
        int next(Sat s) {
            for (int[] r : rootReqs) {
                int d = open(s, r);
                if (d >= 0) return d;
            }
            // requirements of installed[0..scanFrom) were all met when last looked at; only a backjump undoes that
            if (s.backtracks != seenBacktracks) {
                seenBacktracks = s.backtracks;
                scanFrom = 0;
            }
            Sat.IntList installed = s.positives();
            for (int i = scanFrom; i < installed.size(); i++) {
                for (int[] r : reqs.get(installed.get(i))) {
                    int d = open(s, r);
                    if (d >= 0) return d;
                }
                if (i == scanFrom) scanFrom = i + 1;
            }
            return -1;
        }

        private static int open(Sat s, int[] req) {
            int first = -1;
            for (int v : req) {
                if (s.isTrue(v)) return -1;
                if (first < 0 && s.isUnassigned(v)) first = v;
            }
            return first < 0 ? -1 : Sat.pos(first);
        }
    }
}
