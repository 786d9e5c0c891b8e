package dev.condock.install;

import static dev.condock.install.Fixtures.rawPackage;
import static dev.condock.install.Fixtures.refused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.condock.pkgbuild.ArchiveFormat;
import dev.condock.pkgbuild.CondaPackageWriter;
import dev.condock.pkgbuild.TarMember;
import dev.condock.testing.Records;
import dev.condock.util.CondockException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each hostile archive is refused with one line naming the package and the member; exit code 2. */
class HostileArchiveTest {
    @TempDir
    Path tmp;

    private CondockException refuse(ArchiveFormat f, TarMember... members) throws IOException {
        Path archive = rawPackage(tmp.resolve("pkgs"), "evil-1.0-0", f, List.of(members));
        CondockException e = refused(tmp, archive);
        assertEquals(CondockException.USER_ERROR, e.exitCode());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertTrue(e.getMessage().startsWith("package evil-1.0-0"), e.getMessage());
        return e;
    }

    private static TarMember file(String name) {
        return TarMember.file(name, "x".getBytes(StandardCharsets.UTF_8), 0644);
    }

    @ParameterizedTest
    @EnumSource(ArchiveFormat.class)
    void absolutePath(ArchiveFormat f) throws Exception {
        assertEquals(
                "package evil-1.0-0: refusing archive member '/etc/passwd': has an absolute path",
                refuse(f, file("/etc/passwd")).getMessage());
    }

    @ParameterizedTest
    @EnumSource(ArchiveFormat.class)
    void dotDotComponent(ArchiveFormat f) throws Exception {
        assertEquals(
                "package evil-1.0-0: refusing archive member 'lib/../../etc/cron.d/x': has a '..' component",
                refuse(f, file("lib/../../etc/cron.d/x")).getMessage());
    }

    @Test
    void relativeSymlinkLeavingThePrefix() throws Exception {
        assertEquals(
                "package evil-1.0-0: refusing archive member 'lib/evil': symlink to '../../etc/shadow'"
                        + " leaves the prefix",
                refuse(ArchiveFormat.CONDA, TarMember.symlink("lib/evil", "../../etc/shadow"))
                        .getMessage());
    }

    @Test
    void absoluteSymlink() throws Exception {
        assertEquals(
                "package evil-1.0-0: refusing archive member 'lib/evil': symlink to '/etc/shadow'"
                        + " is absolute (it must stay inside the prefix)",
                refuse(ArchiveFormat.TAR_BZ2, TarMember.symlink("lib/evil", "/etc/shadow"))
                        .getMessage());
    }

    @Test
    void symlinkChainLeavingThePrefix() throws Exception {
        // "root" points at the prefix itself, which is fine; "root/.." is the prefix's parent
        assertEquals(
                "package evil-1.0-0: refusing archive member 'escape': symlink to 'lib/root/../x'"
                        + " leaves the prefix",
                refuse(
                                ArchiveFormat.CONDA,
                                TarMember.symlink("lib/root", ".."),
                                TarMember.symlink("escape", "lib/root/../x"))
                        .getMessage());
    }

    @Test
    void symlinkChainStayingInsideIsFine() throws Exception {
        Path archive = rawPackage(
                tmp.resolve("pkgs"),
                "fine-1.0-0",
                ArchiveFormat.CONDA,
                List.of(file("share/x"), TarMember.symlink("lib/up", ".."), TarMember.symlink("lib/x", "up/share/x")));
        InstalledPackage p = new PackageInstaller(Fixtures.options(tmp)).install(Fixtures.recordFor(archive), archive);
        assertEquals("up/share/x", Fixtures.get(p, "lib/x").linkTarget());
    }

    @Test
    void symlinkLoopIsRefused() throws Exception {
        // conda's extra_safety_checks: a loop never reaches anything, and image tools handle it differently
        assertEquals(
                "package evil-1.0-0: symlink 'a' is part of a loop (it never reaches a file or directory)",
                refuse(ArchiveFormat.CONDA, TarMember.symlink("a", "b"), TarMember.symlink("b", "a"))
                        .getMessage());
    }

    @Test
    void entryUnderAPackageSymlinkIsRefused() throws Exception {
        // the case: a -> b, b -> a, and a file a/x (umoci silently dropped a/x from the layer)
        assertEquals(
                "package evil-1.0-0: 'a/x' is under the symlink 'a' (an entry below a symlink is dropped or"
                        + " lands elsewhere when the image is unpacked)",
                refuse(ArchiveFormat.TAR_BZ2, TarMember.symlink("a", "b"), TarMember.symlink("b", "a"), file("a/x"))
                        .getMessage());
    }

    @Test
    void hardlinkToAPathOutside() throws Exception {
        assertEquals(
                "package evil-1.0-0: refusing archive member 'lib/h': hardlink to '../etc/passwd' leaves the"
                        + " package",
                refuse(
                                ArchiveFormat.CONDA,
                                new TarMember("lib/h", TarMember.Kind.HARDLINK, 0644, null, "../etc/passwd"))
                        .getMessage());
    }

    @Test
    void hardlinkToAnAbsolutePath() throws Exception {
        assertEquals(
                "package evil-1.0-0: refusing archive member 'lib/h': hardlink to '/etc/passwd' leaves the"
                        + " package",
                refuse(
                                ArchiveFormat.TAR_BZ2,
                                new TarMember("lib/h", TarMember.Kind.HARDLINK, 0644, null, "/etc/passwd"))
                        .getMessage());
    }

