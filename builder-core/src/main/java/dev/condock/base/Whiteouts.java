package dev.condock.base;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The prefix-relative paths a replacing package must white out: the old version's files that nothing in the new
 * image writes again, and the old version's conda-meta record. Paths that another package installed by this
 * build or a base package that stays still owns are never whited out.
 */
public final class Whiteouts {
    private Whiteouts() {}

    /**
     * @param delta        the delta of this build against its base
     * @param writtenPaths every prefix-relative path the packages installed by this build write
     * @return new dist → sorted paths to white out
     */
    public static Map<String, List<String>> of(BaseDelta delta, Set<String> writtenPaths) {
        Set<String> keep = new TreeSet<>(writtenPaths);
        for (BasePackage p : delta.keptOnly()) {
            keep.addAll(p.files());
        }
        Map<String, List<String>> out = new java.util.TreeMap<>();
        for (Map.Entry<String, BasePackage> e : delta.replaces().entrySet()) {
            BasePackage old = e.getValue();
            TreeSet<String> gone = new TreeSet<>();
            for (String f : old.files()) {
                if (!keep.contains(f)) {
                    gone.add(f);
                }
            }
            gone.add("conda-meta/" + old.dist() + ".json");
            out.put(e.getKey(), new ArrayList<>(gone));
        }
        return out;
    }
}
