package dev.condock.pkgbuild;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a channel holding one package of N empty files (1000 per directory) and an @EXPLICIT lock for it: the
 * memory benchmark of issue 14 ({@code java -cp builder-cli/target/condock.jar dev.condock.pkgbuild.HugePackage
 * DIR 300000}, then {@code /usr/bin/time -v ./condock build --lock DIR/huge.explicit.txt ...}).
 */
public final class HugePackage {
    private HugePackage() {}

    public static Path write(Path dir, int files) throws IOException {
        PackageContents p = CondaPackageWriter.builder("hugepkg", "1.0", "0").subdir("linux-64");
        byte[] empty = new byte[0];
        for (int i = 0; i < files; i++) {
            p.file(String.format("share/huge/d%04d/f%06d.txt", i / 1000, i), empty, 0644);
        }
        List<BuiltPackage> built = ChannelWriter.writePackages(dir.resolve("channel"), ArchiveFormat.CONDA, List.of(p));
        StringBuilder sb = new StringBuilder("# platform: linux-64\n@EXPLICIT\n");
        for (BuiltPackage b : built) {
            sb.append(b.archive().toAbsolutePath().toUri())
                    .append("#sha256:")
                    .append(b.sha256())
                    .append('\n');
        }
        Path lock = dir.resolve("huge.explicit.txt");
        Files.writeString(lock, sb.toString());
        return lock;
    }

    public static void main(String[] args) throws IOException {
        System.out.println(write(Path.of(args[0]), Integer.parseInt(args[1])));
    }
}
