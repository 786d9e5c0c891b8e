package dev.condock.pkgbuild;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;

/** For tests and chaos runs: damages a cache file the way bit rot or a stray write does. */
public final class Corrupt {
    private Corrupt() {}

    /** Flips one byte in place, keeping the size and the mtime. */
    public static void flip(Path file, long at) throws Exception {
        FileTime mtime = Files.getLastModifiedTime(file);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            ch.read(b, at);
            b.put(0, (byte) (b.get(0) ^ 0x55));
            b.rewind();
            ch.write(b, at);
        }
        Files.setLastModifiedTime(file, mtime);
    }
}
