package dev.condock.solve;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A small CDCL SAT core in the style of resolvo/libsolv: two watched literals per clause, native
 * at-most-one groups (one per package name, so a name with a thousand builds costs no quadratic clauses),
 * first-UIP learning and non-chronological backjumping. Decisions come from a {@link Brancher}, which is where
 * conda's preferences live; this class knows nothing about packages.
 * Literals: {@code 2*v} is "v true", {@code 2*v+1} is "v false".
 */
final class Sat {
    /** Adds a var's clauses the first time it becomes true (resolvo's lazy clause generation). */
    interface Expander {
        void expand(int v, Sat sat);
    }

    Expander expander;
    private boolean[] expanded;
    private final java.util.BitSet learned = new java.util.BitSet();
    private int[] pendingConflict;

    /** Picks the next decision literal, or -1 when every requirement is met. */
    interface Brancher {
        int next(Sat sat);
    }

    private static final int NO_REASON = -1;
    private final int nVars;
    private final List<int[]> clauses = new ArrayList<>();
    private IntList[] watches;
    private final byte[] value; // -1 unassigned, 0 false, 1 true
    private final int[] level;
    private final int[] reason; // clause index, NO_REASON, or -(2 + v) for "v true in the same group"
    private final int[] group; // group id per var, -1 none
    private final List<int[]> groups = new ArrayList<>();
    private final IntList trail = new IntList();
    /** Vars assigned true, in assignment order (the brancher walks these, not the whole trail). */
    private final IntList positives = new IntList();

    private final IntList trailLim = new IntList();
    private int qhead;
    private boolean unsatAtRoot;
    private int conflicts;
    /** The clauses that make up the original problem (learned ones come after). */
    private int originalCount = -1;
    /** Clause index of the final conflict at level 0 (for explanations), or -1. */
    int rootConflict = -1;

    Sat(int nVars) {
        this.nVars = nVars;
        value = new byte[nVars];
        Arrays.fill(value, (byte) -1);
        level = new int[nVars];
        reason = new int[nVars];
        group = new int[nVars];
        Arrays.fill(group, -1);
        expanded = new boolean[nVars];
        watches = new IntList[2 * nVars];
        for (int i = 0; i < watches.length; i++) watches[i] = new IntList();
    }

    /**
     * Adds a clause during search. Watches go on the two best literals (true, then unassigned, then false at
     * the highest level) so the invariant survives backjumping; a clause that is unit propagates, one that is
     * false becomes the conflict.
     */
    int addLazyClause(int... lits) {
        int idx = clauses.size();
        clauses.add(lits);
        if (lits.length == 0) {
            pendingConflict = lits;
            return idx;
        }
        for (int k = 0; k < Math.min(2, lits.length); k++) {
            int best = k;
            for (int i = k + 1; i < lits.length; i++) if (rank(lits[i]) > rank(lits[best])) best = i;
            int t = lits[k];
            lits[k] = lits[best];
            lits[best] = t;
        }
        if (lits.length == 1) {
            if (litValue(lits[0]) == 0) {
                pendingConflict = lits;
                lastConflictClause = idx;
            } else if (litValue(lits[0]) < 0) assign(lits[0], idx);
            return idx;
        }
        watches[lits[0]].add(idx);
        watches[lits[1]].add(idx);
        int v0 = litValue(lits[0]);
        if (v0 == 0) {
            if (pendingConflict == null) {
                pendingConflict = lits;
                lastConflictClause = idx;
            }
        } else if (v0 < 0 && litValue(lits[1]) == 0) {
            assign(lits[0], idx);
        }
        return idx;
    }

    /** Watch preference: true literals, then unassigned, then false ones by decreasing level. */
    private long rank(int lit) {
        int val = litValue(lit);
        if (val == 1) return Long.MAX_VALUE;
        if (val < 0) return Long.MAX_VALUE - 1;
        return level[lit >> 1];
    }

    static int pos(int v) {
        return 2 * v;
    }

    static int neg(int v) {
        return 2 * v + 1;
    }

    static int var(int lit) {
        return lit >> 1;
    }

    int conflicts() {
        return conflicts;
    }

    /** At most one of {@code vars} is true. */
    void addGroup(int[] vars) {
        int g = groups.size();
        groups.add(vars);
        for (int v : vars) group[v] = g;
    }

