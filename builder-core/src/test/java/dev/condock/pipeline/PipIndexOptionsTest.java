package dev.condock.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.condock.lock.LockReader;
import dev.condock.model.Platform;
import dev.condock.pip.PipIndexSettings;
import dev.condock.pkgbuild.ArchiveFormat;
import dev.condock.pkgbuild.ChannelWriter;
import dev.condock.pkgbuild.CondaPackageWriter;
import dev.condock.wheel.TestWheels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * pip index options: flags (the builder's {@code pipIndex}) over condock.yaml's {@code pip:} over the option lines
 * of environment.yml's {@code pip:} list, per option. Three file: indexes each offer another version of one
 * project, so the locked version says which index the resolve used.
 */
class PipIndexOptionsTest {
    @TempDir
    Path tmp;

    private Path env;

    private Path index(String name, String version) throws Exception {
        Path index = tmp.resolve(name);
        TestWheels.pure("tiny", version)
                .file("tiny.py", "V = '" + version + "'\n")
                .write(index.resolve("tiny"));
        return index;
    }

    private void setUp(String pipLines) throws Exception {
        Path ch = tmp.resolve("channel");
        ChannelWriter.writePackages(
                ch,
                ArchiveFormat.CONDA,
                List.of(CondaPackageWriter.builder("python", "3.11.9", "h0_0_cpython")
                        .subdir("linux-64")
                        .file("bin/python3.11", "ELF", 0755)));
        Path dir = Files.createDirectories(tmp.resolve("spec"));
        env = dir.resolve("environment.yml");
        Files.writeString(
                env,
                "channels: [" + ch.toUri() + "]\n" + "dependencies:\n  - python=3.11\n  - pip:\n" + pipLines
                        + "    - tiny\n");
    }

    private String locked(BuildRequest.Builder b) throws Exception {
        Path out = tmp.resolve("out-" + System.nanoTime() + ".yml");
        new Condock(BuildListener.SILENT)
                .lock(b.platform("linux-64").cacheRoot(tmp.resolve("cache")).build(), out, null);
        return LockReader.read(out, Platform.LINUX_64).pip().get(0).version();
    }

    private Path spec(String pipYaml) throws Exception {
        Path s = env.resolveSibling("condock.yaml");
        Files.writeString(s, "environment: environment.yml\n" + pipYaml);
        return s;
    }

    @Test
    void flagsOverSpecOverEnvironmentLines() throws Exception {
        Path a = index("a", "1.0"), b = index("b", "2.0"), c = index("c", "3.0");
        setUp("    - --index-url " + a.toUri() + "\n");
        assertEquals("1.0", locked(BuildRequest.builder().environment(env)), "the environment's own --index-url");
        Path spec = spec("pip:\n  index_url: " + b.toUri() + "\n");
        assertEquals("2.0", locked(BuildRequest.builder().spec(spec)), "condock.yaml's pip.index_url wins");
        assertEquals(
                "3.0",
                locked(BuildRequest.builder()
                        .spec(spec)
                        .pipIndex(new PipIndexSettings(c.toUri().toString(), null, null, null))),
                "the flag wins over both");
        // an option set nowhere above stays the environment's: a flag for extra indexes leaves the index alone
        assertEquals(
                "2.0",
                locked(BuildRequest.builder()
                        .spec(spec)
                        .pipIndex(new PipIndexSettings(null, List.of(a.toUri().toString()), null, null))),
                "extra index a (1.0) joins b (2.0): the newest wins");
    }

    @Test
    void findLinksInTheSpecAreRelativeToItAndPreComesFromThere() throws Exception {
        Path links = tmp.resolve("spec/wheels");
        TestWheels.pure("tiny", "5.0rc1").file("tiny.py", "V = 5\n").write(links);
        TestWheels.pure("tiny", "4.0").file("tiny.py", "V = 4\n").write(links);
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        setUp("    - --index-url " + empty.toUri() + "\n");
        Path spec = spec("pip:\n  find_links: [wheels]\n");
        assertEquals("4.0", locked(BuildRequest.builder().spec(spec)), "found in the spec's wheels/; no pre-release");
        Path pre = spec("pip:\n  find_links: [wheels]\n  pre: true\n");
        assertEquals("5.0rc1", locked(BuildRequest.builder().spec(pre)));
        assertEquals(
                "5.0rc1",
                locked(BuildRequest.builder().spec(spec).pipIndex(new PipIndexSettings(null, null, null, true))),
                "--pip-pre");
    }
}
