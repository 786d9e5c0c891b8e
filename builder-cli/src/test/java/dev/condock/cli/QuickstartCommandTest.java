package dev.condock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's first command keeps working: offline channel, lock, image, layer table. */
@Tag("e2e")
class QuickstartCommandTest {
    @Test
    void buildsTheDemoImageOffline(@TempDir Path tmp) throws Exception {
        Fixtures.Run r = Fixtures.cli("quickstart", "--out", tmp.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("hello-1.0-0") && r.out().contains("libdemo-1.2.0-h0_0"), r.out());
        assertTrue(Files.exists(tmp.resolve("image/index.json")));
        assertTrue(Files.readString(tmp.resolve("quickstart.explicit.txt")).contains("#sha256:"));
        BuildCommandTest.sh(
                tmp,
                "umoci",
                "unpack",
                "--image",
                tmp.resolve("image") + ":latest",
                tmp.resolve("b").toString());
        Path hello = tmp.resolve("b/rootfs/opt/conda/bin/hello");
        assertTrue(Files.readString(hello).contains("hello from /opt/conda"), Files.readString(hello));
        Process p = new ProcessBuilder("sh", hello.toString())
                .redirectErrorStream(true)
                .start();
        assertTrue(new String(p.getInputStream().readAllBytes()).contains("hello from /opt/conda"));
        assertEquals(0, p.waitFor());
    }
}
