package dev.condock.layer;

import dev.condock.install.InstalledEnvironment;
import dev.condock.install.InstalledPackage;
import dev.condock.model.TreeEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Makes every non-directory path belong to exactly one package: the one installed last, as the installer
 * decides. The losers' copies are dropped from their entries, so no layer order can show a loser's bytes and
 * the planner may order layers by stability instead of by install order. A loser's hardlink to a dropped path
 * becomes a copy of the loser's own bytes (the link target is gone from its layer).
 */
final class ClobberResolver {
    /** One package's entries after resolution and the paths it lost (sorted; they enter its cache key). */
    record Resolved(InstalledPackage pkg, List<TreeEntry> entries, Set<String> lost) {}

    private ClobberResolver() {}

    static List<Resolved> resolve(InstalledEnvironment env) {
        Map<String, Integer> winner = new HashMap<>();
        List<InstalledPackage> pkgs = env.packages();
        for (int i = 0; i < pkgs.size(); i++) {
            for (TreeEntry e : pkgs.get(i).entries()) {
                if (e.kind() != TreeEntry.Kind.DIRECTORY) {
                    winner.put(e.path(), i); // later install order overwrites: the installer's rule
                }
            }
        }
        List<Resolved> out = new ArrayList<>(pkgs.size());
        for (int i = 0; i < pkgs.size(); i++) {
            InstalledPackage p = pkgs.get(i);
            Set<String> lost = new TreeSet<>();
            for (TreeEntry e : p.entries()) {
                if (e.kind() != TreeEntry.Kind.DIRECTORY && winner.get(e.path()) != i) {
                    lost.add(e.path());
                }
            }
            out.add(new Resolved(p, lost.isEmpty() ? p.entries() : without(p.entries(), lost), lost));
        }
        return out;
    }

    static List<TreeEntry> without(List<TreeEntry> entries, Set<String> lost) {
        Map<String, TreeEntry> byPath = new HashMap<>();
        entries.forEach(e -> byPath.put(e.path(), e));
        List<TreeEntry> kept = new ArrayList<>();
        for (TreeEntry e : entries) {
            if (lost.contains(e.path())) {
                continue;
            }
            if (e.kind() == TreeEntry.Kind.HARDLINK && lost.contains(e.linkTarget())) {
                TreeEntry target = byPath.get(e.linkTarget());
                if (target != null && target.kind() == TreeEntry.Kind.FILE) {
                    kept.add(TreeEntry.file(e.path(), e.mode(), target.content(), target.size()));
                    continue;
                }
            }
            kept.add(e);
        }
        return kept;
    }
}
