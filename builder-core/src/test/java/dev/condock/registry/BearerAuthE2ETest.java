package dev.condock.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.condock.image.ImageBlobs;
import dev.condock.model.Platform;
import dev.condock.registry.LocalRegistry.Mode;
import dev.condock.util.CondockException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Bearer-token auth as Docker Hub, GHCR and Harbor do it: token with push+pull scope, and pull scope to mount. */
@Tag("e2e")
class BearerAuthE2ETest {
    static TokenServer tokens;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(LocalRegistry.available(), "docker-registry not installed");
        tokens = new TokenServer(LocalRegistry.caKey(), LocalRegistry.caFile());
        LocalRegistry.start(Mode.TOKEN);
    }

    @AfterAll
    static void stop() {
        LocalRegistry.stop(Mode.TOKEN);
        if (tokens != null) {
            tokens.close();
        }
    }

    @Test
    void pushMountAndPullWithBearerTokens() throws Exception {
        JibRegistry registry = new JibRegistry(RegistryE2ETest.options(Mode.TOKEN));
        TestImages.Layer base = TestImages.layer(TestImages.busyboxBase());
        TestImages.Layer app = TestImages.layer(new TestImages.LayerSpec().file("opt/app/bin/x", "#!/bin/sh\n"));
        ImageReference baseRef = ImageReference.parse(Mode.TOKEN.host() + "/e2e/tok-base:1");
        registry.push(baseRef, TestImages.image(List.of(base), List.of(), null, List.of("/bin/sh")), PushListener.NONE);

        ImageBlobs onBase = TestImages.image(List.of(app), List.of(base), baseRef.repositoryName(), List.of("/bin/sh"));
        ImageReference appRef = ImageReference.parse(Mode.TOKEN.host() + "/e2e/tok-app:1");
        PushResult r = registry.push(appRef, onBase, PushListener.NONE);
        assertEquals(1, r.mounted(), "mounted with a token that also grants pull on the base repository");
        assertTrue(tokens.scopesRequested.contains("repository:e2e/tok-base:pull"), tokens.scopesRequested.toString());

        RemoteImage pulled = registry.pull(appRef, Platform.LINUX_64);
        assertEquals(onBase.manifest().digest(), pulled.manifest().digest());
    }

    @Test
    void publicBaseIsReadAnonymouslyWhenTheCredentialIsRefused() throws Exception {
        // CI credentials for the target registry are refused by the base's registry (Docker Hub with someone
        // else's password): the public base is still read, and its layer streamed, anonymously.
        TestImages.Layer base = TestImages.layer(TestImages.random("pub.bin", 200_000, 5));
        ImageReference baseRef = ImageReference.parse(Mode.TOKEN.host() + "/e2e/tok-public:1");
        new JibRegistry(RegistryE2ETest.options(Mode.TOKEN))
                .push(baseRef, TestImages.image(List.of(base), List.of(), null, List.of("/bin/sh")), PushListener.NONE);
        LocalRegistry.start(Mode.HTTP);
        JibRegistry other = new JibRegistry(RegistryE2ETest.options(Mode.TOKEN, "Someone-Elses-Pw-1")
                .withInsecure(java.util.Set.of(Mode.TOKEN.host(), Mode.HTTP.host())));
        RemoteImage pulled = other.pull(baseRef, Platform.LINUX_64);
        ImageBlobs onBase = TestImages.image(List.of(), List.of(base), baseRef.repositoryName(), List.of("/bin/sh"));
        ImageBlobs built = new ImageBlobs(
                onBase.manifest(),
                onBase.manifestBytes(),
                onBase.config(),
                onBase.configBytes(),
                pulled.reusedLayers(other));
        PushResult r =
                other.push(ImageReference.parse(Mode.HTTP.host() + "/e2e/from-public:1"), built, PushListener.NONE);
        assertEquals(1, r.pushed());
        assertEquals(base.blob().length + onBase.configBytes().length, r.bytesUploaded());
    }

    @Test
    void wrongPasswordAtTheTokenServerIsAccessDenied() throws Exception {
        String wrong = "Bad-Token-Pw-4417";
        CondockException e = assertThrows(
                CondockException.class,
                () -> new JibRegistry(RegistryE2ETest.options(Mode.TOKEN, wrong))
                        .push(
                                ImageReference.parse(Mode.TOKEN.host() + "/e2e/tok-x:1"),
                                RegistryE2ETest.smallImage("t"),
                                PushListener.NONE));
        assertEquals(CondockException.ENVIRONMENT_ERROR, e.exitCode());
        assertTrue(e.getMessage().contains("access denied") || e.getMessage().contains("denied"), e.getMessage());
        RegistryE2ETest.assertNoSecret(e, wrong);
    }
}
