package dev.condock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.condock.registry.ImageReference;
import dev.condock.registry.PushListener;
import dev.condock.registry.PushResult;
import dev.condock.util.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PushProgressTest {
    private static final String D = "sha256:" + "0123456789ab".repeat(5) + "cdef";

    @Test
    void plainModeLogsOneLinePerFinishedBlobWithoutEscapes() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PushProgress p = new PushProgress(new PrintStream(buf, true, StandardCharsets.UTF_8), false);
        p.blobStarted(D, 3 << 20);
        p.blobProgress(D, 1 << 20, 3 << 20);
        p.blobDone(D, 3 << 20, PushListener.Outcome.MOUNTED);
        String out = buf.toString(StandardCharsets.UTF_8);
        assertEquals("mounted 0123456789ab (3.0 MiB)\n", out);
    }

    @Test
    void terminalModeDrawsAProgressLinePerLayer() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PushProgress p = new PushProgress(new PrintStream(buf, true, StandardCharsets.UTF_8), true);
        String d2 = "sha256:" + "f".repeat(64);
        p.blobStarted(D, 2048);
        p.blobStarted(d2, 4096);
        p.blobDone(D, 2048, PushListener.Outcome.PUSHED);
        String out = buf.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("pushed   0123456789ab    2.0 KiB / 2.0 KiB"), out);
        assertTrue(out.contains("checking ffffffffffff        0 B / 4.0 KiB"), out);
        assertTrue(out.contains("\033[2A"), "redrawn in place");
    }

    @Test
    void jsonSummaryHasTheCountsAndNoCredentials() throws Exception {
        PushResult r = new PushResult(ImageReference.parse("127.0.0.1:5301/a/b:1"), D, 512, 2, 1, 3, 4096, 1.23456);
        String json = Json.pretty(PushSummary.of(r));
        var n = Json.CANONICAL.readTree(json);
        assertEquals(D, n.get("digest").asText());
        assertEquals(3, n.at("/layers/mounted").asInt());
        assertEquals(2, n.at("/layers/pushed").asInt());
        assertEquals(1.235, n.get("seconds").asDouble());
        assertFalse(json.contains("password"));
    }
}
