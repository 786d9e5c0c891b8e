package dev.condock.provenance;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.condock.util.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** CycloneDX 1.6 JSON: the image as the metadata component, packages as libraries, the base as a container. */
final class CycloneDxWriter {
    private CycloneDxWriter() {}

    private static final String IMAGE_REF = "image";
    private static final String BASE_REF = "base-image";

    static byte[] write(SbomInput in) {
        ObjectNode bom = Json.CANONICAL.createObjectNode();
        bom.put("bomFormat", "CycloneDX");
        bom.put("specVersion", "1.6");
        // derived from the content: the same build names its BOM the same
        bom.put(
                "serialNumber",
                "urn:uuid:" + UUID.nameUUIDFromBytes(SpdxWriter.contentId(in).getBytes(StandardCharsets.UTF_8)));
        bom.put("version", 1);
        ObjectNode meta = bom.putObject("metadata");
        meta.put("timestamp", Instant.ofEpochSecond(in.created()).toString());
        meta.putObject("tools")
                .putArray("components")
                .addObject()
                .put("type", "application")
                .put("name", "condock");
        meta.putObject("component")
                .put("type", "container")
                .put("bom-ref", IMAGE_REF)
                .put("name", in.name());
        ArrayNode comps = bom.putArray("components");
        ArrayNode deps = Json.CANONICAL.createArrayNode();
        ArrayNode imageDeps = deps.addObject().put("ref", IMAGE_REF).putArray("dependsOn");
        if (in.baseName() != null) {
            ObjectNode base = comps.addObject()
                    .put("type", "container")
                    .put("bom-ref", BASE_REF)
                    .put("name", in.baseName());
            if (in.baseDigest() != null) {
                base.put("version", in.baseDigest());
                base.putArray("hashes")
                        .addObject()
                        .put("alg", "SHA-256")
                        .put(
                                "content",
                                in.baseDigest().substring(in.baseDigest().indexOf(':') + 1));
            }
            imageDeps.add(BASE_REF);
        }
        Map<SbomPackage, String> refs = new IdentityHashMap<>();
        Set<String> used = new HashSet<>();
        for (SbomPackage p : in.packages()) {
            String ref = p.purl();
            for (int i = 2; !used.add(ref); i++) {
                ref = p.purl() + "#" + i;
            }
            refs.put(p, ref);
        }
        for (SbomPackage p : in.packages()) {
            ObjectNode c = comps.addObject();
            c.put("type", "library");
            c.put("bom-ref", refs.get(p));
            c.put("name", p.name());
            c.put("version", p.version());
            c.put("purl", p.purl());
            if (p.sha256() != null) {
                c.putArray("hashes").addObject().put("alg", "SHA-256").put("content", p.sha256());
            }
            if (p.license() != null && !p.license().isBlank()) {
                c.putArray("licenses")
                        .addObject()
                        .putObject("license")
                        .put("name", p.license().strip());
            }
            if (p.url() != null) {
                c.putArray("externalReferences")
                        .addObject()
                        .put("type", "distribution")
                        .put("url", p.url());
            }
            imageDeps.add(refs.get(p));
        }
        for (SbomPackage p : in.packages()) {
            ArrayNode on = deps.addObject().put("ref", refs.get(p)).putArray("dependsOn");
            in.dependenciesOf(p).forEach(d -> on.add(refs.get(d)));
        }
        bom.set("dependencies", deps);
        return (Json.pretty(bom) + "\n").getBytes(StandardCharsets.UTF_8);
    }
}
