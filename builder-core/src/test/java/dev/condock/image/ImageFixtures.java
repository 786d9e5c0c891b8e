package dev.condock.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.condock.model.Platform;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** Small images for the image/ tests, and digests computed here rather than with the code under test. */
final class ImageFixtures {
    static final ObjectMapper JSON = new ObjectMapper();

    private ImageFixtures() {}

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static ImageBlobs.Layer layer(String content, String packages) {
        byte[] bytes = utf8(content);
        Descriptor d = new Descriptor(
                Descriptor.LAYER_GZIP,
                "sha256:" + sha256(bytes),
                bytes.length,
                Map.of("dev.condock.packages", packages));
        return new ImageBlobs.Layer(d, () -> new ByteArrayInputStream(bytes), null);
    }

    /** An image for {@code platform} whose layers hold the given strings, one package named after each. */
    static ImageBlobs image(Platform platform, String... layerContents) throws Exception {
        List<ImageBlobs.Layer> layers = new ArrayList<>();
        List<ConfigBuilder.AddedLayer> added = new ArrayList<>();
        for (String c : layerContents) {
            ImageBlobs.Layer l = layer(c, "pkg-" + c);
            layers.add(l);
            added.add(new ConfigBuilder.AddedLayer(l.descriptor().digest(), "condock: " + c, null));
        }
        byte[] config = ConfigBuilder.build(null, platform, "/opt/conda", 0, added, Map.of());
        Descriptor cd = new Descriptor(Descriptor.OCI_CONFIG, "sha256:" + sha256(config), config.length);
        return Manifests.assemble(cd, config, layers, Map.of());
    }

    static byte[] read(BlobSource s) throws IOException {
        try (InputStream in = s.open()) {
            return in.readAllBytes();
        }
    }

    static JsonNode json(byte[] bytes) throws IOException {
        return JSON.readTree(bytes);
    }
}
