package dev.condock.pkgbuild;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Writes a channel of several packages filled with real binaries copied from the host (e.g. /usr/lib), about
 * {@code totalBytes} installed in all, and an @EXPLICIT lock for them: the memory and temp-disk benchmark of
 * issues 14 and 15 at 1 and 3 GB ({@code scripts/bench-memory.sh}). Files are taken in sorted path order, so the
 * same host gives the same packages. Only one package's bytes are held at a time.
 */
public final class BigEnvironment {
    private BigEnvironment() {}

    public static Path write(Path dir, long totalBytes, int packages, List<Path> sources) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path src : sources) {
            try (Stream<Path> s = Files.walk(src)) {
                s.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && Files.isReadable(p))
                        .sorted()
                        .forEach(files::add);
            }
        }
        long perPackage = totalBytes / packages;
        Path channel = dir.resolve("channel");
        List<BuiltPackage> built = new ArrayList<>();
        int next = 0;
        for (int i = 0; i < packages && next < files.size(); i++) {
            PackageContents p = CondaPackageWriter.builder(String.format("bigpkg%02d", i), "1.0", "0")
                    .subdir("linux-64");
            long size = 0;
            int n = 0;
            while (size < perPackage && next < files.size()) {
                Path f = files.get(next++);
                byte[] data;
                try {
                    data = Files.readAllBytes(f);
                } catch (IOException unreadable) {
                    continue;
                }
                p.file(String.format("lib/big%02d/%05d-%s", i, n++, f.getFileName()), data, 0755);
                size += data.length;
            }
            built.add(p.write(channel.resolve("linux-64"), ArchiveFormat.CONDA));
        }
        ChannelWriter.write(channel, built);
        StringBuilder sb = new StringBuilder("# platform: linux-64\n@EXPLICIT\n");
        for (BuiltPackage b : built) {
            sb.append(b.archive().toAbsolutePath().toUri())
                    .append("#sha256:")
                    .append(b.sha256())
                    .append('\n');
        }
        Path lock = dir.resolve("big.explicit.txt");
        Files.writeString(lock, sb.toString());
        return lock;
    }

    /** DIR TOTAL_MB PACKAGES SOURCE_DIR... */
    public static void main(String[] args) throws IOException {
        List<Path> sources = new ArrayList<>();
        for (int i = 3; i < args.length; i++) {
            sources.add(Path.of(args[i]));
        }
        System.out.println(write(Path.of(args[0]), Long.parseLong(args[1]) << 20, Integer.parseInt(args[2]), sources));
    }
}
