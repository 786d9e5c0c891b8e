package dev.condock.pipeline;

import dev.condock.pkgbuild.ArchiveFormat;
import dev.condock.pkgbuild.BuiltPackage;
import dev.condock.pkgbuild.ChannelWriter;
import dev.condock.pkgbuild.PackageContents;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Real packages written into a local channel and an @EXPLICIT lock listing them in the given order. */
public final class LockFixtures {
    private LockFixtures() {}

    /** Writes the packages and the lock {@code name}. */
    public static Path lock(Path channel, String name, List<PackageContents> packages) throws IOException {
        StringBuilder sb = new StringBuilder("# platform: linux-64\n@EXPLICIT\n");
        for (BuiltPackage b : ChannelWriter.writePackages(channel, ArchiveFormat.CONDA, packages)) {
            sb.append(b.archive().toAbsolutePath().toUri())
                    .append("#sha256:")
                    .append(b.sha256())
                    .append('\n');
        }
        Path lock = channel.getParent().resolve(name + ".explicit.txt");
        Files.writeString(lock, sb.toString());
        return lock;
    }

    /** A request to build {@code lock} for linux-64 with mtime 0, gzip, into {@code cache}. */
    public static BuildRequest.Builder request(Path lock, Path cache, int threads) {
        return BuildRequest.builder()
                .lock(lock)
                .platform("linux-64")
                .compression("gzip")
                .threads(threads)
                .cacheRoot(cache)
                .mtime(0);
    }
}
