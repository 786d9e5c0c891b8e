package dev.condock.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.condock.model.PackageRecord;
import dev.condock.pkgbuild.ArchiveFormat;
import dev.condock.pkgbuild.PackageArchiveWriter;
import dev.condock.pkgbuild.TarMember;
import dev.condock.util.CondockException;
import dev.condock.util.Hashing;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** conda's safety_checks: paths.json sizes and hashes, declared files present, index.json = the lock record. */
class SafetyChecksTest {
    private static final byte[] DATA = "hello\n".getBytes(StandardCharsets.UTF_8);
    private static final String INDEX = "{\"name\":\"p\",\"version\":\"1\",\"build\":\"0\"}";

    @TempDir
    Path tmp;

    private Path pkg(ArchiveFormat f, String index, String pathsEntry) throws Exception {
        return new PackageArchiveWriter()
                .write(
                        tmp,
                        "p-1-0",
                        f,
                        List.of(
                                TarMember.file("info/index.json", index.getBytes(StandardCharsets.UTF_8), 0644),
                                TarMember.file(
                                        "info/paths.json",
                                        ("{\"paths\":[" + pathsEntry + "],\"paths_version\":1}")
                                                .getBytes(StandardCharsets.UTF_8),
                                        0644)),
                        List.of(TarMember.file("share/x", DATA, 0644)));
    }

    private static String entry(String sha, long size) {
        return "{\"_path\":\"share/x\",\"path_type\":\"hardlink\",\"sha256\":\"" + sha + "\",\"size_in_bytes\":" + size
                + "}";
    }

    private CondockException refused(Path archive, PackageRecord r) {
        return assertThrows(
                CondockException.class, () -> new PackageInstaller(Fixtures.options(tmp)).install(r, archive));
    }

    @ParameterizedTest
    @EnumSource(ArchiveFormat.class)
    void truthfulPathsJsonInstalls(ArchiveFormat f) throws Exception {
        Path a = pkg(f, INDEX, entry(Hashing.sha256Hex(DATA), DATA.length));
        assertEquals(
                DATA.length,
                Fixtures.get(new PackageInstaller(Fixtures.options(tmp)).install(Fixtures.recordFor(a), a), "share/x")
                        .size());
    }

    @ParameterizedTest
    @EnumSource(ArchiveFormat.class)
    void wrongSizeIsRefused(ArchiveFormat f) throws Exception {
        Path a = pkg(f, INDEX, entry(Hashing.sha256Hex(DATA), 99));
        CondockException e = refused(a, Fixtures.recordFor(a));
        assertEquals("package p-1-0: 'share/x' is 6 bytes in the archive, but info/paths.json says 99", e.getMessage());
        assertEquals(2, e.exitCode());
    }

    @ParameterizedTest
    @EnumSource(ArchiveFormat.class)
    void wrongSha256IsRefused(ArchiveFormat f) throws Exception {
        Path a = pkg(f, INDEX, entry("0".repeat(64), DATA.length));
        assertEquals(
                "package p-1-0: 'share/x' has sha256 " + Hashing.sha256Hex(DATA) + " in the archive, but"
                        + " info/paths.json says " + "0".repeat(64),
                refused(a, Fixtures.recordFor(a)).getMessage());
    }

    @Test
    void indexNamingAnotherPackageIsRefused() throws Exception {
        Path a = pkg(
                ArchiveFormat.CONDA,
                "{\"name\":\"evil\",\"version\":\"1\",\"build\":\"0\"}",
                entry(Hashing.sha256Hex(DATA), DATA.length));
        assertEquals(
                "package p-1-0: info/index.json describes evil-1-0, not the locked p-1-0 (a renamed or"
                        + " substituted archive)",
                refused(a, Fixtures.recordFor(a)).getMessage());
    }

    @Test
    void indexWithAnotherBuildIsRefused() throws Exception {
        Path a = pkg(ArchiveFormat.TAR_BZ2, INDEX, entry(Hashing.sha256Hex(DATA), DATA.length));
        PackageRecord other =
                PackageRecord.builder("p", "1", "1").fn("p-1-1.tar.bz2").build();
        assertEquals(
                "package p-1-1: info/index.json describes p-1-0, not the locked p-1-1 (a renamed or"
                        + " substituted archive)",
                refused(a, other).getMessage());
    }
}
