package dev.condock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI over a generated file channel: lock files written, bad input gives exit 2 and file:line. */
class LockCommandTest {
    @TempDir
    Path tmp;

    Path channel() throws Exception {
        Path ch = tmp.resolve("chan");
        Files.createDirectories(ch.resolve("linux-64"));
        Files.createDirectories(ch.resolve("noarch"));
        String md5 = "0".repeat(32);
        String sha = "1".repeat(64);
        Files.writeString(
                ch.resolve("linux-64/repodata.json"),
                "{\"info\":{\"subdir\":\"linux-64\"},\"packages.conda\":{"
                        + "\"a-1.0-0.conda\":{\"name\":\"a\",\"version\":\"1.0\",\"build\":\"0\",\"build_number\":0,\"md5\":\""
                        + md5
                        + "\",\"sha256\":\"" + sha + "\",\"depends\":[\"b\"]}}}");
        Files.writeString(
                ch.resolve("noarch/repodata.json"),
                "{\"info\":{\"subdir\":\"noarch\"},\"packages\":{"
                        + "\"b-2.0-0.tar.bz2\":{\"name\":\"b\",\"version\":\"2.0\",\"build\":\"0\",\"noarch\":\"generic\",\"md5\":\""
                        + md5
                        + "\",\"sha256\":\"" + sha + "\",\"depends\":null}}}");
        return ch;
    }

    static int run(ByteArrayOutputStream err, String... args) {
        PrintStream old = System.err;
        System.setErr(new PrintStream(err, true));
        try {
            return Main.run(args);
        } finally {
            System.setErr(old);
        }
    }

    @Test
    void writesCondaLockAndExplicit() throws Exception {
        Path env = tmp.resolve("environment.yml");
        Files.writeString(env, "channels: [" + channel().toUri() + "]\ndependencies:\n  - a\n");
        Path lock = tmp.resolve("conda-lock.yml");
        Path exp = tmp.resolve("explicit.txt");
        int rc = Main.run(
                "lock",
                env.toString(),
                "--platform",
                "linux-64",
                "-o",
                lock.toString(),
                "--explicit",
                exp.toString(),
                "--condarc",
                writeRc().toString());
        assertEquals(0, rc);
        String y = Files.readString(lock);
        assertTrue(y.contains("name: a") && y.contains("name: b") && y.contains("sha256: '" + "1".repeat(64) + "'"), y);
        String e = Files.readString(exp);
        assertTrue(e.indexOf("b-2.0-0.tar.bz2") < e.indexOf("a-1.0-0.conda"), "dependencies first: " + e);
    }

    Path writeRc() throws Exception {
        Path rc = tmp.resolve(".condarc");
        Files.writeString(rc, "channel_priority: strict\n");
        return rc;
    }

    @Test
    void badInputExitsTwoNamingTheLine() throws Exception {
        Path env = tmp.resolve("environment.yml");
        Files.writeString(env, "channels: [" + channel().toUri() + "]\ndependencies:\n  - a\n  - 'b>>2'\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Path lock = tmp.resolve("conda-lock.yml");
        assertEquals(2, run(err, "lock", env.toString(), "-o", lock.toString()));
        assertTrue(err.toString().contains("environment.yml:4:5:"), err.toString());
        assertFalse(Files.exists(lock));
        Files.writeString(env, "channels: [" + tmp.resolve("missing").toUri() + "]\ndependencies: [a]\n");
        ByteArrayOutputStream err2 = new ByteArrayOutputStream();
        assertEquals(2, run(err2, "lock", env.toString(), "-o", lock.toString()));
        assertTrue(err2.toString().contains("no repodata.json"), err2.toString());
        ByteArrayOutputStream err3 = new ByteArrayOutputStream();
        assertEquals(2, run(err3, "lock", env.toString(), "--exclude-newer", "yesterday"));
    }
}
