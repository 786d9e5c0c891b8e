package dev.condock.install;

import static dev.condock.install.Fixtures.get;
import static dev.condock.install.Fixtures.install;
import static dev.condock.install.Fixtures.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.condock.model.TreeEntry;
import dev.condock.pkgbuild.ArchiveFormat;
import dev.condock.pkgbuild.CondaPackageWriter;
import dev.condock.pkgbuild.PackageContents;
import dev.condock.testing.Records;
import dev.condock.util.CondockException;
import dev.condock.util.Json;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Packages written by pkgbuild, installed in both formats. */
class PackageInstallerTest {
    static final String PH = CondaPackageWriter.DEFAULT_PLACEHOLDER;

    @TempDir
    Path tmp;

    static byte[] binaryWithPlaceholder() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(new byte[] {0x7f, 'E', 'L', 'F', 0});
        b.writeBytes((PH + "/lib:" + PH + "/lib64").getBytes(StandardCharsets.UTF_8));
        b.write(0);
        b.writeBytes("tail".getBytes(StandardCharsets.UTF_8));
        b.write(0);
        return b.toByteArray();
    }

    static PackageContents sample() {
        return CondaPackageWriter.builder("demo", "1.0", "h1_0")
                .file("bin/tool", "#!/bin/sh\necho tool\n", 0755)
                .file("share/demo/readonly.txt", "x", 0444)
                .file("share/demo/worldwritable.txt", "w", 0666)
                .textPrefix("etc/demo.conf", "home=" + PH + "\nagain=" + PH + "/x\n", 0644)
                .textPrefix("bin/demo-script", "#!" + PH + "/bin/python\nprint('" + PH + "')\n", 0755)
                .binaryPrefix("lib/libdemo.so", binaryWithPlaceholder(), 0755, PH)
                .file("lib/libdemo.so.1.0", "real library", 0755)
                .symlink("lib/libdemo.so.1", "libdemo.so.1.0")
                .symlink("lib/libdemo.so.current", "libdemo.so.1")
                .symlink("share/demo/lib", "../../lib")
                .hardlink("bin/tool-again", "bin/tool")
                .directory("var/empty");
    }

    @ParameterizedTest
    @EnumSource(ArchiveFormat.class)
    void textPlaceholdersAreReplacedEverywhere(ArchiveFormat format) throws Exception {
        InstalledPackage p = install(tmp, sample(), format);
        assertEquals("home=/opt/conda\nagain=/opt/conda/x\n", text(get(p, "etc/demo.conf")));
        assertEquals("#!/opt/conda/bin/python\nprint('/opt/conda')\n", text(get(p, "bin/demo-script")));
        assertEquals(0755, get(p, "bin/demo-script").mode());
    }

    @ParameterizedTest
    @EnumSource(ArchiveFormat.class)
    void binaryPlaceholdersArePaddedWithNuls(ArchiveFormat format) throws Exception {
        InstalledPackage p = install(tmp, sample(), format);
        byte[] in = binaryWithPlaceholder();
        byte[] out = Fixtures.bytes(get(p, "lib/libdemo.so"));
        ByteArrayOutputStream want = new ByteArrayOutputStream();
        want.writeBytes(new byte[] {0x7f, 'E', 'L', 'F', 0});
        want.writeBytes("/opt/conda/lib:/opt/conda/lib64".getBytes(StandardCharsets.UTF_8));
        // two placeholders in one string: the string keeps its length, the difference becomes trailing NULs
        want.writeBytes(new byte[2 * (PH.length() - "/opt/conda".length())]);
        want.write(0);
        want.writeBytes("tail".getBytes(StandardCharsets.UTF_8));
        want.write(0);
        assertArrayEquals(want.toByteArray(), out);
        assertEquals(in.length, out.length);
        assertEquals(out.length, get(p, "lib/libdemo.so").size());
    }

    @Test
    void aPrefixLongerThanABinaryPlaceholderIsAnError() throws Exception {
        var built = sample().write(tmp.resolve("pkgs"), ArchiveFormat.CONDA);
        String longPrefix = "/opt/" + "x".repeat(PH.length());
        InstallOptions o = new InstallOptions(longPrefix, null, tmp.resolve("s"), 1L << 30);
        CondockException e = assertThrows(
                CondockException.class, () -> new PackageInstaller(o).install(Records.of(built), built.archive()));
        assertEquals(CondockException.USER_ERROR, e.exitCode());
        assertTrue(
                e.getMessage()
                        .startsWith("package demo-1.0-h1_0: cannot install binary file lib/libdemo.so: prefix "
                                + longPrefix + " (" + longPrefix.length() + " bytes) is longer than its placeholder"),
                e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @ParameterizedTest
    @EnumSource(ArchiveFormat.class)
    void linksAndModesSurvive(ArchiveFormat format) throws Exception {
        InstalledPackage p = install(tmp, sample(), format);
        assertEquals(TreeEntry.Kind.SYMLINK, get(p, "lib/libdemo.so.1").kind());
        assertEquals("libdemo.so.1.0", get(p, "lib/libdemo.so.1").linkTarget());
        assertEquals("libdemo.so.1", get(p, "lib/libdemo.so.current").linkTarget());
        assertEquals("../../lib", get(p, "share/demo/lib").linkTarget());
        TreeEntry hard = get(p, "bin/tool-again");
        assertEquals(TreeEntry.Kind.HARDLINK, hard.kind());
        assertEquals("bin/tool", hard.linkTarget());
        assertEquals("#!/bin/sh\necho tool\n", text(hard));
        assertEquals(0755, hard.mode());
        assertEquals(0755, get(p, "bin/tool").mode());
        assertEquals(0444, get(p, "share/demo/readonly.txt").mode());
        assertEquals(0644, get(p, "share/demo/worldwritable.txt").mode(), "group/other write is dropped");
        assertEquals(TreeEntry.Kind.DIRECTORY, get(p, "var/empty").kind());
        List<String> paths = Fixtures.paths(p);
        assertEquals(paths.stream().sorted().toList(), paths, "entries are sorted by path");
    }

    @Test
    void legacyHasPrefixPackagesAreReplacedToo() throws Exception {
        InstalledPackage p = install(tmp, sample().legacy(true), ArchiveFormat.TAR_BZ2);
        assertEquals("home=/opt/conda\nagain=/opt/conda/x\n", text(get(p, "etc/demo.conf")));
        assertEquals(binaryWithPlaceholder().length, get(p, "lib/libdemo.so").size());
        assertTrue(text(get(p, "lib/libdemo.so")).contains("/opt/conda/lib:/opt/conda/lib64\0"));
        assertEquals("libdemo.so.1.0", get(p, "lib/libdemo.so.1").linkTarget());
    }

    @Test
    void legacyBarePathLineMeansDefaultPlaceholderInTextMode() throws Exception {
        PackageContents c = CondaPackageWriter.builder("old", "1", "0")
                .legacy(true)
                .file("etc/old.conf", "p=" + PH + "\n", 0644)
                .info("info/has_prefix", "etc/old.conf\n".getBytes(StandardCharsets.UTF_8));
        InstalledPackage p = install(tmp, c, ArchiveFormat.TAR_BZ2);
        assertEquals("p=/opt/conda\n", text(get(p, "etc/old.conf")));
    }

    @Test
    void longShebangsAfterReplacementUseUsrBinEnv() throws Exception {
        String prefix = "/opt/" + "deep/".repeat(30) + "env";
        PackageContents c = CondaPackageWriter.builder("sheb", "1", "0")
                .textPrefix("bin/run", "#!" + PH + "/bin/perl -w\nprint 1;\n", 0755);
        var built = c.write(tmp.resolve("pkgs"), ArchiveFormat.CONDA);
        InstalledPackage p = new PackageInstaller(new InstallOptions(prefix, null, tmp.resolve("s"), 1L << 30))
                .install(Records.of(built), built.archive());
        assertEquals("#!/usr/bin/env perl -w\nprint 1;\n", text(get(p, "bin/run")));
    }

    @ParameterizedTest
    @EnumSource(ArchiveFormat.class)
    void noarchPythonIsRelocatedAndGetsEntryPoints(ArchiveFormat format) throws Exception {
        PackageContents c = CondaPackageWriter.builder("tool", "2.0", "pyh_0")
                .noarch("python")
                .file("site-packages/tool/__init__.py", "", 0644)
                .file("site-packages/tool/cli.py", "def main(): pass\n", 0644)
                .textPrefix("python-scripts/tool-legacy", "#!" + PH + "/bin/python\n", 0755)
                .entryPoint("tool = tool.cli:main")
                .entryPoint("tool-sub = tool.cli:App.run");
        InstalledPackage p = install(tmp, c, format);
        assertTrue(
                Fixtures.entry(p, "lib/python3.11/site-packages/tool/cli.py").isPresent(),
                Fixtures.paths(p).toString());
        assertFalse(Fixtures.entry(p, "site-packages/tool/cli.py").isPresent());
        assertEquals("#!/opt/conda/bin/python\n", text(get(p, "bin/tool-legacy")));
        assertEquals(0755, get(p, "bin/tool-legacy").mode());
        assertEquals(
                "#!/opt/conda/bin/python3.11\n"
                        + "# -*- coding: utf-8 -*-\n"
                        + "import re\n"
                        + "import sys\n"
                        + "\n"
                        + "from tool.cli import main\n"
                        + "\n"
                        + "if __name__ == '__main__':\n"
                        + "    sys.argv[0] = re.sub(r'(-script\\.pyw?|\\.exe)?$', '', sys.argv[0])\n"
                        + "    sys.exit(main())\n",
                text(get(p, "bin/tool")));
        assertTrue(text(get(p, "bin/tool-sub")).contains("from tool.cli import App\n"));
        assertTrue(text(get(p, "bin/tool-sub")).contains("sys.exit(App.run())\n"));
        assertEquals(0755, get(p, "bin/tool").mode());
        JsonNode meta = Json.CANONICAL.readTree(Fixtures.bytes(get(p, "conda-meta/tool-2.0-pyh_0.json")));
        assertTrue(meta.get("files").toString().contains("\"bin/tool\""));
        assertTrue(meta.get("paths_data").toString().contains("unix_python_entry_point"));
    }

    @Test
    void noarchPythonWithoutPythonIsAUserError() throws Exception {
        var built = CondaPackageWriter.builder("tool", "2.0", "pyh_0")
                .noarch("python")
                .file("site-packages/t.py", "", 0644)
                .write(tmp.resolve("pkgs"), ArchiveFormat.CONDA);
        InstallOptions o = new InstallOptions("/opt/conda", null, tmp.resolve("s"), 1L << 30);
        CondockException e = assertThrows(
                CondockException.class, () -> new PackageInstaller(o).install(Records.of(built), built.archive()));
        assertEquals(
                "package tool-2.0-pyh_0 is noarch: python, but the environment has no python"
                        + " (add python to the environment)",
                e.getMessage());
    }

    @Test
    void linkScriptsAreListedAndNotRun() throws Exception {
        PackageContents c = CondaPackageWriter.builder("hooky", "1", "0")
                .postLink("touch /tmp/pwned\n")
                .file("bin/.hooky-pre-unlink.sh", "rm -rf /\n", 0755);
        InstalledPackage p = install(tmp, c, ArchiveFormat.CONDA);
        assertEquals(List.of("bin/.hooky-post-link.sh", "bin/.hooky-pre-unlink.sh"), p.linkScripts());
        assertEquals(2, p.warnings().size());
        assertTrue(
                p.warnings().get(0).contains("bin/.hooky-post-link.sh was not run"),
                p.warnings().toString());
    }

    @Test
    void condaMetaRecordDescribesThePackage() throws Exception {
        var built = sample().write(tmp.resolve("pkgs"), ArchiveFormat.CONDA);
        var record = Records.of(built).toBuilder()
                .url("https://conda.anaconda.org/test/linux-64/" + built.fn())
                .channel("https://conda.anaconda.org/test")
                .build();
        InstalledPackage p = new PackageInstaller(Fixtures.options(tmp)).install(record, built.archive(), "demo >=1");
        JsonNode m = Json.CANONICAL.readTree(Fixtures.bytes(get(p, "conda-meta/demo-1.0-h1_0.json")));
        assertEquals("demo", m.get("name").asText());
        assertEquals(built.sha256(), m.get("sha256").asText());
        assertEquals(built.md5(), m.get("md5").asText());
        assertEquals("demo-1.0-h1_0.conda", m.get("fn").asText());
        assertEquals("https://conda.anaconda.org/test", m.get("channel").asText());
        assertEquals("demo >=1", m.get("requested_spec").asText());
        assertEquals(1, m.at("/link/type").asInt());
        assertEquals("/opt/conda/pkgs/demo-1.0-h1_0", m.at("/link/source").asText());
        assertEquals(1, m.at("/paths_data/paths_version").asInt());
        JsonNode conf = null;
        for (JsonNode n : m.at("/paths_data/paths")) {
            if (n.get("_path").asText().equals("etc/demo.conf")) {
                conf = n;
            }
        }
        assertEquals(PH, conf.get("prefix_placeholder").asText());
        assertEquals("text", conf.get("file_mode").asText());
        assertEquals(
                dev.condock.util.Hashing.sha256Hex(Fixtures.bytes(get(p, "etc/demo.conf"))),
                conf.get("sha256_in_prefix").asText());
        assertFalse(m.get("files").toString().contains("var/empty"), "directories are not files");
        assertTrue(m.get("files").toString().contains("lib/libdemo.so.1\""));
    }

    @Test
    void resultDoesNotDependOnWhereOrWhenItRuns() throws Exception {
        var built = sample().write(tmp.resolve("pkgs"), ArchiveFormat.CONDA);
        InstalledPackage a =
                new PackageInstaller(Fixtures.options(tmp.resolve("a"))).install(Records.of(built), built.archive());
        InstalledPackage b =
                new PackageInstaller(Fixtures.options(tmp.resolve("b"))).install(Records.of(built), built.archive());
        assertEquals(Fixtures.snapshot(a, true), Fixtures.snapshot(b, true));
    }

    @Test
    void multiFrameZstdUnderAZipDirectoryInstallsLikeThePlainLayout() throws Exception {
        var plain = sample().write(tmp.resolve("plain"), ArchiveFormat.CONDA);
        var odd = sample().build()
                .write(
                        tmp.resolve("odd"),
                        ArchiveFormat.CONDA,
                        new dev.condock.pkgbuild.PackageArchiveWriter()
                                .zstdFrames(4)
                                .zipDirectory("Users/someone/Downloads"));
        InstalledPackage a =
                new PackageInstaller(Fixtures.options(tmp.resolve("a"))).install(Records.of(plain), plain.archive());
        InstalledPackage b =
                new PackageInstaller(Fixtures.options(tmp.resolve("b"))).install(Records.of(odd), odd.archive());
        assertEquals(Fixtures.snapshot(a, false), Fixtures.snapshot(b, false));
    }

    @Test
    void archiveRootAndInfoDirectoryEntriesAreIgnored() throws Exception {
        Path archive = Fixtures.rawPackage(
                tmp.resolve("pkgs"),
                "dotted-1-0",
                ArchiveFormat.TAR_BZ2,
                List.of(
                        dev.condock.pkgbuild.TarMember.directory("./", 0755),
                        dev.condock.pkgbuild.TarMember.directory("info", 0755),
                        dev.condock.pkgbuild.TarMember.file("./bin/x", "x".getBytes(StandardCharsets.UTF_8), 0755)));
        InstalledPackage p = new PackageInstaller(Fixtures.options(tmp)).install(Fixtures.recordFor(archive), archive);
        assertEquals(List.of("bin/x", "conda-meta/dotted-1-0.json"), Fixtures.paths(p));
    }

    @Test
    void recordFieldsThatWouldBePathsAreRefused() throws Exception {
        var built = sample().write(tmp.resolve("pkgs"), ArchiveFormat.CONDA);
        var evil = dev.condock.model.PackageRecord.of("demo", "1.0", "../../x");
        CondockException e = assertThrows(
                CondockException.class,
                () -> new PackageInstaller(Fixtures.options(tmp)).install(evil, built.archive()));
        assertEquals(
                "package record 'demo-1.0-../../x': name, version and build must be plain conda identifiers",
                e.getMessage());
    }
}
