package dev.condock.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.condock.pkgbuild.CondaPackageWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A scratch image whose entrypoint or cmd needs /bin/sh gets a warning, in the build's result and its output. */
class ShellCheckTest {
    @TempDir
    Path tmp;

    @Test
    void scratchWithAShellEntrypointWarnsAndAPrefixProgramDoesNot() throws Exception {
        Path lock = LockFixtures.lock(
                tmp.resolve("ch"),
                "a",
                List.of(CondaPackageWriter.builder("x", "1.0", "0")
                        .subdir("linux-64")
                        .file("bin/x", "x\n", 0755)));
        List<String> warned = new ArrayList<>();
        BuildListener l = new BuildListener() {
            @Override
            public void info(String message) {}

            @Override
            public void warn(String message) {
                warned.add(message);
            }
        };
        BuildResult r = new Condock(l)
                .build(LockFixtures.request(lock, tmp.resolve("c"), 1)
                        .cmd(List.of("sh", "-c", "echo hi"))
                        .to("oci:" + tmp.resolve("o1"))
                        .build());
        assertEquals(1, warned.size(), warned.toString());
        assertTrue(
                warned.get(0).startsWith("cmd runs sh but the base is scratch, which has no /bin/sh"), warned.get(0));
        assertTrue(r.images().get(0).warnings().contains(warned.get(0)));
        warned.clear();
        new Condock(l)
                .build(LockFixtures.request(lock, tmp.resolve("c"), 1)
                        .entrypoint(List.of("/opt/conda/bin/x"))
                        .cmd(List.of("sh"))
                        .to("oci:" + tmp.resolve("o2"))
                        .build());
        assertEquals(List.of(), warned, "the entrypoint runs, cmd is its argument");
        assertTrue(ShellCheck.warning(LockFixtures.request(lock, tmp.resolve("c"), 1)
                        .entrypoint(List.of("/bin/bash"))
                        .build())
                .orElseThrow()
                .contains("no /bin/bash"));
    }
}
