package dev.condock.image;

import static dev.condock.image.ImageFixtures.json;
import static dev.condock.image.ImageFixtures.layer;
import static dev.condock.image.ImageFixtures.sha256;
import static dev.condock.image.ImageFixtures.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.fasterxml.jackson.databind.JsonNode;
import dev.condock.model.Platform;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ManifestsTest {
    private static final byte[] CONFIG = utf8("{\"architecture\":\"amd64\",\"os\":\"linux\"}");
    private static final Descriptor CONFIG_DESC =
            new Descriptor(Descriptor.OCI_CONFIG, "sha256:" + sha256(CONFIG), CONFIG.length);

    @Test
    void manifestHasMediaTypesDescriptorsAndAnnotations() throws Exception {
        ImageBlobs.Layer one = layer("one", "python-3.11.0-h1_0");
        ImageBlobs.Layer two = layer("two", "numpy-1.26.4-py311_0 zlib-1.3-0");
        ImageBlobs img = Manifests.assemble(
                CONFIG_DESC, CONFIG, List.of(one, two), Map.of("org.opencontainers.image.base.name", "scratch"));

        JsonNode m = json(img.manifestBytes());
        assertEquals(2, m.path("schemaVersion").asInt());
        assertEquals(Descriptor.OCI_MANIFEST, m.path("mediaType").asText());
        JsonNode config = m.path("config");
        assertEquals(Descriptor.OCI_CONFIG, config.path("mediaType").asText());
        assertEquals("sha256:" + sha256(CONFIG), config.path("digest").asText());
        assertEquals(CONFIG.length, config.path("size").asLong());
        assertFalse(config.has("annotations"), "no annotations, no key");

        JsonNode layers = m.path("layers");
        assertEquals(2, layers.size());
        assertEquals(Descriptor.LAYER_GZIP, layers.get(1).path("mediaType").asText());
        assertEquals(
                "sha256:" + sha256(utf8("two")), layers.get(1).path("digest").asText());
        assertEquals(3, layers.get(1).path("size").asLong());
        assertEquals(
                "numpy-1.26.4-py311_0 zlib-1.3-0",
                layers.get(1).path("annotations").path("dev.condock.packages").asText());
        assertEquals(
                "python-3.11.0-h1_0",
                layers.get(0).path("annotations").path("dev.condock.packages").asText());
        assertEquals(
                "scratch",
                m.path("annotations").path("org.opencontainers.image.base.name").asText());

        assertEquals(Descriptor.OCI_MANIFEST, img.manifest().mediaType());
        assertEquals("sha256:" + sha256(img.manifestBytes()), img.manifest().digest());
        assertEquals(img.manifestBytes().length, img.manifest().size());
        assertSame(CONFIG, img.configBytes());
        assertEquals(List.of(one, two), img.layers());

        assertEquals(two.descriptor(), Manifests.descriptor(layers.get(1)), "descriptor() reads back what was written");
    }

    @Test
    void sameInputSameBytes() throws Exception {
        Map<String, String> ann = new LinkedHashMap<>();
        ann.put("b", "2");
        ann.put("a", "1");
        Map<String, String> reversed = new LinkedHashMap<>();
        reversed.put("a", "1");
        reversed.put("b", "2");
        ImageBlobs x = Manifests.assemble(CONFIG_DESC, CONFIG, List.of(layer("l", "p")), ann);
        ImageBlobs y = Manifests.assemble(CONFIG_DESC, CONFIG, List.of(layer("l", "p")), reversed);
        assertArrayEquals(x.manifestBytes(), y.manifestBytes());
        assertEquals(x.manifest(), y.manifest());
        ImageBlobs z = Manifests.assemble(CONFIG_DESC, CONFIG, List.of(layer("l", "q")), ann);
        assertNotEquals(x.manifest().digest(), z.manifest().digest(), "a layer annotation is part of the digest");
        ImageBlobs img = ImageFixtures.image(Platform.LINUX_64, "a", "b");
        assertArrayEquals(
                img.manifestBytes(),
                ImageFixtures.image(Platform.LINUX_64, "a", "b").manifestBytes());
        assertNotEquals(
                img.manifest().digest(),
                ImageFixtures.image(Platform.LINUX_64, "b", "a").manifest().digest(),
                "layer order is part of the digest");
    }
}
