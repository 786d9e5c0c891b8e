package dev.condock.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Aggregate bytes, throttled snapshots, rate and ETA, on a fake clock. */
class DownloadProgressTest {
    @Test
    void snapshotsAreThrottledAndCarryRateAndEta() {
        AtomicLong clock = new AtomicLong();
        List<DownloadProgress.Snapshot> seen = new ArrayList<>();
        DownloadProgress p = new DownloadProgress("packages", 1000, 2, seen::add, clock::get);
        clock.set(100_000_000L);
        p.add(100); // 100 ms in: too soon
        assertTrue(seen.isEmpty());
        clock.set(1_000_000_000L);
        p.add(150); // 1 s in, 250 bytes: 250 B/s, 750 left: 3 s
        assertEquals(1, seen.size());
        assertEquals(250, seen.get(0).bytes());
        assertEquals(250.0, seen.get(0).bytesPerSecond(), 0.001);
        assertEquals(3, seen.get(0).etaSeconds());
        p.fileDone();
        p.finish();
        DownloadProgress.Snapshot last = seen.get(seen.size() - 1);
        assertTrue(last.finished());
        assertEquals(1, last.done());
        assertEquals(2, last.count());
    }
}
