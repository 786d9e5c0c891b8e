package dev.condock.image;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.condock.model.Platform;
import dev.condock.util.Hashing;
import dev.condock.util.Json;
import java.util.List;
import java.util.Map;

/**
 * An OCI image index over one image per platform: its bytes (their sha256 is the index digest) and the images
 * it names, in the order given.
 */
public record ImageIndex(Descriptor descriptor, byte[] bytes, List<PlatformImage> images) {
    public record PlatformImage(Platform platform, ImageBlobs image) {}

    public ImageIndex {
        images = List.copyOf(images);
    }

    public static ImageIndex assemble(List<PlatformImage> images, Map<String, String> annotations) {
        ObjectNode idx = Json.CANONICAL.createObjectNode();
        idx.put("schemaVersion", 2);
        idx.put("mediaType", Descriptor.OCI_INDEX);
        ArrayNode ms = idx.putArray("manifests");
        for (PlatformImage pi : images) {
            ObjectNode d = Manifests.toJson(pi.image().manifest());
            ObjectNode p = d.putObject("platform");
            p.put("architecture", pi.platform().architecture());
            p.put("os", pi.platform().os());
            if (pi.platform().variant() != null) {
                p.put("variant", pi.platform().variant());
            }
            ms.add(d);
        }
        if (!annotations.isEmpty()) {
            ObjectNode a = idx.putObject("annotations");
            new java.util.TreeMap<>(annotations).forEach(a::put);
        }
        byte[] bytes = Json.canonicalBytes(idx);
        return new ImageIndex(
                new Descriptor(Descriptor.OCI_INDEX, "sha256:" + Hashing.sha256Hex(bytes), bytes.length),
                bytes,
                images);
    }
}
