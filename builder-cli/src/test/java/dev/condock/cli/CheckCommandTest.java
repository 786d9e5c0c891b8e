package dev.condock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code condock check} on locks written by {@code condock lock} and {@code build}'s refusal of a stale one. */
class CheckCommandTest {
    @TempDir
    Path tmp;

    Path channel() throws Exception {
        Path ch = tmp.resolve("chan");
        Files.createDirectories(ch.resolve("linux-64"));
        Files.createDirectories(ch.resolve("noarch"));
        String hashes = "\"md5\":\"" + "0".repeat(32) + "\",\"sha256\":\"" + "1".repeat(64) + "\"";
        Files.writeString(
                ch.resolve("linux-64/repodata.json"),
                "{\"info\":{\"subdir\":\"linux-64\"},\"packages.conda\":{"
                        + "\"a-1.0-0.conda\":{\"name\":\"a\",\"version\":\"1.0\",\"build\":\"0\",\"build_number\":0,"
                        + hashes
                        + ",\"depends\":[\"b\"]}}}");
        Files.writeString(
                ch.resolve("noarch/repodata.json"),
                "{\"info\":{\"subdir\":\"noarch\"},\"packages\":{"
                        + "\"b-2.0-0.tar.bz2\":{\"name\":\"b\",\"version\":\"2.0\",\"build\":\"0\",\"noarch\":\"generic\","
                        + hashes
                        + ",\"depends\":null}}}");
        return ch;
    }

    @Test
    void checkPassesOnAFreshLockAndNamesEachChange() throws Exception {
        Path rc = Files.writeString(tmp.resolve(".condarc"), "channel_priority: strict\n");
        String channels = "channels: [" + channel().toUri() + "]\n";
        Path env = Files.writeString(tmp.resolve("environment.yml"), channels + "dependencies:\n  - a\n");
        // the defaults: lock writes conda-lock.yml beside the environment file, and check looks there
        assertEquals(
                0,
                Fixtures.cli("lock", "-f", env.toString(), "--condarc", rc.toString())
                        .exit());
        assertTrue(Files.readString(tmp.resolve("conda-lock.yml")).contains("# condock-input-hash: sha256:"));
        Fixtures.Run ok = Fixtures.cli("check", env.toString());
        assertEquals(0, ok.exit(), ok.out() + ok.err());
        assertTrue(ok.out().contains("up to date"), ok.out());
        assertEquals(0, Fixtures.cli("check", "-f", env.toString(), "--solve").exit());

        Files.writeString(env, channels + "dependencies:\n  - a >=1.0\n  - b\n  - pip:\n    - requests\n");
        Fixtures.Run stale = Fixtures.cli("check", "-f", env.toString());
        assertEquals(1, stale.exit(), stale.out() + stale.err());
        for (String line : new String[] {"spec changed: a -> a >=1.0", "spec added: b", "pip added: requests"}) {
            assertTrue(stale.out().contains(tmp.resolve("conda-lock.yml") + ": " + line), stale.out());
        }
        Fixtures.Run platform = Fixtures.cli(
                "check",
                env.toString(),
                "--lock",
                tmp.resolve("conda-lock.yml").toString(),
                "--platform",
                "linux-64",
                "--platform",
                "osx-arm64");
        assertEquals(1, platform.exit());
        assertTrue(platform.out().contains("platform missing from lock: osx-arm64"), platform.out());
    }

    @Test
    void buildRefusesAStaleSpecLockUnlessAllowed() throws Exception {
        Path rc = Files.writeString(tmp.resolve(".condarc"), "channel_priority: strict\n");
        String channels = "channels: [" + channel().toUri() + "]\n";
        Path env = Files.writeString(tmp.resolve("train.yml"), channels + "dependencies:\n  - a\n");
        assertEquals(
                0,
                Fixtures.cli("lock", env.toString(), "--condarc", rc.toString()).exit());
        assertTrue(Files.exists(tmp.resolve("train.conda-lock.yml")), "named after the environment file");
        Files.writeString(tmp.resolve("condock.yaml"), "environment: train.yml\nlock: train.conda-lock.yml\n");
        assertEquals(0, Fixtures.cli("check", tmp.toString()).exit());
        Files.writeString(env, channels + "dependencies:\n  - a\n  - b\n");
        Fixtures.Run r = Fixtures.cli("build", tmp.toString(), "--to", "oci:" + tmp.resolve("img"));
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("is stale") && r.err().contains("spec added: b"), r.err());
        assertEquals(1, Fixtures.cli("check", tmp.toString()).exit());
        // allowed: the build goes on past the check (and fails later, on this repodata-only channel's downloads)
        Fixtures.Run allowed = Fixtures.cli(
                "build",
                tmp.toString(),
                "--allow-stale-lock",
                "--to",
                "oci:" + tmp.resolve("img"),
                "--cache",
                tmp.resolve("cache").toString());
        assertTrue(!allowed.err().contains("is stale"), allowed.err());
    }
}
