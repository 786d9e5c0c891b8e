package dev.condock.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.condock.image.Descriptor;
import dev.condock.image.ImageBlobs;
import dev.condock.model.Platform;
import dev.condock.registry.LocalRegistry.Mode;
import dev.condock.util.CondockException;
import dev.condock.util.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A base given as an OCI index or a Docker manifest list: the platform's image is chosen, others ignored. */
@Tag("e2e")
class IndexPullE2ETest {
    @BeforeAll
    static void registry() throws Exception {
        assumeTrue(LocalRegistry.available(), "docker-registry not installed");
        LocalRegistry.start(Mode.HTTP);
    }

    @Test
    void ociIndexAndDockerManifestListPickThePlatform() throws Exception {
        JibRegistry registry = new JibRegistry(RegistryE2ETest.options(Mode.HTTP));
        String repo = Mode.HTTP.host() + "/e2e/multi";
        for (String[] kind : new String[][] {
            {Descriptor.OCI_INDEX, Descriptor.OCI_MANIFEST},
            {Descriptor.DOCKER_MANIFEST_LIST, Descriptor.DOCKER_MANIFEST}
        }) {
            boolean docker = kind[1].equals(Descriptor.DOCKER_MANIFEST);
            ImageBlobs amd = RegistryE2ETest.smallImage("amd64");
            ImageBlobs arm = RegistryE2ETest.smallImage("arm64");
            if (docker) {
                amd = TestImages.asDockerV2(amd);
                arm = TestImages.asDockerV2(arm);
            }
            registry.push(ImageReference.parse(repo + "@" + amd.manifest().digest()), amd, PushListener.NONE);
            registry.push(ImageReference.parse(repo + "@" + arm.manifest().digest()), arm, PushListener.NONE);
            byte[] index = Json.canonicalBytes(Map.of(
                    "schemaVersion",
                    2,
                    "mediaType",
                    kind[0],
                    "manifests",
                    List.of(entry(arm, kind[1], "arm64"), entry(amd, kind[1], "amd64"))));
            ImageReference tag = ImageReference.parse(repo + ":" + (kind[0].contains("docker") ? "list" : "index"));
            registry.putManifest(tag, index, kind[0]);

            RemoteImage pulled = registry.pull(tag, Platform.LINUX_64);
            assertEquals(amd.manifest().digest(), pulled.manifest().digest());
            assertArrayEquals(amd.configBytes(), pulled.configBytes());
            assertEquals(kind[1], pulled.manifest().mediaType());
            assertEquals(
                    docker ? Descriptor.DOCKER_LAYER_GZIP : Descriptor.LAYER_GZIP,
                    pulled.layers().get(0).mediaType());
            RemoteImage pulledArm = registry.pull(tag, Platform.of("linux-aarch64"));
            assertEquals(arm.manifest().digest(), pulledArm.manifest().digest());
            CondockException e =
                    assertThrows(CondockException.class, () -> registry.pull(tag, Platform.of("linux-ppc64le")));
            assertEquals(CondockException.USER_ERROR, e.exitCode());
        }
    }

    private static Map<String, Object> entry(ImageBlobs image, String mediaType, String arch) {
        return Map.of(
                "mediaType",
                mediaType,
                "digest",
                image.manifest().digest(),
                "size",
                image.manifest().size(),
                "platform",
                Map.of("os", "linux", "architecture", arch));
    }
}
