package dev.condock.sign;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.condock.util.Json;
import java.io.IOException;

/**
 * Cosign's payload for a key-based image signature ("simple signing"): it names the image by repository and
 * manifest digest; the signature is over these exact bytes.
 */
public final class SimpleSigning {
    private SimpleSigning() {}

    public static final String MEDIA_TYPE = "application/vnd.dev.cosign.simplesigning.v1+json";
    public static final String SIGNATURE_ANNOTATION = "dev.cosignproject.cosign/signature";
    public static final String TYPE = "cosign container image signature";

    /** The payload for {@code repository} (host/repo) at {@code digest}. */
    public static byte[] payload(String repository, String digest) {
        ObjectNode root = Json.CANONICAL.createObjectNode();
        ObjectNode critical = root.putObject("critical");
        critical.putObject("identity").put("docker-reference", repository);
        critical.putObject("image").put("docker-manifest-digest", digest);
        critical.put("type", TYPE);
        root.putNull("optional");
        return Json.canonicalBytes(root);
    }

    /** The manifest digest a payload signs, or null when it is no cosign image signature payload. */
    public static String signedDigest(byte[] payload) {
        try {
            JsonNode n = Json.CANONICAL.readTree(payload);
            if (!TYPE.equals(n.path("critical").path("type").asText())) {
                return null;
            }
            String d = n.path("critical")
                    .path("image")
                    .path("docker-manifest-digest")
                    .asText(null);
            return d == null || d.isEmpty() ? null : d;
        } catch (IOException e) {
            return null;
        }
    }
}
