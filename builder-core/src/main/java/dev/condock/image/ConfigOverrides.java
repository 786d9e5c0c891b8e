package dev.condock.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.condock.util.CondockException;
import dev.condock.util.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the user sets on the image config (condock.yaml or flags): env (added or replacing the same variable),
 * entrypoint, cmd, workdir, user. Null / empty means "keep what the base and condock set".
 */
public record ConfigOverrides(
        Map<String, String> env, List<String> entrypoint, List<String> cmd, String workdir, String user) {
    public static final ConfigOverrides NONE = new ConfigOverrides(Map.of(), null, null, null, null);

    public ConfigOverrides {
        env = env == null ? Map.of() : Map.copyOf(env);
        entrypoint = entrypoint == null ? null : List.copyOf(entrypoint);
        cmd = cmd == null ? null : List.copyOf(cmd);
    }

    public boolean isEmpty() {
        return env.isEmpty() && entrypoint == null && cmd == null && workdir == null && user == null;
    }

    /** The config with these settings applied; the input's bytes are returned unchanged when there are none. */
    public byte[] apply(byte[] config) throws CondockException {
        if (isEmpty()) {
            return config;
        }
        ObjectNode cfg;
        try {
            cfg = (ObjectNode) Json.CANONICAL.readTree(config);
        } catch (IOException | ClassCastException e) {
            throw CondockException.user("image config is not valid JSON: " + e.getMessage());
        }
        ObjectNode c = cfg.has("config") && cfg.get("config").isObject()
                ? (ObjectNode) cfg.get("config")
                : cfg.putObject("config");
        if (!env.isEmpty()) {
            List<String> out = new ArrayList<>();
            for (JsonNode n : c.path("Env")) {
                String v = n.asText();
                String key = v.contains("=") ? v.substring(0, v.indexOf('=')) : v;
                if (!env.containsKey(key)) {
                    out.add(v);
                }
            }
            new java.util.TreeMap<>(env).forEach((k, v) -> out.add(k + "=" + v));
            ArrayNode a = c.putArray("Env");
            out.forEach(a::add);
        }
        if (entrypoint != null) {
            ArrayNode a = c.putArray("Entrypoint");
            entrypoint.forEach(a::add);
            if (cmd == null) {
                c.remove("Cmd"); // docker semantics: a new entrypoint drops the base's cmd
            }
        }
        if (cmd != null) {
            ArrayNode a = c.putArray("Cmd");
            cmd.forEach(a::add);
        }
        if (workdir != null) {
            c.put("WorkingDir", workdir);
        }
        if (user != null) {
            c.put("User", user);
        }
        return Json.canonicalBytes(cfg);
    }
}
