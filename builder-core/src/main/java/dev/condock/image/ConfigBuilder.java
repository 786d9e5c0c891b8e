package dev.condock.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.condock.model.Platform;
import dev.condock.util.CondockException;
import dev.condock.util.Json;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The OCI image config: the base's config carried over (Env, User, WorkingDir, Entrypoint/Cmd, Labels) and
 * extended with our layers' diff_ids, one history entry per layer, PATH and CONDA_PREFIX, and labels. Nothing
 * here reads a clock: "created" is given (see pipeline.CreatedTime).
 */
public final class ConfigBuilder {
    public static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /** One layer we add, as the config records it. */
    public record AddedLayer(String diffId, String createdBy, String comment) {}

    private ConfigBuilder() {}

    public static byte[] build(
            byte[] baseConfig,
            Platform platform,
            String prefix,
            long createdSeconds,
            List<AddedLayer> layers,
            Map<String, String> labels)
            throws CondockException {
        ObjectNode cfg;
        try {
            cfg = baseConfig == null
                    ? Json.CANONICAL.createObjectNode()
                    : (ObjectNode) Json.CANONICAL.readTree(baseConfig);
        } catch (IOException | ClassCastException e) {
            throw CondockException.user("base image config is not valid JSON: " + e.getMessage());
        }
        String created = Instant.ofEpochSecond(createdSeconds).toString();
        cfg.put("created", created);
        cfg.put("architecture", platform.architecture());
        cfg.put("os", platform.os());
        if (platform.variant() != null) {
            cfg.put("variant", platform.variant());
        } else {
            cfg.remove("variant");
        }
        ObjectNode c = cfg.has("config") && cfg.get("config").isObject()
                ? (ObjectNode) cfg.get("config")
                : cfg.putObject("config");
        c.set("Env", env(c.path("Env"), prefix));
        ObjectNode lab =
                c.has("Labels") && c.get("Labels").isObject() ? (ObjectNode) c.get("Labels") : c.putObject("Labels");
        Map<String, String> merged = new TreeMap<>();
        lab.fields().forEachRemaining(e -> merged.put(e.getKey(), e.getValue().asText()));
        merged.putAll(labels);
        ObjectNode sorted = c.putObject("Labels");
        merged.forEach(sorted::put);

        ObjectNode rootfs = cfg.has("rootfs") && cfg.get("rootfs").isObject()
                ? (ObjectNode) cfg.get("rootfs")
                : cfg.putObject("rootfs");
        rootfs.put("type", "layers");
        ArrayNode diffIds = rootfs.has("diff_ids") ? (ArrayNode) rootfs.get("diff_ids") : rootfs.putArray("diff_ids");
        ArrayNode history = cfg.has("history") && cfg.get("history").isArray()
                ? (ArrayNode) cfg.get("history")
                : cfg.putArray("history");
        for (AddedLayer l : layers) {
            diffIds.add(l.diffId());
            ObjectNode h = history.addObject();
            h.put("created", created);
            h.put("created_by", l.createdBy());
            if (l.comment() != null) {
                h.put("comment", l.comment());
            }
        }
        return Json.canonicalBytes(cfg);
    }

    /** PATH starts at the prefix's bin; CONDA_PREFIX names the prefix; the base's other variables stay. */
    private static ArrayNode env(JsonNode baseEnv, String prefix) {
        List<String> out = new ArrayList<>();
        String path = DEFAULT_PATH;
        for (JsonNode n : baseEnv) {
            String v = n.asText();
            if (v.startsWith("PATH=")) {
                path = v.substring(5);
            } else if (!v.startsWith("CONDA_PREFIX=")) {
                out.add(v);
            }
        }
        String bin = prefix + "/bin";
        List<String> parts = new ArrayList<>(List.of(path.split(":")));
        parts.remove(bin);
        parts.add(0, bin);
        ArrayNode a = Json.CANONICAL.createArrayNode();
        a.add("PATH=" + String.join(":", parts));
        out.forEach(a::add);
        a.add("CONDA_PREFIX=" + prefix);
        return a;
    }
}
