package dev.condock.pip;

import dev.condock.pip.ResolverModel.Cand;
import dev.condock.pip.ResolverModel.Conflicted;
import dev.condock.pip.ResolverModel.Criterion;
import dev.condock.pip.ResolverModel.Info;
import dev.condock.pip.ResolverModel.Req;
import dev.condock.util.CondockException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * resolvelib 1.0.1's backtracking resolution (the algorithm pip 23 runs), ported step for step so that condock picks
 * what pip picks: pin the most preferred unsatisfied criterion to its first (newest) candidate whose dependencies
 * fit; when none fits, backjump to the latest pin whose dependencies touch the conflict and mark it incompatible.
 */
final class Resolution {
    static final int MAX_ROUNDS = 200_000;

    /** Resolution failed; {@code causes} are the requirements that could not be satisfied together. */
    static final class Impossible extends Exception {
        private static final long serialVersionUID = 1L;
        final transient List<Info> causes;

        Impossible(List<Info> causes) {
            super(null, null, false, false);
            this.causes = causes;
        }
    }

    private record State(
            LinkedHashMap<String, Cand> mapping,
            LinkedHashMap<String, Criterion> criteria,
            List<Info> backtrackCauses) {
        State copy() {
            return new State(
                    new LinkedHashMap<>(mapping), new LinkedHashMap<>(criteria), new ArrayList<>(backtrackCauses));
        }
    }

    private final PipProvider p;
    private final List<State> states = new ArrayList<>();
    /** Every parent seen asking for an identifier (null: top level), for explaining conflicts after backjumps. */
    final Map<String, List<Cand>> requirers = new java.util.HashMap<>();

    Resolution(PipProvider provider) {
        this.p = provider;
    }

    private State state() {
        return states.get(states.size() - 1);
    }

    /** The pins, in pin order. */
    LinkedHashMap<String, Cand> resolve(List<Req> requirements) throws Impossible, CondockException {
        states.add(new State(new LinkedHashMap<>(), new LinkedHashMap<>(), new ArrayList<>()));
        for (Req r : requirements) {
            try {
                addToCriteria(state().criteria, r, null);
            } catch (Conflicted e) {
                throw new Impossible(e.criterion.information());
            }
        }
        states.add(state().copy());
        for (int round = 0; round < MAX_ROUNDS; round++) {
            List<String> unsatisfied = new ArrayList<>();
            for (Map.Entry<String, Criterion> e : state().criteria.entrySet()) {
                if (!isCurrentPinSatisfying(e.getKey(), e.getValue())) unsatisfied.add(e.getKey());
            }
            if (unsatisfied.isEmpty()) return state().mapping;
            Set<String> satisfied = new HashSet<>(state().criteria.keySet());
            unsatisfied.forEach(satisfied::remove);

            String name = null;
            PipProvider.Preference best = null;
            for (String u : unsatisfied) { // every preference is computed: pip's depth bookkeeping depends on it
                PipProvider.Preference pref = p.preference(u, state().criteria, state().backtrackCauses);
                if (best == null || pref.compareTo(best) < 0) {
                    best = pref;
                    name = u;
                }
            }
            List<Criterion> failures = attemptToPin(name);
            if (!failures.isEmpty()) {
                List<Info> causes = new ArrayList<>();
                for (Criterion c : failures) causes.addAll(c.information());
                boolean success = backjump(causes);
                state().backtrackCauses.clear();
                state().backtrackCauses.addAll(causes);
                if (!success) throw new Impossible(state().backtrackCauses);
            } else {
                Set<String> newlyUnsatisfied = new HashSet<>();
                for (Map.Entry<String, Criterion> e : state().criteria.entrySet()) {
                    if (satisfied.contains(e.getKey()) && !isCurrentPinSatisfying(e.getKey(), e.getValue()))
                        newlyUnsatisfied.add(e.getKey());
                }
                removeInformation(state().criteria, newlyUnsatisfied);
                states.add(state().copy());
            }
        }
        throw CondockException.user("pip: resolution too deep (over " + MAX_ROUNDS + " rounds): pin some versions");
    }

    private boolean isCurrentPinSatisfying(String name, Criterion c) {
        Cand pin = state().mapping.get(name);
        if (pin == null) return false;
        for (Info i : c.information()) if (!i.requirement().isSatisfiedBy(pin)) return false;
        return true;
    }

