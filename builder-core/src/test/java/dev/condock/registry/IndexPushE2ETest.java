package dev.condock.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.condock.image.ImageBlobs;
import dev.condock.image.ImageIndex;
import dev.condock.model.Platform;
import dev.condock.registry.LocalRegistry.Mode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A multi-platform build's index pushed: every image by digest first, the index under the tag last. */
@Tag("e2e")
class IndexPushE2ETest {
    @BeforeAll
    static void registry() throws Exception {
        assumeTrue(LocalRegistry.available(), "docker-registry not installed");
        LocalRegistry.start(Mode.HTTP);
    }

    @Test
    void pushedIndexResolvesPerPlatform() throws Exception {
        ImageBlobs amd = RegistryE2ETest.smallImage("amd64-image");
        ImageBlobs arm = RegistryE2ETest.smallImage("arm64-image");
        ImageIndex index = ImageIndex.assemble(
                List.of(
                        new ImageIndex.PlatformImage(Platform.LINUX_64, amd),
                        new ImageIndex.PlatformImage(Platform.of("linux-aarch64"), arm)),
                Map.of());
        JibRegistry registry = new JibRegistry(RegistryE2ETest.options(Mode.HTTP));
        ImageReference tag = ImageReference.parse(Mode.HTTP.host() + "/e2e/pushed-index:multi");
        List<PushResult> pushed = registry.pushIndex(tag, index, PushListener.NONE);
        assertEquals(
                List.of(amd.manifest().digest(), arm.manifest().digest()),
                pushed.stream().map(PushResult::digest).toList());

        assertEquals(
                amd.manifest().digest(),
                registry.pull(tag, Platform.LINUX_64).manifest().digest());
        assertEquals(
                arm.manifest().digest(),
                registry.pull(tag, Platform.of("linux-aarch64")).manifest().digest());
        if (LocalRegistry.onPath("skopeo")) {
            List<String> cmd = new ArrayList<>(List.of("skopeo", "inspect", "--raw"));
            cmd.addAll(RegistryE2ETest.skopeoAccess(Mode.HTTP));
            cmd.add("docker://" + tag);
            String raw = LocalRegistry.run(Path.of("."), cmd.toArray(String[]::new));
            assertTrue(raw.contains("application/vnd.oci.image.index.v1+json"), raw);
            assertTrue(raw.contains("\"arm64\"") && raw.contains(arm.manifest().digest()), raw);
        }
    }
}