    int[] clause(int i) {
        return clauses.get(i);
    }

    /** Adds a clause; returns its index. Must be called before solving starts. */
    int addClause(int... lits) {
        int idx = clauses.size();
        clauses.add(lits);
        if (lits.length == 0) {
            unsatAtRoot = true;
            if (rootConflict < 0) rootConflict = idx;
        } else if (lits.length == 1) {
            if (litValue(lits[0]) == 0) {
                unsatAtRoot = true;
                if (rootConflict < 0) rootConflict = idx;
            } else if (litValue(lits[0]) < 0) {
                assign(lits[0], idx);
            }
        } else {
            watches[lits[0]].add(idx);
            watches[lits[1]].add(idx);
        }
        return idx;
    }

    /** 1 true, 0 false, -1 unassigned. */
    int litValue(int lit) {
        byte v = value[lit >> 1];
        if (v < 0) return -1;
        return (lit & 1) == 0 ? v : 1 - v;
    }

    boolean isTrue(int v) {
        return value[v] == 1;
    }

    boolean isUnassigned(int v) {
        return value[v] < 0;
    }

    IntList trail() {
        return trail;
    }

    IntList positives() {
        return positives;
    }

    private void assign(int lit, int why) {
        int v = lit >> 1;
        value[v] = (byte) ((lit & 1) == 0 ? 1 : 0);
        level[v] = trailLim.size();
        reason[v] = why;
        trail.add(lit);
        if ((lit & 1) == 0) positives.add(v);
    }

    /** Propagates; returns a conflicting clause (as literals) or null. */
    private int[] propagate() {
        while (qhead < trail.size()) {
            int p = trail.get(qhead++);
            int v = p >> 1;
            if ((p & 1) == 0 && expander != null && !expanded[v]) {
                expanded[v] = true;
                expander.expand(v, this);
                if (pendingConflict != null) {
                    int[] c = pendingConflict;
                    pendingConflict = null;
                    return c;
                }
            }
            if ((p & 1) == 0 && group[v] >= 0) {
                for (int o : groups.get(group[v])) {
                    if (o == v) continue;
                    if (value[o] == 1) {
                        lastConflictClause = -1;
                        return new int[] {neg(v), neg(o)};
                    }
                    if (value[o] < 0) assign(neg(o), -(2 + v));
                }
            }
            int falseLit = p ^ 1;
            IntList ws = watches[falseLit];
            int i = 0;
            int j = 0;
            int n = ws.size();
            while (i < n) {
                int ci = ws.get(i++);
                int[] c = clauses.get(ci);
                if (c[0] == falseLit) {
                    c[0] = c[1];
                    c[1] = falseLit;
                }
                if (litValue(c[0]) == 1) {
                    ws.set(j++, ci);
                    continue;
                }
                boolean moved = false;
                for (int k = 2; k < c.length; k++) {
                    if (litValue(c[k]) != 0) {
                        c[1] = c[k];
                        c[k] = falseLit;
                        watches[c[1]].add(ci);
                        moved = true;
                        break;
                    }
                }
                if (moved) continue;
                ws.set(j++, ci);
                if (litValue(c[0]) == 0) {
                    lastConflictClause = ci;
                    while (i < n) ws.set(j++, ws.get(i++));
                    ws.truncate(j);
                    lastConflictClause = ci;
                    return c;
                }
                assign(c[0], ci);
            }
            ws.truncate(j);
        }
        return null;
    }

    private int lastConflictClause = -1;

    /**
     * The original clauses behind the final level-0 conflict, found by walking reasons back from it. Exact when
     * no learned clause took part; {@code complete[0]} says whether that held.
     */
    java.util.Set<Integer> rootCore(boolean[] complete) {
        java.util.Set<Integer> core = new java.util.TreeSet<>();
        complete[0] = true;
        if (rootConflictLits == null) return core;
        boolean[] seen = new boolean[nVars];
        java.util.ArrayDeque<Integer> stack = new java.util.ArrayDeque<>();
        for (int l : rootConflictLits) stack.push(l >> 1);
        if (lastConflictClause >= 0) core.add(lastConflictClause);
        while (!stack.isEmpty()) {
            int v = stack.pop();
            if (seen[v] || value[v] < 0) continue;
            seen[v] = true;
            int r = reason[v];
            if (r >= 0) {
                if (learned.get(r)) complete[0] = false;
                core.add(r);
                for (int l : clauses.get(r)) stack.push(l >> 1);
            } else if (r < NO_REASON) {
                stack.push(-(r + 2));
            }
        }
        return core;
    }

