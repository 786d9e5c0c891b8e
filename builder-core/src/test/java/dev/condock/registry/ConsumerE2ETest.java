package dev.condock.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.condock.image.ConfigBuilder;
import dev.condock.image.Descriptor;
import dev.condock.image.ImageBlobs;
import dev.condock.image.Manifests;
import dev.condock.model.Platform;
import dev.condock.registry.LocalRegistry.Mode;
import dev.condock.testkit.Scratch;
import dev.condock.util.Hashing;
import dev.condock.util.Json;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A busybox-static base pushed, an image built on it from the registry (base layers reused by digest, never
 * downloaded) pushed over TLS + basic auth, then pulled and run by the real consumers. A consumer that refuses
 * the image fails the test.
 */
@Tag("e2e")
class ConsumerE2ETest {
    static final String MARKER = "condock-env-ok";

    @BeforeAll
    static void setUp() throws Exception {
        assumeTrue(
                LocalRegistry.available() && Consumers.available(),
                "registry or consumer tools not installed (or not root)");
        LocalRegistry.start(Mode.TLS_AUTH);
        LocalRegistry.start(Mode.HTTP);
    }

    /** Pushes a busybox base, then an image on it taken from the registry; returns the image reference. */
    static ImageReference pushImageOnRegistryBase(Mode mode, String repo) throws Exception {
        JibRegistry registry = new JibRegistry(RegistryE2ETest.options(mode));
        ImageReference baseRef = ImageReference.parse(mode.host() + "/e2e/busybox:1");
        TestImages.Layer baseLayer = TestImages.layer(TestImages.busyboxBase());
        registry.push(
                baseRef, TestImages.image(List.of(baseLayer), List.of(), null, List.of("/bin/sh")), PushListener.NONE);

        RemoteImage base = registry.pull(baseRef, Platform.LINUX_64);
        TestImages.Layer env = TestImages.layer(
                new TestImages.LayerSpec().file("opt/conda/envs/e2e/bin/hello", "#!/bin/sh\necho " + MARKER + "\n"));
        byte[] config = ConfigBuilder.build(
                base.configBytes(),
                Platform.LINUX_64,
                "/opt/conda/envs/e2e",
                0,
                List.of(new ConfigBuilder.AddedLayer(env.diffId(), "condock e2e env", null)),
                Map.of("org.example.app", "e2e"));
        List<ImageBlobs.Layer> layers = new ArrayList<>(base.reusedLayers(registry));
        layers.add(new ImageBlobs.Layer(env.descriptor(), () -> new ByteArrayInputStream(env.blob()), null));
        ImageBlobs image = Manifests.assemble(
                new Descriptor(Descriptor.OCI_CONFIG, "sha256:" + Hashing.sha256Hex(config), config.length),
                config,
                layers,
                Map.of());
        ImageReference ref = ImageReference.parse(mode.host() + "/" + repo + ":1");
        PushResult r = registry.push(ref, image, PushListener.NONE);
        assertEquals(1, r.mounted(), "the base layer is mounted from e2e/busybox, not uploaded");
        assertEquals(1, r.pushed());
        return ref;
    }

    @Test
    void skopeoUmociContainerdAndPodmanRunTheImage() throws Exception {
        Path dir = Scratch.dir("condock-consumers");
        ImageReference ref = pushImageOnRegistryBase(Mode.TLS_AUTH, "e2e/app");
        String creds = LocalRegistry.USER + ":" + LocalRegistry.PASSWORD;
        try (Consumers c = new Consumers(dir)) {
            Tool.Result inspect =
                    c.skopeo("inspect", "--cert-dir=" + LocalRegistry.certDir(), "--creds=" + creds, "docker://" + ref);
            assertEquals(0, inspect.exit(), inspect.output());
            JsonNode json = Json.CANONICAL.readTree(inspect.output());
            assertEquals(2, json.get("Layers").size());
            assertEquals("e2e", json.at("/Labels/org.example.app").asText());
            assertEquals("1", json.at("/Labels/org.example.e2e").asText(), "the base's labels are carried over");

            Tool.Result chroot = c.umociChroot(Mode.TLS_AUTH, ref.toString(), "/opt/conda/envs/e2e/bin/hello");
            assertEquals(0, chroot.exit(), chroot.output());
            assertTrue(chroot.output().contains(MARKER), chroot.output());

            c.startContainerd();
            Tool.Result pull = c.ctr("image", "pull", "--hosts-dir", c.hostsDir(), "--user", creds, ref.toString());
            assertEquals(0, pull.exit(), pull.output());
            Tool.Result run = c.ctr("run", "--rm", ref.toString(), "condock-e2e", "hello");
            assertEquals(0, run.exit(), run.output());
            assertTrue(run.output().contains(MARKER), run.output());

            Tool.Result ppull = c.podman(
                    "pull", "-q", "--cert-dir", LocalRegistry.certDir().toString(), "--creds", creds, ref.toString());
            assertEquals(0, ppull.exit(), ppull.output());
            Tool.Result prun = c.podman("run", "--rm", "--network=none", ref.toString(), "hello");
            assertEquals(0, prun.exit(), prun.output());
            assertTrue(prun.output().contains(MARKER), prun.output());
        }
    }
}
