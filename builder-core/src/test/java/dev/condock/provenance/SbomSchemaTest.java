package dev.condock.provenance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.packageurl.PackageURL;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.condock.model.PackageRecord;
import dev.condock.util.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Both SBOM formats against the official JSON schemas (../shared/schemas), purls through packageurl-java. */
class SbomSchemaTest {
    static final Path SCHEMAS = Path.of("../shared/schemas").toAbsolutePath().normalize();

    static SbomInput input() {
        List<SbomPackage> pkgs = new ArrayList<>();
        pkgs.add(SbomPackage.conda(PackageRecord.builder("python", "3.12.7", "hc5c86c4_0_cpython")
                .subdir("linux-64")
                .channel("https://conda.anaconda.org/conda-forge")
                .license("Python-2.0")
                .url("https://conda.anaconda.org/conda-forge/linux-64/python-3.12.7-hc5c86c4_0_cpython.conda")
                .sha256("a".repeat(64))
                .depends(List.of("libzlib >=1.3.1,<2.0a0", "__glibc >=2.17"))
                .build()));
        pkgs.add(SbomPackage.conda(PackageRecord.builder("libzlib", "1.3.1", "hb9d3cd8_2")
                .subdir("linux-64")
                .url("https://user:pw@conda.example.com/t/tok/main/linux-64/libzlib-1.3.1-hb9d3cd8_2.tar.bz2")
                .license("Zlib AND free text")
                .build()));
        pkgs.add(SbomPackage.conda(PackageRecord.builder("pytorch", "2.5.1", "cuda12_py312_1!x")
                .subdir("noarch")
                .channel("pytorch")
                .license("BSD-3-Clause")
                .depends(List.of("python >=3.12"))
                .build()));
        pkgs.add(SbomPackage.pypi("Torch_Metrics", "1.4.0", null, "b".repeat(64), "Apache-2.0", List.of("torch")));
        return new SbomInput(
                "condock image /opt/conda linux-64",
                1700000000,
                pkgs,
                "registry.example.com/base:1",
                "sha256:" + "c".repeat(64));
    }

    private static Set<ValidationMessage> validate(Path schema, byte[] doc, String idPrefix) throws Exception {
        JsonSchemaFactory f = JsonSchemaFactory.getInstance(
                SpecVersion.VersionFlag.V7,
                b -> b.schemaMappers(
                        m -> m.mapPrefix(idPrefix, schema.getParent().toUri().toString())));
        JsonSchema s = f.getSchema(schema.toUri());
        return s.validate(Json.CANONICAL.readTree(doc));
    }

    @Test
    void spdxValidatesAgainstTheSpdx23Schema() throws Exception {
        byte[] doc = input().write(SbomFormat.SPDX);
        Set<ValidationMessage> errors =
                validate(SCHEMAS.resolve("spdx-2.3/spdx-schema.json"), doc, "http://spdx.org/rdf/terms/");
        assertTrue(errors.isEmpty(), errors.toString());
        // the schema can fail: a document without its packages' required fields does
        JsonNode broken = Json.CANONICAL.readTree(doc);
        ((com.fasterxml.jackson.databind.node.ObjectNode)
                        broken.path("packages").get(1))
                .remove("name");
        assertFalse(validate(
                        SCHEMAS.resolve("spdx-2.3/spdx-schema.json"),
                        Json.canonicalBytes(broken),
                        "http://spdx.org/rdf/terms/")
                .isEmpty());
        JsonNode n = Json.CANONICAL.readTree(doc);
        assertEquals(
                "1970-01-01T00:00:00Z".length(),
                n.path("creationInfo").path("created").asText().length());
        assertEquals(
                "2023-11-14T22:13:20Z", n.path("creationInfo").path("created").asText());
        String text = new String(doc, java.nio.charset.StandardCharsets.UTF_8);
        assertFalse(text.contains("pw@") || text.contains("/t/tok/"), "credentials in the SBOM");
        assertTrue(text.contains("\"relationshipType\" : \"DEPENDS_ON\""), text);
    }

    @Test
    void cycloneDxValidatesAgainstTheCycloneDx16Schema() throws Exception {
        byte[] doc = input().write(SbomFormat.CYCLONEDX);
        Set<ValidationMessage> errors =
                validate(SCHEMAS.resolve("cyclonedx-1.6/bom-1.6.schema.json"), doc, "http://cyclonedx.org/schema/");
        assertTrue(errors.isEmpty(), errors.toString());
        JsonNode n = Json.CANONICAL.readTree(doc);
        ((com.fasterxml.jackson.databind.node.ObjectNode) n).put("specVersion", 16);
        assertFalse(validate(
                        SCHEMAS.resolve("cyclonedx-1.6/bom-1.6.schema.json"),
                        Json.canonicalBytes(n),
                        "http://cyclonedx.org/schema/")
                .isEmpty());
        // python depends on libzlib (matched by name); pytorch on python
        JsonNode deps = Json.CANONICAL.readTree(doc).path("dependencies");
        String py = "pkg:conda/conda-forge/python@3.12.7?build=hc5c86c4_0_cpython&subdir=linux-64&type=conda";
        boolean found = false;
        for (JsonNode d : deps) {
            if (d.path("ref").asText().equals(py)) {
                assertEquals(1, d.path("dependsOn").size(), d.toString());
                assertTrue(d.path("dependsOn").get(0).asText().startsWith("pkg:conda/main/libzlib@1.3.1"));
                found = true;
            }
        }
        assertTrue(found, deps.toString());
    }

    @Test
    void purlsParseAndCarryChannelBuildSubdirAndType() throws Exception {
        List<String> purls = input().packages().stream().map(SbomPackage::purl).toList();
        assertEquals(4, purls.size());
        for (String p : purls) {
            PackageURL u = new PackageURL(p);
            assertEquals(p, u.canonicalize(), "canonical form");
        }
        PackageURL z = new PackageURL(
                purls.stream().filter(p -> p.contains("libzlib")).findFirst().orElseThrow());
        assertEquals("main", z.getNamespace());
        assertEquals("tar.bz2", z.getQualifiers().get("type"));
        PackageURL t = new PackageURL(
                purls.stream().filter(p -> p.contains("pytorch")).findFirst().orElseThrow());
        assertEquals("cuda12_py312_1!x", t.getQualifiers().get("build"));
        assertEquals("pytorch", t.getNamespace());
        PackageURL pip = new PackageURL(
                purls.stream().filter(p -> p.startsWith("pkg:pypi")).findFirst().orElseThrow());
        assertEquals("torch-metrics", pip.getName());
        assertEquals("1.4.0", pip.getVersion());
    }

    @Test
    void deterministic() {
        assertArrayEquals(input().write(SbomFormat.SPDX), input().write(SbomFormat.SPDX));
        assertArrayEquals(input().write(SbomFormat.CYCLONEDX), input().write(SbomFormat.CYCLONEDX));
    }
}
