package dev.condock.install;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.condock.model.PackageRecord;
import dev.condock.util.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds {@code conda-meta/<dist>.json}, the CEP 32 PrefixRecord conda reads to know what is installed: the
 * package's info/index.json, overlaid with the repodata record (authoritative: repodata may be patched), plus
 * fn, url, channel, hashes, files, paths_data, link and requested_spec. Nothing comes from the clock or the
 * builder's paths; keys are sorted, so equal inputs give equal bytes.
 */
final class PrefixRecordJson {
    private PrefixRecordJson() {}

    static byte[] build(
            PackageRecord r,
            byte[] indexJson,
            String requestedSpec,
            List<String> files,
            List<Map<String, Object>> pathsData,
            String prefix) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try {
            write(out, r, indexJson, requestedSpec, files, pathsData, prefix);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e); // a byte array does not fail
        }
        return out.toByteArray();
    }

    /**
     * Writes the record to {@code out}, the same bytes as a pretty, key-sorted dump of the whole tree, but
     * streamed: {@code files} and {@code paths_data} (one item per file; 300,000 in a big package) are written
     * item by item instead of being copied into a JSON tree, a sorted map and a String first.
     */
    static void write(
            OutputStream out,
            PackageRecord r,
            byte[] indexJson,
            String requestedSpec,
            List<String> files,
            List<Map<String, Object>> pathsData,
            String prefix)
            throws IOException {
        ObjectNode o = Json.CANONICAL.createObjectNode();
        try {
            JsonNode index = Json.CANONICAL.readTree(indexJson);
            if (index != null && index.isObject()) {
                o.setAll((ObjectNode) index);
            }
        } catch (IOException e) {
            // an unreadable index.json only loses fallback fields; the record below still describes the package
        }
        o.put("name", r.name());
        o.put("version", r.version());
        o.put("build", r.build());
        if (r.buildNumber() >= 0) {
            o.put("build_number", r.buildNumber());
        }
        putIfSet(o, "subdir", r.subdir());
        putIfSet(o, "fn", r.fn());
        putIfSet(o, "url", r.url());
        putIfSet(o, "channel", r.channel());
        putIfSet(o, "md5", r.md5());
        putIfSet(o, "sha256", r.sha256());
        putIfSet(o, "noarch", r.noarch());
        putIfSet(o, "license", r.license());
        if (r.size() >= 0) {
            o.put("size", r.size());
        }
        if (r.timestamp() >= 0) {
            o.put("timestamp", r.timestamp());
        }
        // an empty list in a record can mean "not given" (lock files): keep index.json's then
        if (!r.depends().isEmpty() || !o.has("depends")) {
            o.set("depends", Json.CANONICAL.valueToTree(r.depends()));
        }
        if (!r.constrains().isEmpty() || !o.has("constrains")) {
            o.set("constrains", Json.CANONICAL.valueToTree(r.constrains()));
        }
        if (!r.trackFeatures().isEmpty()) {
            o.put("track_features", String.join(",", r.trackFeatures()));
        }
        putIfSet(o, "features", r.features());
        o.remove("files");
        o.remove("paths_data");
        // Where conda would have extracted the package in this prefix's own cache: deterministic, and every
        // real record carries these (conda reads link.source when it unlinks).
        String extracted = prefix + "/pkgs/" + r.dist();
        o.put("extracted_package_dir", extracted);
        if (r.fn() != null) {
            o.put("package_tarball_full_path", prefix + "/pkgs/" + r.fn());
        }
        ObjectNode link = o.putObject("link");
        link.put("source", extracted);
        link.put("type", 1);
        if (requestedSpec != null) {
            o.put("requested_spec", requestedSpec);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> top = new TreeMap<>((Map<String, Object>) sorted(o));
        top.put("files", FILES);
        top.put("paths_data", PATHS_DATA);
        try (JsonGenerator g = Json.PRETTY.createGenerator(out)) {
            g.writeStartObject();
            for (Map.Entry<String, Object> e : top.entrySet()) {
                g.writeFieldName(e.getKey());
                if (e.getValue() == FILES) {
                    g.writeStartArray();
                    for (String f : files) {
                        g.writeString(f);
                    }
                    g.writeEndArray();
                } else if (e.getValue() == PATHS_DATA) {
                    g.writeStartObject();
                    g.writeFieldName("paths");
                    g.writeStartArray();
                    for (Map<String, Object> item : pathsData) {
                        Json.PRETTY.writeValue(g, item); // maps are written with sorted keys
                    }
                    g.writeEndArray();
                    g.writeNumberField("paths_version", 1);
                    g.writeEndObject();
                } else {
                    Json.PRETTY.writeValue(g, e.getValue());
                }
            }
            g.writeEndObject();
            g.writeRaw('\n');
        }
    }

    /** Markers for the two streamed keys in the sorted top-level map. */
    private static final Object FILES = new Object();

    private static final Object PATHS_DATA = new Object();

    private static void putIfSet(ObjectNode o, String key, String value) {
        if (value != null) {
            o.put(key, value);
        }
    }

    /** ObjectNode keeps insertion order; conda-meta must not depend on it. */
    private static Object sorted(JsonNode n) {
        return Json.CANONICAL.convertValue(n, Object.class);
    }
}
