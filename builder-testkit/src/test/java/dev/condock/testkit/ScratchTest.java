package dev.condock.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScratchTest {
    @Test
    void removesTheTreeButNotWhatALinkPointsTo(@TempDir Path outside) throws Exception {
        Path kept = Files.writeString(outside.resolve("kept.txt"), "x");
        Path dir = Scratch.dir("scratch-test");
        Path sub = Files.createDirectories(dir.resolve("a/b"));
        Files.writeString(sub.resolve("f"), "data");
        Files.createSymbolicLink(dir.resolve("a/link-out"), outside);
        Files.createSymbolicLink(dir.resolve("a/dangling"), dir.resolve("nowhere"));
        // a layer's read-only directory: the files in it cannot be unlinked until it is opened up
        Files.setPosixFilePermissions(sub, PosixFilePermissions.fromString("r-xr-xr-x"));

        Scratch.delete(dir);

        assertFalse(Files.exists(dir, LinkOption.NOFOLLOW_LINKS));
        assertTrue(Files.exists(kept), "a link's target outside the tree survives");
        Scratch.delete(dir); // already gone: nothing to do
    }

    @Test
    void shortDirsLieDirectlyUnderTmp() throws Exception {
        Path dir = Scratch.shortDir("cdt");
        try {
            assertEquals(Path.of("/tmp"), dir.getParent());
        } finally {
            Scratch.delete(dir);
        }
        assertFalse(Files.exists(dir));
    }

    @Test
    void readsMountinfoEscapes() {
        assertEquals("/tmp/a b\tc\\d", Scratch.unescape("/tmp/a\\040b\\011c\\134d"));
        assertEquals("/tmp/x\\9", Scratch.unescape("/tmp/x\\9"));
    }

    @Test
    void findsMountsBelowADirectoryDeepestFirst() throws Exception {
        // "/" is always mounted; /proc and /sys lie below it on Linux
        var below = Scratch.mountsBelow(Path.of("/"));
        assertTrue(below.contains(Path.of("/")), below.toString());
        assertEquals(Path.of("/"), below.get(below.size() - 1));
        Path none = Scratch.dir("scratch-none");
        try {
            assertTrue(Scratch.mountsBelow(none).isEmpty());
        } finally {
            Scratch.delete(none);
        }
    }
}
