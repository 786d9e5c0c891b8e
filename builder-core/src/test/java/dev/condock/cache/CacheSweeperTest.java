package dev.condock.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.condock.util.AtomicFiles;
import dev.condock.util.TempOwner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CacheSweeperTest {
    @TempDir
    Path cache;

    /** The tag a process that has exited carried. */
    static String deadTag() throws Exception {
        Process p = new ProcessBuilder("true").start();
        long start = p.info().startInstant().map(Instant::getEpochSecond).orElse(0L);
        p.waitFor();
        return p.pid() + "-" + start;
    }

    @Test
    void removesTheLeftoversOfDeadOwnersAndOldOwnerlessOnesOnly() throws Exception {
        String dead = deadTag();
        long myPid = ProcessHandle.current().pid();
        Path deadBuild = Files.createDirectories(cache.resolve("tmp/build-" + dead + "-123/staging/lib"));
        Files.write(deadBuild.resolve("libx.so"), new byte[4096]);
        Path deadBlob = Files.createDirectories(cache.resolve("blobs/sha256")).resolve(".layer.tmp-" + dead + "-ab12");
        Files.write(deadBlob, new byte[1000]);
        Path deadPkg = Files.createDirectories(cache.resolve("pkgs/sha256")).resolve(".x.conda.tmp-" + dead + "-ff");
        Files.write(deadPkg, new byte[10]);
        // this pid, but another start time: a reused pid is not the owner
        Path reused = cache.resolve("tmp/plan-" + myPid + "-12345-9");
        Files.createDirectories(reused);

        Path live = AtomicFiles.tempDir(cache.resolve("tmp"), "build");
        Path liveFile = AtomicFiles.tempSibling(cache.resolve("blobs/sha256/layer"));
        Files.write(liveFile, new byte[5]);
        Path ownerlessNew = cache.resolve("blobs/sha256/.layer.tmp-zz");
        Files.write(ownerlessNew, new byte[5]);
        Path ownerlessOld = cache.resolve("tmp/build-777");
        Files.createDirectories(ownerlessOld);
        Files.setLastModifiedTime(ownerlessOld, FileTime.from(Instant.now().minus(Duration.ofDays(2))));
        Path finalBlob = cache.resolve("blobs/sha256/" + "a".repeat(64));
        Files.write(finalBlob, new byte[3]);

        CacheSweeper.Swept s = CacheSweeper.sweep(cache);

        assertEquals(5, s.entries(), "dead build dir, blob, package, reused-pid plan dir, old ownerless dir");
        assertEquals(4096 + 1000 + 10, s.bytes());
        for (Path gone : new Path[] {deadBuild.getParent().getParent(), deadBlob, deadPkg, reused, ownerlessOld}) {
            assertFalse(Files.exists(gone), gone.toString());
        }
        for (Path kept : new Path[] {live, liveFile, ownerlessNew, finalBlob}) {
            assertTrue(Files.exists(kept), kept.toString());
        }
        assertTrue(TempOwner.of(live.getFileName().toString()).isPresent());
        assertEquals(0, CacheSweeper.sweep(cache).entries(), "nothing more");
    }
}
