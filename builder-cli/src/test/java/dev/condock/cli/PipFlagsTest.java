package dev.condock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.condock.pkgbuild.ArchiveFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --pip-index-url}, {@code --pip-find-links}, {@code --pip-pre} reach lock and plan (build shares plan's mixin). */
class PipFlagsTest {
    @TempDir
    Path tmp;

    private Path env(Path emptyIndex) throws Exception {
        Fixtures.channelAndLock(tmp, ArchiveFormat.CONDA);
        Path env = tmp.resolve("environment.yml");
        Files.writeString(
                env,
                "channels: [" + tmp.resolve("channel").toUri() + "]\n"
                        + "dependencies:\n  - python=3.11\n  - pip:\n    - --index-url " + emptyIndex.toUri() + "\n"
                        + "    - tinypip\n");
        return env;
    }

    @Test
    void pipFlagsReplaceTheEnvironmentsIndexOptions() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty-index"));
        Path env = env(empty);
        Path links = tmp.resolve("links");
        PipCommandsTest.wheel(links, "tinypip", "1.0");
        PipCommandsTest.wheel(links, "tinypip", "2.0b1");
        String cache = tmp.resolve("cache").toString();

        Fixtures.Run none =
                Fixtures.cli("lock", env.toString(), "-o", tmp.resolve("a.yml").toString());
        assertEquals(2, none.exit(), none.out() + none.err());
        assertTrue(none.err().contains("tinypip"), none.err());

        Fixtures.Run lock = Fixtures.cli(
                "lock", env.toString(), "-o", tmp.resolve("b.yml").toString(), "--pip-find-links", links.toString());
        assertEquals(0, lock.exit(), lock.out() + lock.err());
        String y = Files.readString(tmp.resolve("b.yml"));
        assertTrue(y.contains("tinypip-1.0-py3-none-any.whl"), y);

        Fixtures.Run pre = Fixtures.cli(
                "lock",
                env.toString(),
                "-o",
                tmp.resolve("c.yml").toString(),
                "--pip-find-links",
                links.toString(),
                "--pip-pre");
        assertEquals(0, pre.exit(), pre.out() + pre.err());
        assertTrue(Files.readString(tmp.resolve("c.yml")).contains("tinypip-2.0b1-py3-none-any.whl"));

        Fixtures.Run plan = Fixtures.cli(
                "plan",
                env.toString(),
                "--pip-index-url",
                links.toUri().toString(),
                "--pip-find-links",
                links.toString(),
                "--cache",
                cache);
        assertEquals(0, plan.exit(), plan.out() + plan.err());
        assertTrue(plan.out().contains("pypi:tinypip"), plan.out());
        assertFalse(plan.out().contains("2.0b1"), plan.out());
    }
}
