package dev.condock.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.condock.image.Descriptor;
import dev.condock.image.ImageBlobs;
import dev.condock.image.ImageTarget;
import dev.condock.pipeline.BuildListener;
import dev.condock.pipeline.BuildRequest;
import dev.condock.pipeline.BuildResult;
import dev.condock.pipeline.Condock;
import dev.condock.provenance.Export;
import dev.condock.provenance.Images;
import dev.condock.provenance.ProvenanceFixtures;
import dev.condock.registry.LocalRegistry.Mode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The record read back from a registry image (Debian's docker-registry on loopback, TLS with our CA). */
@Tag("e2e")
class ProvenanceRegistryE2ETest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void registry() throws Exception {
        assumeTrue(LocalRegistry.available(), "docker-registry/openssl/htpasswd not installed");
        LocalRegistry.start(Mode.TLS);
    }

    @Test
    void exportFromTheRegistryGivesTheInputsByteForByte() throws Exception {
        Path spec = ProvenanceFixtures.spec(tmp.resolve("spec"), ProvenanceFixtures.channel(tmp));
        RegistryOptions opts = RegistryE2ETest.options(Mode.TLS);
        String ref = Mode.TLS.host() + "/provenance/train:1";
        BuildResult built = new Condock(BuildListener.SILENT)
                .build(BuildRequest.builder()
                        .spec(spec)
                        .cacheRoot(tmp.resolve("cache"))
                        .registry(opts)
                        .to(ref)
                        .lockOut(tmp.resolve("out.lock"))
                        .build());

        ImageBlobs remote = Images.read(ImageTarget.parse(ref), opts, null);
        assertEquals(built.digest(), remote.manifest().digest());
        Export.Result r = Export.export(remote, ref, tmp.resolve("exported"));
        assertEquals(built.digest(), r.digest());
        assertEquals(
                List.of("conda-lock.explicit.txt", "condock.yaml", "environment.yml", "sbom.spdx.json"),
                r.files().stream().map(p -> p.getFileName().toString()).toList());
        assertArrayEquals(
                Files.readAllBytes(spec.resolve("environment.yml")),
                Files.readAllBytes(tmp.resolve("exported/environment.yml")));
        assertArrayEquals(
                Files.readAllBytes(spec.resolve("condock.yaml")),
                Files.readAllBytes(tmp.resolve("exported/condock.yaml")));
        // the exported SBOM is the one the labels pin
        JsonNode labels = ProvenanceFixtures.labels(remote);
        assertEquals(
                dev.condock.util.Hashing.sha256Hex(tmp.resolve("exported/sbom.spdx.json")),
                labels.path("dev.condock.record.sbom.sha256").asText());
        // the SBOM is also an OCI 1.1 referrer of the image: Debian's docker-registry has no referrers API, so it
        // is found through the tag-schema fallback (sha256-<hex> holds an index of referrers)
        JibRegistry client = new JibRegistry(opts);
        ImageReference repoRef = ImageReference.parse(ref);
        List<JsonNode> refs = client.referrers(repoRef, built.digest());
        assertEquals(1, refs.size(), refs.toString());
        assertEquals("application/spdx+json", refs.get(0).path("artifactType").asText());
        JsonNode fallback = RegistryE2ETest.skopeoInspectRaw(
                Mode.TLS,
                Mode.TLS.host() + "/provenance/train:" + built.digest().replace(':', '-'));
        assertEquals(
                refs.get(0).path("digest").asText(),
                fallback.path("manifests").get(0).path("digest").asText());
        JsonNode artifact = RegistryE2ETest.skopeoInspectRaw(
                Mode.TLS,
                Mode.TLS.host() + "/provenance/train@"
                        + refs.get(0).path("digest").asText());
        assertEquals(built.digest(), artifact.path("subject").path("digest").asText());
        Descriptor sbomBlob = new Descriptor(
                "application/spdx+json",
                artifact.path("layers").get(0).path("digest").asText(),
                artifact.path("layers").get(0).path("size").asLong());
        try (java.io.InputStream in = client.blobSource(repoRef, sbomBlob).open()) {
            assertArrayEquals(Files.readAllBytes(tmp.resolve("exported/sbom.spdx.json")), in.readAllBytes());
        }
        // a second push of the same image keeps one entry per artifact in the fallback index
        new Condock(BuildListener.SILENT)
                .build(BuildRequest.builder()
                        .spec(spec)
                        .cacheRoot(tmp.resolve("cache"))
                        .registry(opts)
                        .to(ref)
                        .lockOut(tmp.resolve("out.lock"))
                        .build());
        assertEquals(1, client.referrers(repoRef, built.digest()).size());

        // rebuilt from the registry image's record alone, in a fresh cache: the same digest
        String rebuilt = new Condock(BuildListener.SILENT)
                .build(BuildRequest.builder()
                        .fromImage(ref)
                        .registry(opts)
                        .cacheRoot(tmp.resolve("cache-rebuild"))
                        .to(Mode.TLS.host() + "/provenance/rebuilt:1")
                        .build())
                .digest();
        assertEquals(built.digest(), rebuilt);

        // skopeo still reads the image as a plain image
        JsonNode sk = RegistryE2ETest.skopeoInspect(Mode.TLS, ref);
        assertEquals(built.digest(), sk.path("Digest").asText());
        assertTrue(sk.path("Labels").has("dev.condock.record.lock.sha256"), sk.toString());
    }
}
