package dev.condock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.condock.pkgbuild.ArchiveFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code build --file/--test} and {@code condock test}, with runc (an umoci bundle) as the runtime. */
class AppAndTestCommandTest {
    @TempDir
    Path tmp;

    @Test
    void badFlagsAreUserErrors() throws Exception {
        Fixtures.Run noDest = Fixtures.cli("build", "--lock", "x.txt", "--file", "src", "--to", "oci:" + tmp);
        assertEquals(2, noDest.exit(), noDest.err());
        assertTrue(noDest.err().contains("--file src: expected SRC:DEST"), noDest.err());
        Fixtures.Run gpus = Fixtures.cli("test", "oci:" + tmp, "--gpus", "0", "--", "true");
        assertEquals(2, gpus.exit());
        assertTrue(gpus.err().contains("--gpus takes 'all'"), gpus.err());
        Fixtures.Run runtime = Fixtures.cli("test", "oci:" + tmp, "--runtime", "lxc", "--", "true");
        assertEquals(2, runtime.exit());
        assertTrue(runtime.err().contains("--runtime must be auto, podman, docker or runc, not 'lxc'"), runtime.err());
        Fixtures.Run testRuntime = Fixtures.cli(
                "build", "--lock", "x.txt", "--test", "true", "--test-runtime", "lxc", "--to", "oci:" + tmp);
        assertEquals(2, testRuntime.exit());
    }

    @Tag("e2e")
    @Test
    void buildWithFilesAndTestsThenRunTheImageWithRunc() throws Exception {
        assumeTrue(Podman.available() && Files.isExecutable(Path.of("/usr/bin/umoci")), "root, runc and umoci needed");
        Path lock = Fixtures.channelAndLock(tmp, ArchiveFormat.CONDA);
        Path base = BusyboxBase.write(tmp, "bb");
        Path project = Files.createDirectories(tmp.resolve("project"));
        Files.createDirectories(project.resolve("src"));
        Files.writeString(project.resolve("src/train.py"), "print('train')\n");
        Files.writeString(project.resolve("src/notes.tmp"), "scratch\n");
        Files.writeString(project.resolve(".dockerignore"), "**/*.tmp\n");
        Path out = tmp.resolve("img");
        Fixtures.Run built = Fixtures.cliProcess(
                "cd " + project + " &&",
                List.of(
                        "build",
                        "--lock",
                        lock.toString(),
                        "--base",
                        "oci:" + base + ":bb",
                        "--file",
                        "src:/app",
                        "--workdir",
                        "/app",
                        "--test",
                        "test -f train.py && test ! -e notes.tmp",
                        "--test",
                        "/opt/conda/bin/footool",
                        "--test-runtime",
                        "runc",
                        "--cache",
                        tmp.resolve("cache").toString(),
                        "--to",
                        "oci:" + out + ":t"));
        assertEquals(0, built.exit(), built.err());
        assertTrue(built.err().contains("test passed: /opt/conda/bin/footool"), built.err());

        Fixtures.Run ran = Fixtures.cliProcess(
                "", List.of("test", "oci:" + out + ":t", "--runtime", "runc", "--", "cat", "train.py"));
        assertEquals(0, ran.exit(), ran.err());
        assertEquals("print('train')\n", ran.out(), "streamed, in the image's WorkingDir");
        Fixtures.Run exit = Fixtures.cliProcess(
                "",
                List.of("test", "oci:" + out, "--runtime", "runc", "--", "/bin/sh", "-c", "echo failing >&2; exit 5"));
        assertEquals(5, exit.exit(), "the command's exit code");
        assertTrue(exit.err().contains("failing"), exit.err());

        Fixtures.Run failed = Fixtures.cliProcess(
                "cd " + project + " &&",
                List.of(
                        "build",
                        "--lock",
                        lock.toString(),
                        "--base",
                        "oci:" + base + ":bb",
                        "--file",
                        "src:/app",
                        "--test",
                        "echo no gpu here; exit 3",
                        "--test-runtime",
                        "runc",
                        "--cache",
                        tmp.resolve("cache").toString(),
                        "--digest-file",
                        tmp.resolve("digest").toString(),
                        "--to",
                        "oci:" + tmp.resolve("img2")));
        assertEquals(1, failed.exit(), failed.err());
        assertTrue(
                failed.err().contains("condock: test failed (exit 3): echo no gpu here; exit 3\nno gpu here"),
                failed.err());
        assertFalse(Files.exists(tmp.resolve("digest")), "a failed build writes no digest file");
    }
}
