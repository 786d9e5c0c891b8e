package dev.condock.image;

import static dev.condock.image.ImageFixtures.image;
import static dev.condock.image.ImageFixtures.json;
import static dev.condock.image.ImageFixtures.sha256;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.condock.model.Platform;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImageIndexTest {
    @Test
    void namesEachPlatformsManifest() throws Exception {
        Platform amd = Platform.LINUX_64;
        Platform arm64 = Platform.of("linux-aarch64");
        Platform armv7 = Platform.of("linux-armv7l");
        List<ImageIndex.PlatformImage> images = List.of(
                new ImageIndex.PlatformImage(amd, image(amd, "a")),
                new ImageIndex.PlatformImage(arm64, image(arm64, "b")),
                new ImageIndex.PlatformImage(armv7, image(armv7, "c")));
        ImageIndex index = ImageIndex.assemble(images, Map.of("org.opencontainers.image.ref.name", "v1"));

        JsonNode j = json(index.bytes());
        assertEquals(2, j.path("schemaVersion").asInt());
        assertEquals(Descriptor.OCI_INDEX, j.path("mediaType").asText());
        assertEquals(
                "v1",
                j.path("annotations").path("org.opencontainers.image.ref.name").asText());
        JsonNode ms = j.path("manifests");
        assertEquals(3, ms.size());
        String[][] expected = {{"linux", "amd64", null}, {"linux", "arm64", null}, {"linux", "arm", "v7"}};
        for (int i = 0; i < 3; i++) {
            JsonNode m = ms.get(i);
            ImageBlobs img = images.get(i).image();
            assertEquals(Descriptor.OCI_MANIFEST, m.path("mediaType").asText());
            assertEquals(img.manifest().digest(), m.path("digest").asText());
            assertEquals(img.manifestBytes().length, m.path("size").asLong());
            assertEquals(expected[i][0], m.path("platform").path("os").asText());
            assertEquals(expected[i][1], m.path("platform").path("architecture").asText());
            if (expected[i][2] == null) {
                assertFalse(m.path("platform").has("variant"), "no variant key for " + expected[i][1]);
            } else {
                assertEquals(expected[i][2], m.path("platform").path("variant").asText());
            }
        }

        assertEquals(Descriptor.OCI_INDEX, index.descriptor().mediaType());
        assertEquals("sha256:" + sha256(index.bytes()), index.descriptor().digest());
        assertEquals(index.bytes().length, index.descriptor().size());
        assertEquals(images, index.images());
    }

    @Test
    void sameInputSameBytesAndNoEmptyAnnotations() throws Exception {
        List<ImageIndex.PlatformImage> images =
                List.of(new ImageIndex.PlatformImage(Platform.LINUX_64, image(Platform.LINUX_64, "a")));
        ImageIndex a = ImageIndex.assemble(images, Map.of());
        ImageIndex b = ImageIndex.assemble(
                List.of(new ImageIndex.PlatformImage(Platform.LINUX_64, image(Platform.LINUX_64, "a"))), Map.of());
        assertArrayEquals(a.bytes(), b.bytes());
        assertEquals(a.descriptor(), b.descriptor());
        assertFalse(json(a.bytes()).has("annotations"));
    }
}
