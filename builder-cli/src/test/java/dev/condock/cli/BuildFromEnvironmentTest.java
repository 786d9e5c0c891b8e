package dev.condock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.condock.pkgbuild.ArchiveFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** condock build ENV.yml: solve against a local channel, build, and leave the lock beside the digest. */
class BuildFromEnvironmentTest {
    @TempDir
    Path tmp;

    @Test
    void solvesBuildsAndWritesALockThatRebuildsTheSameImage() throws Exception {
        Fixtures.channelAndLock(tmp, ArchiveFormat.CONDA);
        // the environment file where the lock lands (beside the digest file): the lock build then finds it
        Files.createDirectories(tmp.resolve("out"));
        Path env = Files.writeString(
                tmp.resolve("out/environment.yml"),
                "name: demo\nchannels:\n  - " + tmp.resolve("channel").toUri()
                        + "\ndependencies:\n  - footool\n  - pyfoo\n  - python 3.11.*\n");
        Path digestFile = tmp.resolve("out/digest");
        Files.createDirectories(digestFile.getParent());
        Fixtures.Run r = Fixtures.cli(
                "build",
                env.toString(),
                "--cache",
                tmp.resolve("c").toString(),
                "--to",
                "oci:" + tmp.resolve("img"),
                "--digest-file",
                digestFile.toString());
        assertEquals(0, r.exit(), r.err());
        Path lock = tmp.resolve("out/conda-lock.explicit.txt");
        assertTrue(Files.exists(lock), r.err());
        String text = Files.readString(lock);
        assertTrue(
                text.contains("footool-1.0-0") && text.contains("libfoo-2.0-h1_0") && text.contains("pyfoo-0.3"), text);
        Fixtures.Run again = Fixtures.cli(
                "build",
                "--lock",
                lock.toString(),
                "--cache",
                tmp.resolve("c2").toString(),
                "--to",
                "oci:" + tmp.resolve("img2"));
        assertEquals(0, again.exit(), again.err());
        // the written lock pins the same packages, and its build records the same environment file and lock
        // rendering: the same image
        assertEquals(digest(tmp.resolve("img")), digest(tmp.resolve("img2")), "the lock rebuilds the same image");
    }

    private static String digest(Path oci) throws Exception {
        return new dev.condock.image.OciTarget(oci, "latest").read().manifest().digest();
    }

    @Test
    void configOverridesAreNotServedFromTheBuildCache() throws Exception {
        Path lock = Fixtures.channelAndLock(tmp, ArchiveFormat.CONDA);
        String cache = tmp.resolve("c").toString();
        Fixtures.Run a = Fixtures.cli(
                "build",
                "--lock",
                lock.toString(),
                "--cache",
                cache,
                "--to",
                "oci:" + tmp.resolve("a"),
                "--env",
                "MODE=train");
        Fixtures.Run b = Fixtures.cli(
                "build",
                "--lock",
                lock.toString(),
                "--cache",
                cache,
                "--to",
                "oci:" + tmp.resolve("b"),
                "--env",
                "MODE=infer");
        assertEquals(0, a.exit(), a.err());
        assertEquals(0, b.exit(), b.err());
        assertNotEquals(a.out().strip(), b.out().strip());
        Fixtures.Run a2 = Fixtures.cli(
                "build",
                "--lock",
                lock.toString(),
                "--cache",
                cache,
                "--to",
                "oci:" + tmp.resolve("a2"),
                "--env",
                "MODE=train");
        assertEquals(a.out().strip(), a2.out().strip());
    }

    @Test
    void planTakesAnEnvironmentFileLikeBuild() throws Exception {
        Fixtures.channelAndLock(tmp, ArchiveFormat.CONDA);
        // the environment file where the lock lands (beside the digest file): the lock build then finds it
        Files.createDirectories(tmp.resolve("out"));
        Path env = Files.writeString(
                tmp.resolve("out/environment.yml"),
                "channels:\n  - " + tmp.resolve("channel").toUri() + "\ndependencies:\n  - footool\n");
        Fixtures.Run r =
                Fixtures.cli("plan", env.toString(), "--cache", tmp.resolve("c").toString(), "--json");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("footool-1.0-0") && r.out().contains("libfoo-2.0-h1_0"), r.out());
        Fixtures.Run neither = Fixtures.cli("plan");
        assertEquals(2, neither.exit());
        assertTrue(neither.err().contains("environment.yml or --lock"), neither.err());
    }
}
