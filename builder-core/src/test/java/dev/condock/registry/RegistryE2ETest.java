package dev.condock.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.condock.image.ImageBlobs;
import dev.condock.model.Platform;
import dev.condock.registry.LocalRegistry.Mode;
import dev.condock.testkit.Scratch;
import dev.condock.util.CondockException;
import dev.condock.util.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Pushes and pulls through {@link JibRegistry} against real distribution registries on loopback in all four
 * modes, checked with skopeo; counts uploads, mounts, and the failures users meet.
 */
@Tag("e2e")
class RegistryE2ETest {
    static final dev.condock.util.Retry.Policy FAST =
            new dev.condock.util.Retry.Policy(Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(3));

    @BeforeAll
    static void registries() throws Exception {
        assumeTrue(LocalRegistry.available(), "docker-registry/openssl/htpasswd not installed");
        for (Mode m : List.of(Mode.HTTP, Mode.TLS, Mode.TLS_AUTH, Mode.HTTP_AUTH)) {
            LocalRegistry.start(m);
        }
    }

    /** Options that reach {@code mode} the way a user would: CA for TLS, --insecure-registry for http, creds. */
    static RegistryOptions options(Mode mode, String password) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", "/nonexistent-condock-home");
        if (mode.auth) {
            env.put(Credentials.USER, LocalRegistry.USER);
            env.put(Credentials.PASSWORD, password);
        }
        RegistryOptions o = RegistryOptions.defaults().withEnvironment(env).withRetry(FAST);
        return mode.tls ? o.withCaFiles(List.of(LocalRegistry.caFile())) : o.withInsecure(Set.of(mode.host()));
    }

    static RegistryOptions options(Mode mode) throws Exception {
        return options(mode, LocalRegistry.PASSWORD);
    }

    static List<String> skopeoAccess(Mode mode) throws Exception {
        List<String> a = new ArrayList<>();
        a.add(mode.tls ? "--cert-dir=" + LocalRegistry.certDir() : "--tls-verify=false");
        if (mode.auth) {
            a.add("--creds=" + LocalRegistry.USER + ":" + LocalRegistry.PASSWORD);
        }
        return a;
    }

    static JsonNode skopeoInspect(Mode mode, String ref) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("skopeo", "inspect"));
        cmd.addAll(skopeoAccess(mode));
        cmd.add("docker://" + ref);
        Tool.Result r = Tool.run(Path.of("."), Map.of(), 60, cmd.toArray(String[]::new));
        assertEquals(0, r.exit(), "skopeo inspect " + ref + ": " + r.output());
        return Json.CANONICAL.readTree(r.output());
    }

    /** The manifest or index at {@code ref} as the registry stores it (skopeo inspect --raw). */
    static JsonNode skopeoInspectRaw(Mode mode, String ref) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("skopeo", "inspect", "--raw"));
        cmd.addAll(skopeoAccess(mode));
        cmd.add("docker://" + ref);
        Tool.Result r = Tool.run(Path.of("."), Map.of(), 60, cmd.toArray(String[]::new));
        assertEquals(0, r.exit(), "skopeo inspect --raw " + ref + ": " + r.output());
        return Json.CANONICAL.readTree(r.output());
    }

    static ImageBlobs smallImage(String marker) throws Exception {
        TestImages.Layer base = TestImages.layer(TestImages.busyboxBase());
        TestImages.Layer app = TestImages.layer(
                new TestImages.LayerSpec().file("opt/conda/envs/e2e/bin/hello", "#!/bin/sh\necho " + marker + "\n"));
        return TestImages.image(List.of(base, app), List.of(), null, List.of("/bin/sh"));
    }

    @Test
    void pushAndPullInAllFourModesVerifiedBySkopeo() throws Exception {
        assumeTrue(LocalRegistry.onPath("skopeo"));
        ImageBlobs image = smallImage("four-modes");
        for (Mode mode : List.of(Mode.HTTP, Mode.TLS, Mode.TLS_AUTH, Mode.HTTP_AUTH)) {
            JibRegistry registry = new JibRegistry(options(mode));
            ImageReference ref = ImageReference.parse(mode.host() + "/e2e/modes:v1");
            PushResult result = registry.push(ref, image, PushListener.NONE);
            assertEquals(image.manifest().digest(), result.digest(), mode.name());
            assertEquals(2, result.pushed() + result.skipped(), mode.name());

            JsonNode inspected = skopeoInspect(mode, ref.toString());
            assertEquals(image.manifest().digest(), inspected.get("Digest").asText(), mode.name());
            assertEquals(2, inspected.get("Layers").size(), mode.name());
            assertEquals("1", inspected.at("/Labels/org.example.e2e").asText(), mode.name());

            RemoteImage pulled = registry.pull(ref, Platform.LINUX_64);
            assertEquals(image.manifest().digest(), pulled.manifest().digest(), mode.name());
            assertArrayEquals(image.configBytes(), pulled.configBytes(), mode.name());
            assertEquals(
                    image.layers().stream().map(l -> l.descriptor().digest()).toList(),
                    pulled.layers().stream().map(d -> d.digest()).toList(),
                    mode.name());
            assertEquals(
                    image.layers().get(0).descriptor().mediaType(),
                    pulled.layers().get(0).mediaType());
        }
    }

    @Test
    void secondPushUploadsZeroBytes() throws Exception {
        TestImages.Layer big = TestImages.layer(TestImages.random("data/blob.bin", 2 << 20, 7));
        ImageBlobs image = TestImages.image(List.of(big), List.of(), null, List.of("/bin/sh"));
        JibRegistry registry = new JibRegistry(options(Mode.TLS));
        ImageReference ref = ImageReference.parse(Mode.TLS.host() + "/e2e/again:v1");
        PushResult first = registry.push(ref, image, PushListener.NONE);
        assertEquals(1, first.pushed());
        assertEquals(big.blob().length + image.configBytes().length, first.bytesUploaded());
        PushResult second = registry.push(ref, image, PushListener.NONE);
        assertEquals(first.digest(), second.digest());
        assertEquals(0, second.bytesUploaded());
        assertEquals(0, second.pushed());
        assertEquals(1, second.skipped());
    }

    @Test
    void baseLayersAreMountedFromTheBaseRepositoryOfTheSameRegistry() throws Exception {
        TestImages.Layer base = TestImages.layer(TestImages.busyboxBase());
        TestImages.Layer app = TestImages.layer(new TestImages.LayerSpec().file("opt/app/bin/x", "#!/bin/sh\n"));
        for (Mode mode : List.of(Mode.HTTP, Mode.TLS_AUTH)) {
            JibRegistry registry = new JibRegistry(options(mode));
            ImageReference baseRef = ImageReference.parse(mode.host() + "/e2e/mount-base:1");
            registry.push(
                    baseRef, TestImages.image(List.of(base), List.of(), null, List.of("/bin/sh")), PushListener.NONE);

            // The base's layer is not held locally: only its descriptor and the repository it lives in.
            ImageBlobs onBase =
                    TestImages.image(List.of(app), List.of(base), baseRef.repositoryName(), List.of("/bin/sh"));
            PushResult r =
                    registry.push(ImageReference.parse(mode.host() + "/e2e/mount-app:1"), onBase, PushListener.NONE);
            assertEquals(1, r.mounted(), mode.name());
            assertEquals(1, r.pushed(), mode.name());
            assertEquals(app.blob().length + onBase.configBytes().length, r.bytesUploaded(), mode.name());
        }
    }

    @Test
    void baseOnAnotherRegistryIsStreamedAcross() throws Exception {
        TestImages.Layer base = TestImages.layer(TestImages.random("base.bin", 300_000, 3));
        JibRegistry tls = new JibRegistry(options(Mode.TLS).withInsecure(Set.of(Mode.HTTP.host())));
        ImageReference baseRef = ImageReference.parse(Mode.TLS.host() + "/e2e/cross-base:1");
        tls.push(baseRef, TestImages.image(List.of(base), List.of(), null, List.of("/bin/sh")), PushListener.NONE);
        ImageBlobs onBase = TestImages.image(List.of(), List.of(base), baseRef.repositoryName(), List.of("/bin/sh"));
        PushResult r = tls.push(ImageReference.parse(Mode.HTTP.host() + "/e2e/cross-app:1"), onBase, PushListener.NONE);
        assertEquals(1, r.pushed());
        assertEquals(base.blob().length + onBase.configBytes().length, r.bytesUploaded());
    }

    @Test
    void dockerConfigJsonAuthsAreUsed() throws Exception {
        Path home = Scratch.dir("condock-dockercfg");
        Files.createDirectories(home.resolve(".docker"));
        String auth =
                Base64.getEncoder().encodeToString((LocalRegistry.USER + ":" + LocalRegistry.PASSWORD).getBytes());
        Files.writeString(
                home.resolve(".docker/config.json"),
                "{\"auths\": {\"" + Mode.TLS_AUTH.host() + "\": {\"auth\": \"" + auth + "\"}}}");
        RegistryOptions o = RegistryOptions.defaults()
                .withEnvironment(Map.of("HOME", home.toString()))
                .withCaFiles(List.of(LocalRegistry.caFile()))
                .withRetry(FAST);
        PushResult r = new JibRegistry(o)
                .push(ImageReference.parse(Mode.TLS_AUTH.host() + "/e2e/cfg:1"), smallImage("cfg"), PushListener.NONE);
        assertTrue(r.digest().startsWith("sha256:"));
    }

    @Test
    void wrongPasswordIsOneClearLineWithoutTheSecret() throws Exception {
        String wrong = "Not-The-Pw-9931";
        for (Mode mode : List.of(Mode.TLS_AUTH, Mode.HTTP_AUTH)) {
            CondockException e = assertThrows(
                    CondockException.class,
                    () -> new JibRegistry(options(mode, wrong))
                            .push(
                                    ImageReference.parse(mode.host() + "/e2e/denied:1"),
                                    smallImage("x"),
                                    PushListener.NONE));
            assertEquals(CondockException.ENVIRONMENT_ERROR, e.exitCode());
            assertTrue(
                    e.getMessage().contains("access denied")
                            && e.getMessage().contains(mode.host())
                            && e.getMessage().contains("e2e/denied"),
                    e.getMessage());
            assertNoSecret(e, wrong);
        }
    }

    @Test
    void tlsWithoutItsCaIsRefused() throws Exception {
        RegistryOptions noCa = options(Mode.TLS).withCaFiles(List.of());
        CondockException e = assertThrows(
                CondockException.class,
                () -> new JibRegistry(noCa)
                        .push(
                                ImageReference.parse(Mode.TLS.host() + "/e2e/noca:1"),
                                smallImage("x"),
                                PushListener.NONE));
        assertEquals(CondockException.ENVIRONMENT_ERROR, e.exitCode());
        assertTrue(e.getMessage().contains("not trusted") && e.getMessage().contains("--registry-ca"), e.getMessage());
    }

    @Test
    void plainHttpRegistryNeedsInsecureFlag() throws Exception {
        RegistryOptions secure = options(Mode.HTTP).withInsecure(Set.of());
        CondockException e = assertThrows(
                CondockException.class,
                () -> new JibRegistry(secure)
                        .push(
                                ImageReference.parse(Mode.HTTP.host() + "/e2e/plain:1"),
                                smallImage("x"),
                                PushListener.NONE));
        assertEquals(CondockException.ENVIRONMENT_ERROR, e.exitCode());
        assertTrue(e.getMessage().contains("--insecure-registry " + Mode.HTTP.host()), e.getMessage());
    }

    @Test
    void tlsRegistryNamedInsecureIsReachedWithoutItsCa() throws Exception {
        // Docker's meaning of an insecure registry: https unverified, else plain http. A TLS registry named so is
        // reached over unverified TLS (never downgraded to http while TLS answers), credentials included.
        RegistryOptions o = options(Mode.TLS_AUTH).withCaFiles(List.of()).withInsecure(Set.of(Mode.TLS_AUTH.host()));
        PushResult r = new JibRegistry(o)
                .push(
                        ImageReference.parse(Mode.TLS_AUTH.host() + "/e2e/insecure-tls:1"),
                        smallImage("y"),
                        PushListener.NONE);
        assertTrue(r.digest().startsWith("sha256:"));
    }

    @Test
    void baseWithoutCredentialsIsAccessDenied() throws Exception {
        JibRegistry withCreds = new JibRegistry(options(Mode.HTTP_AUTH));
        ImageReference ref = ImageReference.parse(Mode.HTTP_AUTH.host() + "/e2e/private-base:1");
        withCreds.push(ref, smallImage("private"), PushListener.NONE);
        RegistryOptions anonymous =
                options(Mode.HTTP_AUTH).withEnvironment(Map.of("HOME", "/nonexistent-condock-home"));
        CondockException e =
                assertThrows(CondockException.class, () -> new JibRegistry(anonymous).pull(ref, Platform.LINUX_64));
        assertEquals(CondockException.ENVIRONMENT_ERROR, e.exitCode());
        assertTrue(
                e.getMessage()
                        .contains("cannot read base image " + ref + ": access denied by registry "
                                + Mode.HTTP_AUTH.host() + ", repository e2e/private-base"),
                e.getMessage());
    }

    @Test
    void unknownBaseIsAUserError() throws Exception {
        JibRegistry registry = new JibRegistry(options(Mode.HTTP));
        CondockException e = assertThrows(
                CondockException.class,
                () -> registry.pull(ImageReference.parse(Mode.HTTP.host() + "/e2e/no-such-base:1"), Platform.LINUX_64));
        assertEquals(CondockException.USER_ERROR, e.exitCode());
        assertTrue(e.getMessage().contains("not found") && e.getMessage().contains("e2e/no-such-base"), e.getMessage());
    }

    @Test
    void registryDownMidPushFailsThenRetryAfterRestartGivesSameDigest() throws Exception {
        LocalRegistry.start(Mode.RESTARTABLE);
        try {
            TestImages.Layer big = TestImages.layer(TestImages.random("big.bin", 24 << 20, 11));
            ImageBlobs image = TestImages.image(List.of(big), List.of(), null, List.of("/bin/sh"));
            ImageReference ref = ImageReference.parse(Mode.RESTARTABLE.host() + "/e2e/down:1");
            JibRegistry registry = new JibRegistry(options(Mode.RESTARTABLE));
            AtomicBoolean stopped = new AtomicBoolean();
            List<String> retries = new java.util.concurrent.CopyOnWriteArrayList<>();
            PushListener killer = new PushListener() {
                @Override
                public void blobProgress(String digest, long bytes, long total) {
                    if (bytes > (1 << 20) && stopped.compareAndSet(false, true)) {
                        LocalRegistry.stop(Mode.RESTARTABLE);
                    }
                }

                @Override
                public void retrying(String what, int attempt, String reason) {
                    retries.add(what);
                }
            };
            CondockException e = assertThrows(CondockException.class, () -> registry.push(ref, image, killer));
            assertTrue(stopped.get());
            assertEquals(CondockException.ENVIRONMENT_ERROR, e.exitCode());
            assertTrue(e.getMessage().contains(Mode.RESTARTABLE.host()), e.getMessage());
            assertFalse(retries.isEmpty(), "transient failures are retried before giving up");

            LocalRegistry.start(Mode.RESTARTABLE);
            PushResult r = registry.push(ref, image, PushListener.NONE);
            assertEquals(image.manifest().digest(), r.digest());
            assertEquals(1, r.pushed());
        } finally {
            LocalRegistry.stop(Mode.RESTARTABLE);
        }
    }

    static void assertNoSecret(Throwable e, String secret) {
        StringWriter w = new StringWriter();
        e.printStackTrace(new PrintWriter(w));
        assertFalse(w.toString().contains(secret), "secret in error output");
        assertFalse(w.toString()
                .contains(Base64.getEncoder().encodeToString((LocalRegistry.USER + ":" + secret).getBytes())));
    }
}
