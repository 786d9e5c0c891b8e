package dev.condock.solve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.condock.model.Platform;
import dev.condock.model.VirtualPackages;
import dev.condock.spec.EnvironmentSpec;
import dev.condock.util.CondockException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end over a local file channel that the test writes: channels, virtual packages, exclude-newer. */
class ResolverTest {
    @TempDir
    Path tmp;

    static String rec(String name, String version, String build, long ts, String... deps) {
        String d = java.util.Arrays.stream(deps).map(x -> "\"" + x + "\"").collect(Collectors.joining(","));
        return "\"" + name + "-" + version + "-" + build + ".conda\":{\"name\":\"" + name + "\",\"version\":\""
                + version
                + "\",\"build\":\"" + build + "\",\"build_number\":0,\"timestamp\":" + ts + ",\"md5\":\""
                + "0".repeat(32)
                + "\",\"sha256\":\"" + "1".repeat(64) + "\",\"depends\":[" + d + "]}";
    }

    Path channel(String name, String linux, String noarch) throws Exception {
        Path ch = tmp.resolve(name);
        Files.createDirectories(ch.resolve("linux-64"));
        Files.createDirectories(ch.resolve("noarch"));
        Files.writeString(
                ch.resolve("linux-64/repodata.json"),
                "{\"info\":{\"subdir\":\"linux-64\"},\"packages.conda\":{" + linux + "}}");
        Files.writeString(
                ch.resolve("noarch/repodata.json"), "{\"info\":{\"subdir\":\"noarch\"},\"packages\":{" + noarch + "}}");
        return ch;
    }

    EnvironmentSpec env(Path ch, String... deps) throws Exception {
        String y = "channels: [" + ch.toUri() + "]\ndependencies:\n"
                + java.util.Arrays.stream(deps).map(d -> "  - \"" + d + "\"\n").collect(Collectors.joining());
        return EnvironmentSpec.parse(new StringReader(y), "environment.yml");
    }

    @Test
    void virtualPackagesComeFromFlagsOnly() throws Exception {
        Path ch = channel(
                "c",
                String.join(
                        ",",
                        rec("torch", "2.0", "cuda", 2000, "__cuda >=12", "__glibc >=2.28"),
                        rec("torch", "2.0", "cpu", 1000, "__glibc >=2.17")),
                "");
        ResolveOptions none = ResolveOptions.forPlatforms(List.of(Platform.LINUX_64));
        Resolution cpu = Resolver.resolve(env(ch, "torch"), none);
        assertEquals(
                "torch-2.0-cpu", cpu.packages().get("linux-64").get(0).record().dist());
        ResolveOptions gpu = new ResolveOptions(
                Map.of(
                        Platform.LINUX_64,
                        VirtualPackages.defaults(Platform.LINUX_64).withBase("2.35", "12.4")),
                0,
                null,
                null,
                tmp);
        Resolution g = Resolver.resolve(env(ch, "torch"), gpu);
        assertEquals(
                "torch-2.0-cuda", g.packages().get("linux-64").get(0).record().dist());
        assertTrue(g.packages().get("linux-64").stream()
                .noneMatch(p -> p.record().name().startsWith("__")));
        assertFalse(cpu.contentHash().get("linux-64").equals(g.contentHash().get("linux-64")));
    }

    @Test
    void packagesNeedingARecentKernelSolveWithTheDefaultLinux() throws Exception {
        // conda-lock's default __linux=5.10: a build machine's kernel never decides it, and 0 would refuse these
        Path ch = channel("k", rec("nccl", "2.20", "0", 1000, "__linux >=4.18", "__glibc >=2.17"), "");
        Resolution r = Resolver.resolve(env(ch, "nccl"), ResolveOptions.forPlatforms(List.of(Platform.LINUX_64)));
        assertEquals("nccl-2.20-0", r.packages().get("linux-64").get(0).record().dist());
    }

    @Test
    void excludeNewerDropsNewRecords() throws Exception {
        Path ch = channel(
                "c", rec("a", "1.0", "0", 1_600_000_000_000L) + "," + rec("a", "2.0", "0", 1_700_000_000_000L), "");
        ResolveOptions o = ResolveOptions.forPlatforms(List.of(Platform.LINUX_64))
                .withCacheRoot(tmp)
                .withExcludeNewer(1_650_000_000_000L);
        assertEquals(
                "1.0",
                Resolver.resolve(env(ch, "a"), o)
                        .packages()
                        .get("linux-64")
                        .get(0)
                        .record()
                        .version());
        assertEquals(
                "2.0",
                Resolver.resolve(env(ch, "a"), ResolveOptions.forPlatforms(List.of(Platform.LINUX_64)))
                        .packages()
                        .get("linux-64")
                        .get(0)
                        .record()
                        .version());
    }

    @Test
    void strictPriorityTakesANameFromTheFirstChannelOnly() throws Exception {
        Path hi = channel("hi", rec("a", "1.0", "0", 1), "");
        Path lo = channel("lo", rec("a", "2.0", "0", 1) + "," + rec("b", "1.0", "0", 1, "a >=2"), "");
        String y = "channels: [" + hi.toUri() + ", " + lo.toUri() + "]\ndependencies: [b]\n";
        EnvironmentSpec e = EnvironmentSpec.parse(new StringReader(y), "environment.yml");
        CondockException x = assertThrows(
                CondockException.class,
                () -> Resolver.resolve(e, ResolveOptions.forPlatforms(List.of(Platform.LINUX_64))));
        assertTrue(x.getMessage().contains("b-1.0-0 requires 'a >=2'"), x.getMessage());
        ResolveOptions flexible = new ResolveOptions(
                Map.of(Platform.LINUX_64, VirtualPackages.defaults(Platform.LINUX_64)), 0, false, null, tmp);
        List<SolvedPackage> got = Resolver.resolve(e, flexible).packages().get("linux-64");
        assertEquals(
                List.of("lo::a-2.0-0", "lo::b-1.0-0"),
                got.stream().map(SolvedPackage::distString).toList());
        assertTrue(
                got.get(0).record().url().startsWith("file:"),
                got.get(0).record().url());
    }

    @Test
    void unknownPackageIsExplained() throws Exception {
        Path ch = channel("c", rec("a", "1.0", "0", 1), "");
        CondockException x = assertThrows(
                CondockException.class,
                () -> Resolver.resolve(env(ch, "nosuch >=1"), ResolveOptions.forPlatforms(List.of(Platform.LINUX_64))));
        assertEquals(2, x.exitCode());
        assertTrue(x.getMessage().contains("nothing provides 'nosuch >=1'"), x.getMessage());
    }
}
