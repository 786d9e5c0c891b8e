package dev.condock.solve;

import dev.condock.spec.MatchSpec;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Says why a solve failed, naming specs rather than dumping clauses: first a requested spec nothing matches;
 * otherwise a minimal set of requested specs that cannot hold together (found by deletion), then for each the
 * chain through its candidates' dependencies to the clash: another requested spec it contradicts, or a
 * dependency nothing provides.
 */
final class Explainer {
    private final Pool pool;

    Explainer(Pool pool) {
        this.pool = pool;
    }

    String explain(List<MatchSpec> roots) {
        for (MatchSpec r : roots) {
            if (pool.matching(r).isEmpty()) {
                List<Pool.Cand> any = pool.byName(r.name());
                return "cannot solve: nothing provides '" + r.text() + "'"
                        + (any.isEmpty()
                                ? " (no package named " + r.name() + " in the channels)"
                                : " (available: " + versions(any) + ")");
            }
        }
        Solver.Outcome o = new Solver(pool).attempt(roots, Set.of());
        if (!o.sat().gaveUp && o.sat().rootConflictLits != null) {
            boolean[] complete = new boolean[1];
            Set<Integer> clauses = o.sat().rootCore(complete);
            if (complete[0]) return fromProof(roots, o.encoding(), clauses);
        }
        List<MatchSpec> core = minimalConflict(roots);
        StringBuilder sb = new StringBuilder("cannot solve: ");
        if (core.size() == 1) {
            sb.append("'").append(core.get(0).text()).append("' cannot be installed");
        } else {
            sb.append("these specs conflict: ");
            for (int i = 0; i < core.size(); i++)
                sb.append(i > 0 ? ", " : "")
                        .append("'")
                        .append(core.get(i).text())
                        .append("'");
        }
        for (MatchSpec r : core) sb.append(chain(r, core));
        return sb.toString();
    }

    /** The requested specs and the requirement chain that the solver's level-0 refutation used. */
    private String fromProof(List<MatchSpec> roots, Solver.Encoding enc, Set<Integer> clauses) {
        List<String> specs = new ArrayList<>();
        List<String> steps = new ArrayList<>();
        for (int ci : clauses) {
            Integer r = enc.rootOfClause.get(ci);
            if (r != null) specs.add("'" + roots.get(r).text() + "'");
            else if (enc.clauseWhy.containsKey(ci)) steps.add(enc.clauseWhy.get(ci));
        }
        StringBuilder sb = new StringBuilder("cannot solve: ");
        sb.append(
                specs.size() == 1
                        ? specs.get(0) + " cannot be installed"
                        : "these specs conflict: " + String.join(", ", specs));
        int shown = 0;
        for (String s : steps) {
            if (shown++ == 12) {
                sb.append("\n└─ ... and ").append(steps.size() - 12).append(" more requirements");
                break;
            }
            sb.append("\n├─ ").append(s);
        }
        return sb.toString();
    }

    /** Deletion-based minimal unsatisfiable subset of the requested specs (each try on a conflict budget). */
    private List<MatchSpec> minimalConflict(List<MatchSpec> roots) {
        List<MatchSpec> core = new ArrayList<>(roots);
        for (int i = core.size() - 1; i >= 0 && core.size() > 1; i--) {
            List<MatchSpec> without = new ArrayList<>(core);
            without.remove(i);
            Solver.Outcome o = new Solver(pool).attempt(without, Set.of(), 5000);
            if (!o.solved() && !o.sat().gaveUp) core = without;
        }
        return core;
    }

    /** For one requested spec: its candidates and the first dependency of each that clashes or is missing. */
    private String chain(MatchSpec root, List<MatchSpec> core) {
        Map<String, MatchSpec> requested = new HashMap<>();
        for (MatchSpec m : core) if (m != root) requested.put(m.name(), m);
        StringBuilder sb = new StringBuilder();
        sb.append("\n├─ ").append(root.text()).append(" -> ").append(versions(pool.matching(root)));
        Set<String> reasons = new LinkedHashSet<>();
        for (Pool.Cand c : pool.matching(root)) {
            String why = clash(c, requested);
            if (why != null) reasons.add(why);
            if (reasons.size() >= 4) break;
        }
        for (String r : reasons) sb.append("\n│  └─ ").append(r);
        return sb.toString();
    }

    /** Breadth-first through dependencies: the first requirement that contradicts a requested spec or is empty. */
    private String clash(Pool.Cand start, Map<String, MatchSpec> requested) {
        ArrayDeque<List<String>> paths = new ArrayDeque<>();
        ArrayDeque<Pool.Cand> queue = new ArrayDeque<>();
        Set<Integer> seen = new HashSet<>();
        queue.add(start);
        paths.add(List.of(start.rec().dist()));
        while (!queue.isEmpty() && seen.size() < 2000) {
            Pool.Cand c = queue.poll();
            List<String> path = paths.poll();
            if (!seen.add(c.id())) continue;
            for (String d : c.rec().depends()) {
                MatchSpec ms = pool.spec(d);
                List<Pool.Cand> m = pool.matching(ms);
                String via = String.join(" -> ", path) + " requires '" + d + "'";
                if (m.isEmpty()) return via + ", which nothing provides";
                MatchSpec other = requested.get(ms.name());
                if (other != null) {
                    boolean overlap = false;
                    for (Pool.Cand x : m)
                        if (other.matchesIgnoringName(x.rec())) {
                            overlap = true;
                            break;
                        }
                    if (!overlap) return via + ", which contradicts '" + other.text() + "'";
                }
                if (m.size() == 1) {
                    queue.add(m.get(0));
                    List<String> p = new ArrayList<>(path);
                    p.add(m.get(0).rec().dist());
                    paths.add(p);
                }
            }
            for (String k : c.rec().constrains()) {
                MatchSpec ms = pool.spec(k);
                MatchSpec other = requested.get(ms.name());
                if (other == null) continue;
                boolean overlap = false;
                for (Pool.Cand x : pool.byName(ms.name())) {
                    if (other.matchesIgnoringName(x.rec()) && ms.matchesIgnoringName(x.rec())) {
                        overlap = true;
                        break;
                    }
                }
                if (!overlap)
                    return String.join(" -> ", path) + " constrains '" + k + "', which contradicts '" + other.text()
                            + "'";
            }
        }
        return null;
    }

    private static String versions(List<Pool.Cand> cs) {
        Set<String> v = new LinkedHashSet<>();
        for (Pool.Cand c : cs) v.add(c.rec().version());
        List<String> l = new ArrayList<>(v);
        String s = String.join(" | ", l.subList(0, Math.min(8, l.size())));
        return l.size() > 8 ? s + " | ... (" + l.size() + " versions)" : s;
    }
}