    @Test
    void hardlinkToNothingInThePackage() throws Exception {
        assertEquals(
                "package evil-1.0-0: refusing archive member 'lib/h': hardlink to 'lib/missing', which is not"
                        + " a file earlier in the package",
                refuse(ArchiveFormat.CONDA, new TarMember("lib/h", TarMember.Kind.HARDLINK, 0644, null, "lib/missing"))
                        .getMessage());
    }

    @ParameterizedTest
    @EnumSource(ArchiveFormat.class)
    void characterDevice(ArchiveFormat f) throws Exception {
        assertEquals(
                "package evil-1.0-0: refusing archive member 'dev/null': device and fifo members are not allowed",
                refuse(f, TarMember.charDevice("dev/null")).getMessage());
    }

    @Test
    void fifo() throws Exception {
        assertEquals(
                "package evil-1.0-0: refusing archive member 'run/pipe': device and fifo members are not allowed",
                refuse(ArchiveFormat.CONDA, TarMember.fifo("run/pipe")).getMessage());
    }

    @Test
    void writingIntoCondaMeta() throws Exception {
        assertEquals(
                "package evil-1.0-0: refusing archive member 'conda-meta/history': packages must not write"
                        + " into conda-meta/",
                refuse(ArchiveFormat.CONDA, file("conda-meta/history")).getMessage());
    }

    @Test
    void expansionBeyondTheLimit() throws Exception {
        var built = CondaPackageWriter.builder("big", "1", "0")
                .file("lib/zeros", new byte[200_000], 0644)
                .write(tmp.resolve("pkgs"), ArchiveFormat.CONDA);
        InstallOptions small = new InstallOptions("/opt/conda", null, tmp.resolve("s"), 100_000);
        CondockException e = assertThrows(
                CondockException.class, () -> new PackageInstaller(small).install(Records.of(built), built.archive()));
        assertEquals(
                "package big-1-0: refusing archive member 'lib/zeros': the archive expands beyond the limit"
                        + " of 100000 bytes",
                e.getMessage());
    }

    @Test
    void absurdCompressionRatio() throws Exception {
        // 8 MiB of zeros compress to a few hundred bytes: past the ratio floor (a quarter of a 16 MiB budget)
        // and far past 1000x, while still inside the byte budget
        byte[] zeros = new byte[1 << 20];
        var c = CondaPackageWriter.builder("bomb", "1", "0");
        for (int i = 0; i < 8; i++) {
            c.file("z/" + i, zeros, 0644);
        }
        var built = c.write(tmp.resolve("pkgs"), ArchiveFormat.CONDA);
        InstallOptions o = new InstallOptions("/opt/conda", null, tmp.resolve("s"), 16L << 20);
        CondockException e = assertThrows(
                CondockException.class, () -> new PackageInstaller(o).install(Records.of(built), built.archive()));
        assertTrue(
                e.getMessage()
                        .matches("package bomb-1-0: refusing archive member 'z/\\d+': the archive expands"
                                + " more than 1000 times its size \\(\\d+ bytes\\)"),
                e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(ArchiveFormat.class)
    void corruptArchiveNamesTheArchive(ArchiveFormat f) throws Exception {
        var built = PackageInstallerTest.sample().write(tmp.resolve("pkgs"), f);
        byte[] all = Files.readAllBytes(built.archive());
        Path cut = tmp.resolve("cut").resolve(built.archive().getFileName());
        Files.createDirectories(cut.getParent());
        Files.write(cut, java.util.Arrays.copyOf(all, all.length / 2));
        CondockException e = refused(tmp, cut);
        assertTrue(
                e.getMessage().startsWith("package demo-1.0-h1_0: corrupt archive " + cut.getFileName() + ": "),
                e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        assertEquals(CondockException.USER_ERROR, e.exitCode());
    }

    @Test
    void notAnArchiveAtAll() throws Exception {
        Path junk = tmp.resolve("junk-1-0.conda");
        Files.writeString(junk, "<html>proxy error</html>");
        CondockException e = refused(tmp, junk);
        assertTrue(e.getMessage().startsWith("package junk-1-0: corrupt archive junk-1-0.conda: "), e.getMessage());
    }

    @Test
    void manifestListingAMissingMemberIsRefused() throws Exception {
        Path archive = new dev.condock.pkgbuild.PackageArchiveWriter()
                .write(
                        tmp,
                        "liar-1-0",
                        ArchiveFormat.CONDA,
                        List.of(
                                TarMember.file(
                                        "info/index.json",
                                        ("{\"name\":\"liar\",\"version\":\"1\",\"build\":\"0\"}")
                                                .getBytes(StandardCharsets.UTF_8),
                                        0644),
                                TarMember.file(
                                        "info/paths.json",
                                        ("{\"paths\":[{\"_path\":\"bin/ghost\",\"path_type\":"
                                                        + "\"hardlink\"}],\"paths_version\":1}")
                                                .getBytes(StandardCharsets.UTF_8),
                                        0644)),
                        List.of());
        CondockException e = assertThrows(
                CondockException.class,
                () -> new PackageInstaller(Fixtures.options(tmp)).install(Fixtures.recordFor(archive), archive));
        assertEquals(
                "package liar-1-0: info/paths.json lists 'bin/ghost', which the archive does not contain",
                e.getMessage());
        assertEquals(2, e.exitCode());
    }

    @Test
    void controlCharactersInNamesDoNotBreakTheOneLineMessage() throws Exception {
        CondockException e = refuse(ArchiveFormat.CONDA, file("/x\ny"));
        assertEquals("package evil-1.0-0: refusing archive member '/x\\x0ay': has an absolute path", e.getMessage());
    }
}
