package dev.condock.registry;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import com.google.cloud.tools.jib.image.json.ManifestTemplate;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Hands jib our exact manifest bytes: jib serializes a ManifestTemplate with Jackson, and this one writes itself as
 * a raw value, so the digest the registry computes is the digest we computed (jib's own templates would reorder).
 */
final class RawManifestTemplate implements ManifestTemplate, JsonSerializable {
    private final String json;
    private final String mediaType;

    RawManifestTemplate(byte[] bytes, String mediaType) {
        this.json = new String(bytes, StandardCharsets.UTF_8);
        this.mediaType = mediaType;
    }

    @Override
    public int getSchemaVersion() {
        return 2;
    }

    @Override
    public String getManifestMediaType() {
        return mediaType;
    }

    @Override
    public void serialize(JsonGenerator gen, SerializerProvider serializers) throws IOException {
        gen.writeRawValue(json);
    }

    @Override
    public void serializeWithType(JsonGenerator gen, SerializerProvider serializers, TypeSerializer typeSer)
            throws IOException {
        serialize(gen, serializers);
    }
}
