package dev.condock.cli;

import dev.condock.registry.PushResult;
import java.util.LinkedHashMap;
import java.util.Map;

/** The --json record of one push: digest, size, layers pushed/skipped/mounted, bytes uploaded, seconds. */
public final class PushSummary {
    private PushSummary() {}

    public static Map<String, Object> of(PushResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("target", r.target().toString());
        m.put("digest", r.digest());
        m.put("size", r.size());
        m.put("layers", Map.of("pushed", r.pushed(), "skipped", r.skipped(), "mounted", r.mounted()));
        m.put("bytesUploaded", r.bytesUploaded());
        m.put("seconds", Math.round(r.seconds() * 1000) / 1000.0);
        return m;
    }
}