    private int[] reasonClause(int v) {
        int r = reason[v];
        if (r >= 0) return clauses.get(r);
        int other = -(r + 2);
        return new int[] {neg(v), neg(other)};
    }

    /** Stops a search after this many conflicts (explanations use it to stay fast); 0 = no limit. */
    int conflictLimit;
    /** True when the last solve gave up at {@link #conflictLimit}. */
    boolean gaveUp;
    /** The literals of the final level-0 conflict. */
    int[] rootConflictLits;

    /** Runs to a full assignment; false if unsatisfiable (or, with {@link #gaveUp}, out of budget). */
    boolean solve(Brancher brancher) {
        if (originalCount < 0) originalCount = clauses.size();
        if (unsatAtRoot) return false;
        while (true) {
            int[] conflict = propagate();
            if (conflict != null) {
                conflicts++;
                if (trailLim.size() == 0) {
                    rootConflictLits = conflict.clone();
                    return false;
                }
                if (conflictLimit > 0 && conflicts >= conflictLimit) {
                    gaveUp = true;
                    return false;
                }
                int[] learnt = analyze(conflict);
                int back = 0;
                for (int k = 1; k < learnt.length; k++) back = Math.max(back, level[learnt[k] >> 1]);
                // put the highest-level literal second so the watch invariant holds after backjumping
                for (int k = 2; k < learnt.length; k++) {
                    if (level[learnt[k] >> 1] > level[learnt[1] >> 1]) {
                        int t = learnt[1];
                        learnt[1] = learnt[k];
                        learnt[k] = t;
                    }
                }
                backtrack(back);
                int idx = clauses.size();
                clauses.add(learnt);
                learned.set(idx);
                if (learnt.length > 1) {
                    watches[learnt[0]].add(idx);
                    watches[learnt[1]].add(idx);
                }
                assign(learnt[0], idx);
                continue;
            }
            int d = brancher.next(this);
            if (d < 0) return true;
            trailLim.add(trail.size());
            assign(d, NO_REASON);
        }
    }

    private int[] analyze(int[] conflict) {
        boolean[] seen = new boolean[nVars];
        IntList out = new IntList();
        out.add(-1);
        int pathCount = 0;
        int p = -1;
        int idx = trail.size() - 1;
        int[] c = conflict;
        int current = trailLim.size();
        while (true) {
            for (int lit : c) {
                if (p >= 0 && lit == p) continue;
                int v = lit >> 1;
                if (!seen[v] && level[v] > 0) {
                    seen[v] = true;
                    if (level[v] >= current) pathCount++;
                    else out.add(lit);
                }
            }
            while (!seen[trail.get(idx) >> 1]) idx--;
            p = trail.get(idx);
            idx--;
            seen[p >> 1] = false;
            pathCount--;
            if (pathCount <= 0) break;
            c = reasonClause(p >> 1);
        }
        out.set(0, p ^ 1);
        return out.toArray();
    }

    /** Counts backjumps, so a brancher can tell when its cached view of satisfied requirements is stale. */
    int backtracks;

    private void backtrack(int lvl) {
        if (trailLim.size() <= lvl) return;
        backtracks++;
        int lim = trailLim.get(lvl);
        int pos = positives.size();
        for (int i = trail.size() - 1; i >= lim; i--) {
            int lit = trail.get(i);
            value[lit >> 1] = -1;
            if ((lit & 1) == 0) pos--;
        }
        positives.truncate(pos);
        trail.truncate(lim);
        trailLim.truncate(lvl);
        qhead = lim;
    }

    /** Growable int array without boxing. */
    static final class IntList {
        private int[] a = new int[4];
        private int n;

        void add(int x) {
            if (n == a.length) a = Arrays.copyOf(a, n * 2);
            a[n++] = x;
        }

        int get(int i) {
            return a[i];
        }

        void set(int i, int x) {
            a[i] = x;
        }

        int size() {
            return n;
        }

        void truncate(int k) {
            n = k;
        }

        int[] toArray() {
            return Arrays.copyOf(a, n);
        }
    }
}
