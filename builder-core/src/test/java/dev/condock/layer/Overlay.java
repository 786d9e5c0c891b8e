package dev.condock.layer;

import dev.condock.model.TreeEntry;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What a container sees: the plan's layers applied bottom to top, upper entries replacing lower ones. */
final class Overlay {
    private Overlay() {}

    static Map<String, TreeEntry> of(List<PlannedLayer> plan) {
        Map<String, TreeEntry> view = new TreeMap<>();
        for (PlannedLayer l : plan) {
            for (TreeEntry e : l.entries()) {
                if (e.kind() != TreeEntry.Kind.DIRECTORY) {
                    view.put(e.path(), e);
                }
            }
        }
        return view;
    }
}
