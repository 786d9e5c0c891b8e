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
        return new ResolveOptions(
                Map.of(Platform.LINUX_64, dev.condock.model.VirtualPackages.defaults(Platform.LINUX_64)),
                0,
                null,
                condarc,
                tmp.resolve("cache"));
    }

    @Test
    void aSpecChannelNotListedIsAddedAsCondaDoes() throws Exception {
        channel("aliased/main", ResolverTest.rec("libtorch-dep", "1.0", "h0", 1000));
        channel(
                "aliased/pytorch",
                String.join(
                        ",",
                        ResolverTest.rec("pytorch", "2.1", "py0", 1000, "libtorch-dep"),
                        ResolverTest.rec("torchvision", "0.16", "py0", 1000, "pytorch")));
        Path rc = Files.writeString(
                tmp.resolve(".condarc"),
                "channel_alias: " + tmp.resolve("aliased").toUri() + "\n");
        for (String spec : List.of("pytorch::pytorch", "pytorch/linux-64::pytorch", "pytorch[channel=pytorch]")) {
            EnvironmentSpec env = EnvironmentSpec.parse(
                    new StringReader("channels: [main]\ndependencies: [\"" + spec + "\"]\n"), "environment.yml");
            Resolution r = Resolver.resolve(env, opts(rc));
            List<SolvedPackage> pkgs = r.packages().get("linux-64");
            SolvedPackage torch = pkgs.stream()
                    .filter(p -> p.record().name().equals("pytorch"))
                    .findFirst()
                    .orElseThrow();
            assertTrue(
                    torch.record()
                            .url()
                            .startsWith(tmp.resolve("aliased/pytorch")
                                            .toUri()
                                            .toString()
                                            .replaceAll("/$", "") + "/linux-64/"),
                    spec + ": " + torch.record().url());
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
        Files.copy(
                Path.of("../shared/conda-testdata/repodata/mamba-conda-forge-numpy_linux-64.json"),
                ch.resolve("linux-64/repodata.json"));
        Files.writeString(ch.resolve("noarch/repodata.json"), "{\"packages\":{}}");
        EnvironmentSpec env = EnvironmentSpec.parse(
                new StringReader("channels: [" + ch.toUri() + "]\ndependencies: [numpy]\n"), "environment.yml");
        Resolution r = Resolver.resolve(env, opts(Files.writeString(tmp.resolve("rc"), "{}\n")));
        List<SolvedPackage> pkgs = r.packages().get("linux-64");
        assertTrue(pkgs.size() > 5, pkgs.toString());
        String base = ch.toUri().toString().replaceAll("/$", "") + "/linux-64/";
        for (SolvedPackage p : pkgs) {
            assertTrue(p.record().url().startsWith(base), p.record().url());
            assertFalse(p.record().url().contains("anaconda.org"));
        }
    }

    private String failure(String envText, ResolveOptions o) {
        dev.condock.util.CondockException e = org.junit.jupiter.api.Assertions.assertThrows(
                dev.condock.util.CondockException.class,
                () -> Resolver.resolve(EnvironmentSpec.parse(new StringReader(envText), "environment.yml"), o));
        assertEquals(2, e.exitCode());
        return e.getMessage();
    }

    @Test
    void missingNamesSayWhereTheyAre() throws Exception {
        Path main = channel("al/main", ResolverTest.rec("numpy", "1.26", "py0", 1_700_000_000_000L));
        channel("al/extra", ResolverTest.rec("torchaudio", "2.1", "py0", 1000));
        Path rc = Files.writeString(
                tmp.resolve("x.condarc"), "channel_alias: " + tmp.resolve("al").toUri() + "\nchannels: [extra]\n");
        String typo = failure("channels: [main]\ndependencies: [nunpy]\n", opts(rc));
        assertTrue(typo.contains("nothing provides 'nunpy'") && typo.contains("did you mean numpy?"), typo);
        String unlisted = failure("channels: [main]\ndependencies: [torchaudio]\n", opts(rc));
        assertTrue(unlisted.contains("torchaudio exists in channel extra, which is not listed"), unlisted);
        ResolveOptions old = opts(rc).withExcludeNewer(1_600_000_000_000L);
        String newer = failure("channels: [main]\ndependencies: [numpy]\n", old);
        assertTrue(newer.contains("numpy exists only after --exclude-newer 2020-09-13"), newer);
        ResolveOptions mac = new ResolveOptions(
                Map.of(Platform.of("osx-arm64"), dev.condock.model.VirtualPackages.defaults(Platform.of("osx-arm64"))),
                0,
                null,
                rc,
                tmp.resolve("cache"));
        String plat = failure("channels: [" + main.toUri() + "]\ndependencies: [numpy]\n", mac);
        assertTrue(plat.contains("numpy exists only for linux-64, not osx-arm64"), plat);
    }
}
