package dev.condock.solve;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Install order as conda prints it: repeatedly take every package whose dependencies are already placed,
 * sorted by name; a cycle is broken by taking its alphabetically first member.
 */
final class TopoOrder {
    private TopoOrder() {}

    static List<Pool.Cand> sort(List<Pool.Cand> picked, Pool pool) {
        Map<String, Pool.Cand> byName = new TreeMap<>();
        for (Pool.Cand c : picked) byName.put(c.rec().name(), c);
        Map<String, Set<String>> deps = new HashMap<>();
        for (Pool.Cand c : picked) {
            Set<String> d = new HashSet<>();
            for (String s : c.rec().depends()) {
                String n = pool.spec(s).name();
                if (byName.containsKey(n) && !n.equals(c.rec().name())) d.add(n);
            }
            deps.put(c.rec().name(), d);
        }
        List<Pool.Cand> out = new ArrayList<>();
        Set<String> placed = new HashSet<>();
        while (placed.size() < byName.size()) {
            List<String> ready = new ArrayList<>();
            for (String n : byName.keySet()) {
                if (!placed.contains(n) && placed.containsAll(deps.get(n))) ready.add(n);
            }
            if (ready.isEmpty()) {
                for (String n : byName.keySet())
                    if (!placed.contains(n)) {
                        ready.add(n);
                        break;
                    }
            }
            for (String n : ready) {
                placed.add(n);
                out.add(byName.get(n));
            }
        }
        return out;
    }
}
