package dev.condock.registry;

import com.fasterxml.jackson.databind.JsonNode;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
        BuildResult built = new Condock(BuildListener.SILENT).build(BuildRequest.builder().spec(spec)
                .cacheRoot(tmp.resolve("cache")).registry(opts).to(ref).lockOut(tmp.resolve("out.lock")).build());

        ImageBlobs remote = Images.read(ImageTarget.parse(ref), opts, null);
        assertEquals(built.digest(), remote.manifest().digest());
        Export.Result r = Export.export(remote, ref, tmp.resolve("exported"));
        assertEquals(built.digest(), r.digest());
        assertEquals(List.of("conda-lock.yml", "condock.yaml", "environment.yml", "sbom.spdx.json"),
                r.files().stream().map(p -> p.getFileName().toString()).toList());
        assertArrayEquals(Files.readAllBytes(spec.resolve("environment.yml")),
                Files.readAllBytes(tmp.resolve("exported/environment.yml")));
        assertArrayEquals(Files.readAllBytes(spec.resolve("condock.yaml")),
                Files.readAllBytes(tmp.resolve("exported/condock.yaml")));
        // the exported SBOM is the one the labels pin
        JsonNode labels = ProvenanceFixtures.labels(remote);
        assertEquals(dev.condock.util.Hashing.sha256Hex(tmp.resolve("exported/sbom.spdx.json")),
                labels.path("dev.condock.record.sbom.sha256").asText());
        // skopeo still reads the image as a plain image
        JsonNode sk = RegistryE2ETest.skopeoInspect(Mode.TLS, ref);
        assertEquals(built.digest(), sk.path("Digest").asText());
        assertTrue(sk.path("Labels").has("dev.condock.record.lock.sha256"), sk.toString());
    }
}
