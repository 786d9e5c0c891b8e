package dev.condock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.condock.util.Hashing;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real conda packages from ../shared, built into an image and unpacked by umoci. */
@Tag("e2e")
class RealPackagesTest {
    static final Path PKGS =
            Path.of("../shared/conda-testdata/packages").toAbsolutePath().normalize();

    @TempDir
    Path tmp;

    @Test
    void realLinuxPackagesInstallIntoAnImage() throws Exception {
        StringBuilder lock = new StringBuilder("@EXPLICIT\n");
        for (String fn : new String[] {"ca-certificates-2024.7.4-hbcca054_0.conda", "zlib-1.2.11-h7b6447c_3.tar.bz2"}) {
            // the shared packages lie flat: give them a subdir like a channel would
            Path dir = Files.createDirectories(tmp.resolve("chan/linux-64"));
            Files.copy(PKGS.resolve(fn), dir.resolve(fn));
            lock.append(dir.resolve(fn).toUri())
                    .append("#sha256:")
                    .append(Hashing.sha256Hex(dir.resolve(fn)))
                    .append('\n');
        }
        Path lockFile = Files.writeString(tmp.resolve("lock.txt"), lock.toString());
        Fixtures.Run r = Fixtures.cli(
                "build",
                "--lock",
                lockFile.toString(),
                "--cache",
                tmp.resolve("c").toString(),
                "--to",
                "oci:" + tmp.resolve("oci"));
        assertEquals(0, r.exit(), r.err());
        BuildCommandTest.sh(
                tmp,
                "umoci",
                "unpack",
                "--image",
                tmp.resolve("oci").toString(),
                tmp.resolve("b").toString());
        Path root = tmp.resolve("b/rootfs/opt/conda");
        assertTrue(Files.isSymbolicLink(root.resolve("lib/libz.so")) || Files.exists(root.resolve("lib/libz.so")));
        assertTrue(Files.size(root.resolve("lib/libz.so.1.2.11")) > 50_000);
        assertTrue(Files.exists(root.resolve("ssl/cacert.pem")));
        String zlibMeta =
                Files.readString(root.resolve("conda-meta/zlib-1.2.11-h7b6447c_3.json"), StandardCharsets.UTF_8);
        assertTrue(zlibMeta.contains("\"lib/libz.so.1.2.11\""), zlibMeta);
        assertTrue(Files.exists(root.resolve("conda-meta/ca-certificates-2024.7.4-hbcca054_0.json")));
    }
}
