package dev.condock.solve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.condock.model.Platform;
import dev.condock.spec.EnvironmentSpec;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code channel::pkg} for unlisted channels, and package URLs built from channel + subdir + file name. */
class ChannelSpecsTest {
    @TempDir
    Path tmp;

    private final ResolverTest fixtures = new ResolverTest();

    private Path channel(String name, String linux) throws Exception {
        fixtures.tmp = tmp;
        return fixtures.channel(name, linux, "");
    }

    private ResolveOptions opts(Path condarc) {
        return new ResolveOptions(Map.of(Platform.LINUX_64,
                dev.condock.model.VirtualPackages.defaults(Platform.LINUX_64)), 0, null, condarc, tmp.resolve("cache"));
    }

    @Test
    void aSpecChannelNotListedIsAddedAsCondaDoes() throws Exception {
        channel("aliased/main", ResolverTest.rec("libtorch-dep", "1.0", "h0", 1000));
        channel("aliased/pytorch", String.join(",", ResolverTest.rec("pytorch", "2.1", "py0", 1000, "libtorch-dep"),
                ResolverTest.rec("torchvision", "0.16", "py0", 1000, "pytorch")));
        Path rc = Files.writeString(tmp.resolve(".condarc"), "channel_alias: " + tmp.resolve("aliased").toUri() + "\n");
        for (String spec : List.of("pytorch::pytorch", "pytorch/linux-64::pytorch", "pytorch[channel=pytorch]")) {
            EnvironmentSpec env = EnvironmentSpec.parse(new StringReader(
                    "channels: [main]\ndependencies: [\"" + spec + "\"]\n"), "environment.yml");
            Resolution r = Resolver.resolve(env, opts(rc));
            List<SolvedPackage> pkgs = r.packages().get("linux-64");
            SolvedPackage torch = pkgs.stream().filter(p -> p.record().name().equals("pytorch")).findFirst().orElseThrow();
            assertTrue(torch.record().url().startsWith(tmp.resolve("aliased/pytorch").toUri().toString().replaceAll("/$", "")
                    + "/linux-64/"), spec + ": " + torch.record().url());
            assertEquals(2, pkgs.size(), spec);
            assertEquals(2, r.channels().size(), spec + ": " + r.channels());
        }
    }

    @Test
    void recordUrlsPointAtTheChannelTheyWereReadFrom() throws Exception {
        // conda-forge records whose "url" fields name conda.anaconda.org, served from a local directory
        Path ch = tmp.resolve("cf");
        Files.createDirectories(ch.resolve("linux-64"));
        Files.createDirectories(ch.resolve("noarch"));
        Files.copy(Path.of("../shared/conda-testdata/repodata/mamba-conda-forge-numpy_linux-64.json"),
                ch.resolve("linux-64/repodata.json"));
        Files.writeString(ch.resolve("noarch/repodata.json"), "{\"packages\":{}}");
        EnvironmentSpec env = EnvironmentSpec.parse(new StringReader(
                "channels: [" + ch.toUri() + "]\ndependencies: [numpy]\n"), "environment.yml");
        Resolution r = Resolver.resolve(env, opts(Files.writeString(tmp.resolve("rc"), "{}\n")));
        List<SolvedPackage> pkgs = r.packages().get("linux-64");
        assertTrue(pkgs.size() > 5, pkgs.toString());
        String base = ch.toUri().toString().replaceAll("/$", "") + "/linux-64/";
        for (SolvedPackage p : pkgs) {
            assertTrue(p.record().url().startsWith(base), p.record().url());
            assertFalse(p.record().url().contains("anaconda.org"));
        }
    }
}
