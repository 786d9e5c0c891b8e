package dev.condock.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.condock.util.Hashing;
import dev.condock.util.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds OCI manifests and reads descriptors. */
public final class Manifests {
    private Manifests() {}

    public static Descriptor descriptor(JsonNode n) {
        Map<String, String> ann = new LinkedHashMap<>();
        n.path("annotations")
                .fields()
                .forEachRemaining(e -> ann.put(e.getKey(), e.getValue().asText()));
        return new Descriptor(
                n.path("mediaType").asText(),
                n.path("digest").asText(),
                n.path("size").asLong(),
                ann);
    }

    static ObjectNode toJson(Descriptor d) {
        ObjectNode o = Json.CANONICAL.createObjectNode();
        o.put("mediaType", d.mediaType());
        o.put("digest", d.digest());
        o.put("size", d.size());
        if (!d.annotations().isEmpty()) {
            ObjectNode a = o.putObject("annotations");
            new java.util.TreeMap<>(d.annotations()).forEach(a::put);
        }
        return o;
    }

    /** The manifest's bytes and descriptor for a config and its layers. */
    public static ImageBlobs assemble(
            Descriptor config, byte[] configBytes, List<ImageBlobs.Layer> layers, Map<String, String> annotations) {
        ObjectNode m = Json.CANONICAL.createObjectNode();
        m.put("schemaVersion", 2);
        m.put("mediaType", Descriptor.OCI_MANIFEST);
        m.set("config", toJson(config));
        ArrayNode ls = m.putArray("layers");
        for (ImageBlobs.Layer l : layers) {
            ls.add(toJson(l.descriptor()));
        }
        if (!annotations.isEmpty()) {
            ObjectNode a = m.putObject("annotations");
            new java.util.TreeMap<>(annotations).forEach(a::put);
        }
        byte[] bytes = Json.canonicalBytes(m);
        Descriptor md = new Descriptor(Descriptor.OCI_MANIFEST, "sha256:" + Hashing.sha256Hex(bytes), bytes.length);
        return new ImageBlobs(md, bytes, config, configBytes, layers);
    }
}
