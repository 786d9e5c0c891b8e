package dev.condock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.condock.fetch.DownloadProgress;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** One redrawn line on a terminal, periodic plain lines in logs, nothing under --json. */
class DownloadLineTest {
    private static DownloadProgress.Snapshot at(long seconds, long bytes, boolean finished) {
        return new DownloadProgress.Snapshot("packages", bytes, 4L << 20, 1, 3, seconds * 1_000_000_000L, finished);
    }

    private static String render(boolean tty, boolean quiet) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        DownloadLine l = new DownloadLine(new PrintStream(buf, true, StandardCharsets.UTF_8), tty, quiet);
        l.show(at(1, 1L << 20, false));
        l.show(at(2, 2L << 20, false));
        l.show(at(7, 3L << 20, false));
        l.show(at(8, 4L << 20, true));
        return buf.toString(StandardCharsets.UTF_8);
    }

    @Test
    void rendersPerOutputKind() {
        String tty = render(true, false);
        assertEquals(1, tty.split("\n", -1).length - 1, tty); // redrawn in place, one newline at the end
        assertTrue(tty.contains("\r\033[K"), tty);
        assertTrue(tty.contains("ETA 3s"), tty); // 1 MiB/s, 3 MiB left
        String log = render(false, false);
        assertEquals(3, log.lines().count(), log); // t=1 s, t=7 s (5 s later), the end; t=2 s skipped
        assertTrue(log.lines().allMatch(l -> l.startsWith("condock: downloading packages")), log);
        assertTrue(log.contains("done in 8s"), log);
        assertEquals("", render(false, true));
        assertEquals("", render(true, true));
    }
}
