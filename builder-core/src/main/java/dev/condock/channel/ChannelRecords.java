package dev.condock.channel;

import dev.condock.model.PackageRecord;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A channel's subdirs (platform first, then noarch, as the eager list has them) as one {@link RecordSource}: each
 * part is either parsed already (a small repodata) or a {@link LazySubdir}. A key is the part's number in the top
 * bits and the position within the part below, so the order is the eager list's.
 */
final class ChannelRecords implements RecordSource {
    private static final int PART_SHIFT = 48;

    /** One subdir: {@code records} when parsed eagerly, else {@code lazy}. */
    record Part(List<PackageRecord> records, List<String> skipped, LazySubdir lazy) {}

    private final List<Part> parts;
    private final List<Map<String, List<Keyed>>> eagerByName = new ArrayList<>();

    ChannelRecords(List<Part> parts) {
        this.parts = List.copyOf(parts);
        for (Part p : parts) {
            Map<String, List<Keyed>> m = new HashMap<>();
            if (p.records() != null) {
                for (int i = 0; i < p.records().size(); i++) {
                    PackageRecord r = p.records().get(i);
                    m.computeIfAbsent(r.name(), k -> new ArrayList<>()).add(new Keyed(i, r));
                }
            }
            eagerByName.add(m);
        }
    }

    @Override
    public List<Keyed> named(String name) {
        List<Keyed> out = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            List<Keyed> l = parts.get(i).lazy() != null
                    ? parts.get(i).lazy().named(name)
                    : eagerByName.get(i).getOrDefault(name, List.of());
            for (Keyed k : l) out.add(new Keyed(((long) i << PART_SHIFT) | k.key(), k.record()));
        }
        return out;
    }

    @Override
    public Collection<String> trackerNames() {
        TreeSet<String> out = new TreeSet<>();
        for (Part p : parts) {
            if (p.lazy() != null) {
                out.addAll(p.lazy().index().trackers());
            } else {
                for (PackageRecord r : p.records()) if (!r.trackFeatures().isEmpty()) out.add(r.name());
            }
        }
        return out;
    }

    @Override
    public List<PackageRecord> all() {
        List<PackageRecord> out = new ArrayList<>();
        for (Part p : parts) {
            if (p.lazy() != null) {
                for (Keyed k : p.lazy().all()) out.add(k.record());
            } else {
                out.addAll(p.records());
            }
        }
        return out;
    }

    @Override
    public List<String> skipped() {
        List<String> out = new ArrayList<>();
        for (Part p : parts) out.addAll(p.lazy() != null ? p.lazy().skipped : p.skipped());
        return out;
    }
}