    private void addToCriteria(Map<String, Criterion> criteria, Req req, Cand parent)
            throws Conflicted, CondockException {
        String id = req.identifier();
        List<Cand> seen = requirers.computeIfAbsent(id, k -> new ArrayList<>());
        if (!seen.contains(parent)) seen.add(parent);
        Criterion crit = criteria.get(id);
        List<Cand> incompat = crit != null ? new ArrayList<>(crit.incompatibilities()) : new ArrayList<>();
        List<Req> reqs = new ArrayList<>();
        if (crit != null) for (Info i : crit.information()) reqs.add(i.requirement());
        reqs.add(req);
        List<Cand> matches = p.findMatches(id, k -> k.equals(id) ? reqs : requirementsOf(criteria, k), incompat);
        List<Info> info = crit != null ? new ArrayList<>(crit.information()) : new ArrayList<>();
        info.add(new Info(req, parent));
        Criterion c = new Criterion(matches, info, incompat);
        if (matches.isEmpty()) throw new Conflicted(c);
        criteria.put(id, c);
    }

    private static List<Req> requirementsOf(Map<String, Criterion> criteria, String id) {
        Criterion c = criteria.get(id);
        List<Req> out = new ArrayList<>();
        if (c != null) for (Info i : c.information()) out.add(i.requirement());
        return out;
    }

    private void removeInformation(Map<String, Criterion> criteria, Set<String> parents) {
        if (parents.isEmpty()) return;
        for (Map.Entry<String, Criterion> e : criteria.entrySet()) {
            Criterion c = e.getValue();
            List<Info> kept = new ArrayList<>();
            for (Info i : c.information())
                if (i.parent() == null || !parents.contains(i.parent().identifier())) kept.add(i);
            e.setValue(new Criterion(c.candidates(), kept, c.incompatibilities()));
        }
    }

    private LinkedHashMap<String, Criterion> updatedCriteria(Cand candidate) throws Conflicted, CondockException {
        LinkedHashMap<String, Criterion> criteria = new LinkedHashMap<>(state().criteria);
        for (Req r : p.dependencies(candidate)) addToCriteria(criteria, r, candidate);
        return criteria;
    }

    private List<Criterion> attemptToPin(String name) throws CondockException {
        Criterion criterion = state().criteria.get(name);
        List<Criterion> causes = new ArrayList<>();
        for (Cand candidate : criterion.candidates()) {
            LinkedHashMap<String, Criterion> criteria;
            try {
                criteria = updatedCriteria(candidate);
            } catch (Conflicted e) {
                causes.add(e.criterion);
                continue;
            }
            state().criteria.putAll(criteria);
            state().mapping.remove(name);
            state().mapping.put(name, candidate);
            return List.of();
        }
        return causes;
    }

    private boolean backjump(List<Info> causes) throws Impossible, CondockException {
        Set<String> incompatibleDeps = new HashSet<>();
        for (Info c : causes)
            if (c.parent() != null) incompatibleDeps.add(c.parent().identifier());
        for (Info c : causes) incompatibleDeps.add(c.requirement().identifier());
        while (states.size() >= 3) {
            states.remove(states.size() - 1);
            State broken;
            String name;
            Cand candidate;
            while (true) {
                if (states.isEmpty()) throw new Impossible(causes);
                broken = states.remove(states.size() - 1);
                if (broken.mapping.isEmpty()) throw new Impossible(causes);
                Map.Entry<String, Cand> last = null;
                for (Map.Entry<String, Cand> e : broken.mapping.entrySet()) last = e;
                name = last.getKey();
                candidate = last.getValue();
                broken.mapping.remove(name);
                boolean touches = false;
                for (Req d : p.dependencies(candidate)) if (incompatibleDeps.contains(d.identifier())) touches = true;
                if (touches) break;
            }
            List<Map.Entry<String, List<Cand>>> fromBroken = new ArrayList<>();
            for (Map.Entry<String, Criterion> e : broken.criteria.entrySet()) {
                fromBroken.add(
                        Map.entry(e.getKey(), new ArrayList<>(e.getValue().incompatibilities())));
            }
            List<Cand> mark = new ArrayList<>();
            mark.add(candidate);
            fromBroken.add(Map.entry(name, mark));
            states.add(state().copy());
            if (patchCriteria(fromBroken)) return true;
        }
        return false;
    }

    private boolean patchCriteria(List<Map.Entry<String, List<Cand>>> fromBroken) throws CondockException {
        for (Map.Entry<String, List<Cand>> e : fromBroken) {
            String k = e.getKey();
            List<Cand> incompat = e.getValue();
            if (incompat.isEmpty()) continue;
            Criterion criterion = state().criteria.get(k);
            if (criterion == null) continue;
            Map<String, Criterion> criteria = state().criteria;
            List<Cand> matches = p.findMatches(k, id -> requirementsOf(criteria, id), incompat);
            if (matches.isEmpty()) return false;
            incompat.addAll(criterion.incompatibilities());
            state().criteria.put(k, new Criterion(matches, new ArrayList<>(criterion.information()), incompat));
        }
        return true;
    }
}
