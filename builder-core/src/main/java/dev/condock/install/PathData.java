package dev.condock.install;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One {@code paths_data} item of a conda-meta record, as a Map (what the record writer serializes) but held in
 * fields: a package of 300,000 files keeps 300,000 of these until its record is written, and a LinkedHashMap
 * each cost about 350 bytes where this costs about 50. Keys outside the known ones are refused (a typo here
 * would silently drop a field from conda-meta).
 */
final class PathData extends AbstractMap<String, Object> {
    private static final List<String> KEYS = List.of(
            "_path", "path_type", "sha256", "size_in_bytes", "prefix_placeholder", "file_mode", "sha256_in_prefix");
    private final Object[] values = new Object[KEYS.size()];

    @Override
    public Object put(String key, Object value) {
        int i = KEYS.indexOf(key);
        if (i < 0) {
            throw new IllegalArgumentException("not a paths_data key: " + key);
        }
        Object old = values[i];
        values[i] = value;
        return old;
    }

    @Override
    public Object get(Object key) {
        int i = KEYS.indexOf(key);
        return i < 0 ? null : values[i];
    }

    @Override
    public Set<Map.Entry<String, Object>> entrySet() {
        List<Map.Entry<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            if (values[i] != null) {
                out.add(new SimpleImmutableEntry<>(KEYS.get(i), values[i]));
            }
        }
        return new LinkedHashSet<>(out);
    }
}
