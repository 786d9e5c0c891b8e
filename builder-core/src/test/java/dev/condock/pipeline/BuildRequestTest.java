package dev.condock.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.condock.image.OciTarget;
import dev.condock.layer.Compression;
import dev.condock.model.Platform;
import dev.condock.util.CondockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The request's one place for precedence (flags over spec over defaults), validation and output naming. */
class BuildRequestTest {
    @TempDir
    Path tmp;

    private Path spec() throws Exception {
        Files.writeString(tmp.resolve("environment.yml"), "channels: [conda-forge]\ndependencies: [python]\n");
        Files.writeString(tmp.resolve("locks.txt"), "@EXPLICIT\n");
        Files.writeString(
                tmp.resolve("condock.yaml"),
                String.join(
                        "\n",
                        "environment: environment.yml",
                        "prefix: /srv/env",
                        "platforms: [linux-64, linux-aarch64]",
                        "env: {A: spec, B: spec}",
                        "labels: {team: ml}",
                        "virtual_packages: {__cuda: \"12.4\"}",
                        "layers: {compression: zstd, max: 40}",
                        "tags: [oci:out/img:1]",
                        ""));
        return tmp;
    }

    @Test
    void specGivesDefaultsAndEverySetterOverridesItWhateverTheOrder() throws Exception {
        BuildRequest fromSpec = BuildRequest.builder().spec(spec()).build();
        assertEquals("/srv/env", fromSpec.prefix());
        assertEquals(List.of(Platform.LINUX_64, Platform.of("linux-aarch64")), fromSpec.platforms());
        assertEquals(Compression.ZSTD, fromSpec.compression());
        assertEquals(40, fromSpec.layers().maxLayers());
        assertEquals(Map.of("team", "ml"), fromSpec.labels());
        assertEquals(Map.of("__cuda", "12.4"), fromSpec.virtualPackages());
        assertInstanceOf(BuildRequest.FromEnvironment.class, fromSpec.source());
        assertInstanceOf(OciTarget.class, fromSpec.targets().get(0));
        assertNull(fromSpec.base());

        BuildRequest flags = BuildRequest.builder()
                .prefix("/opt/x")
                .platform("linux-aarch64")
                .compression("gzip")
                .maxLayers(20)
                .env(Map.of("B", "flag"))
                .virtualPackage("__cuda", "")
                .to("oci:elsewhere")
                .lock(tmp.resolve("locks.txt"))
                .spec(spec())
                .build();
        assertEquals("/opt/x", flags.prefix());
        assertEquals(List.of(Platform.of("linux-aarch64")), flags.platforms());
        assertEquals(Compression.GZIP, flags.compression());
        assertEquals(20, flags.layers().maxLayers());
        assertEquals(Map.of("A", "spec", "B", "flag"), flags.config().env());
        assertEquals(Map.of("__cuda", ""), flags.virtualPackages());
        assertEquals("oci:elsewhere", flags.targets().get(0).toString());
        assertInstanceOf(BuildRequest.FromLock.class, flags.source(), "--lock wins over the spec's environment");
    }

    @Test
    void badValuesAreUserErrorsNamingTheirSource() throws Exception {
        CondockException nothing = assertThrows(
                CondockException.class, () -> BuildRequest.builder().build());
        assertTrue(nothing.getMessage().startsWith("nothing to build"), nothing.getMessage());
        Path lock = Files.writeString(tmp.resolve("l.txt"), "@EXPLICIT\n");
        CondockException prefix = assertThrows(
                CondockException.class,
                () -> BuildRequest.builder().lock(lock).prefix("opt/conda").build());
        assertTrue(prefix.getMessage().startsWith("--prefix must be an absolute path"), prefix.getMessage());
        Files.writeString(tmp.resolve("condock.yaml"), "lock: l.txt\nprefix: relative\n");
        CondockException specPrefix = assertThrows(
                CondockException.class, () -> BuildRequest.builder().spec(tmp).build());
        assertTrue(specPrefix.getMessage().contains("condock.yaml: prefix must be"), specPrefix.getMessage());
        CondockException threads = assertThrows(
                CondockException.class,
                () -> BuildRequest.builder().lock(lock).threads(0).build());
        assertEquals(2, threads.exitCode());
        CondockException platform = assertThrows(
                CondockException.class,
                () -> BuildRequest.builder().lock(lock).platform("linux-65").build());
        assertTrue(platform.getMessage().contains("unknown platform 'linux-65'"), platform.getMessage());
        CondockException both = assertThrows(
                CondockException.class,
                () -> BuildRequest.builder().lock(lock).environment(lock).build());
        assertEquals(2, both.exitCode());
    }

    @Test
    void lockOutputIsBesideTheDigestFileElseTheEnvironmentAndPerPlatformWhenSeveral() throws Exception {
        BuildRequest r = BuildRequest.builder().spec(spec()).build();
        Path env = tmp.resolve("environment.yml").toAbsolutePath();
        assertEquals(env.resolveSibling("conda-lock.explicit.txt"), r.lockOutFor(Platform.LINUX_64, 1));
        assertEquals(
                env.resolveSibling("conda-lock.explicit.txt.linux-aarch64"),
                r.lockOutFor(Platform.of("linux-aarch64"), 2));
        Path digest = tmp.resolve("out/digest");
        BuildRequest d = BuildRequest.builder().spec(spec()).digestFile(digest).build();
        assertEquals(
                digest.toAbsolutePath().resolveSibling("conda-lock.explicit.txt"), d.lockOutFor(Platform.LINUX_64, 1));
        BuildRequest o = BuildRequest.builder()
                .spec(spec())
                .lockOut(tmp.resolve("my.lock"))
                .build();
        assertEquals(tmp.resolve("my.lock"), o.lockOutFor(Platform.LINUX_64, 1));
    }

    @Test
    void aLockPathMayNameThePlatform() throws Exception {
        BuildRequest r =
                BuildRequest.builder().lock(Path.of("locks/{platform}.txt")).build();
        BuildRequest.FromLock l = (BuildRequest.FromLock) r.source();
        assertEquals(Path.of("locks/linux-aarch64.txt"), l.pathFor(Platform.of("linux-aarch64")));
    }

    @Test
    void buildNeedsATargetButPlanDoesNot() throws Exception {
        Path lock = Files.writeString(tmp.resolve("l.txt"), "@EXPLICIT\n");
        BuildRequest r =
                BuildRequest.builder().lock(lock).cacheRoot(tmp.resolve("c")).build();
        CondockException e = assertThrows(CondockException.class, () -> new Condock(BuildListener.SILENT).build(r));
        assertTrue(e.getMessage().startsWith("no target"), e.getMessage());
        assertEquals(
                0,
                new Condock(BuildListener.SILENT)
                        .plan(r).get(Platform.LINUX_64).layers().stream()
                                .filter(l -> !l.packages().isEmpty())
                                .count(),
                "an empty lock plans no package layer");
    }
}
