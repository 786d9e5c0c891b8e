package dev.condock.pkgbuild;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packages the writer makes are read by GNU tar, unzip and zstd, and are byte-identical on rewrite. */
class CondaPackageWriterTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    static PackageContents sample() {
        return CondaPackageWriter.builder("hello", "1.0", "h0_3")
                .subdir("linux-64")
                .depends("libz >=1.2")
                .license("MIT")
                .file("bin/hello", "#!/bin/sh\necho hi\n", 0755)
                .textPrefix("etc/hello.conf", "prefix=/opt/anaconda1anaconda2anaconda3\n", 0644)
                .binaryPrefix(
                        "lib/libhello.so",
                        ("\0/opt/anaconda1anaconda2anaconda3/lib\0x").getBytes(StandardCharsets.UTF_8),
                        0755,
                        CondaPackageWriter.DEFAULT_PLACEHOLDER)
                .symlink("lib/libhello.so.1", "libhello.so")
                .hardlink("bin/hello2", "bin/hello")
                .directory("var/empty");
    }

    @Test
    void tarBz2IsReadByGnuTar() throws Exception {
        BuiltPackage p = sample().write(tmp, ArchiveFormat.TAR_BZ2);
        assertEquals("hello-1.0-h0_3.tar.bz2", p.fn());
        assertEquals(KitFiles.sha256Hex(p.archive()), p.sha256());
        assertEquals(3, p.buildNumber());
        String listing = sh("tar tvjf " + p.archive());
        assertTrue(listing.contains("info/index.json"), listing);
        assertTrue(listing.contains("info/paths.json"), listing);
        assertTrue(listing.contains("info/has_prefix"), listing);
        assertTrue(listing.matches("(?s).*lrwxrwxrwx.*lib/libhello.so.1 -> libhello.so.*"), listing);
        assertTrue(listing.matches("(?s).*-rwxr-xr-x.*bin/hello\n.*"), listing);
        assertTrue(listing.contains("bin/hello2 link to bin/hello"), listing);
        assertTrue(listing.contains("var/empty/"), listing);
        String hasPrefix = sh("tar xjOf " + p.archive() + " info/has_prefix");
        assertEquals(
                "/opt/anaconda1anaconda2anaconda3 text etc/hello.conf\n"
                        + "/opt/anaconda1anaconda2anaconda3 binary lib/libhello.so\n",
                hasPrefix);
    }

    @Test
    void condaIsReadByUnzipAndZstd() throws Exception {
        BuiltPackage p = sample().build()
                .write(
                        tmp,
                        ArchiveFormat.CONDA,
                        new PackageArchiveWriter().zstdFrames(3).zipDirectory("nested/dir"));
        String zip = sh("unzip -l " + p.archive());
        assertTrue(zip.contains("nested/dir/metadata.json"), zip);
        String pkg = sh("unzip -p " + p.archive() + " nested/dir/pkg-hello-1.0-h0_3.tar.zst | zstd -dc | tar tv");
        assertTrue(pkg.contains("bin/hello2 link to bin/hello"), pkg);
        String paths = sh("unzip -p " + p.archive() + " nested/dir/info-hello-1.0-h0_3.tar.zst | zstd -dc"
                + " | tar xO info/paths.json");
        JsonNode json = JSON.readTree(paths);
        assertEquals(1, json.get("paths_version").asInt());
        JsonNode first = json.get("paths").get(0);
        assertEquals("bin/hello", first.get("_path").asText());
        assertEquals(
                KitFiles.sha256Hex("#!/bin/sh\necho hi\n".getBytes(StandardCharsets.UTF_8)),
                first.get("sha256").asText());
        assertEquals("binary", json.get("paths").get(3).get("file_mode").asText());
        assertEquals("lib/libhello.so", json.get("paths").get(3).get("_path").asText());
        assertEquals("{\"conda_pkg_format_version\": 2}", sh("unzip -p " + p.archive() + " nested/dir/metadata.json"));
    }

    @Test
    void legacyPackageHasNoPathsJson() throws Exception {
        BuiltPackage p = sample().legacy(true).write(tmp, ArchiveFormat.TAR_BZ2);
        String listing = sh("tar tjf " + p.archive());
        assertTrue(!listing.contains("info/paths.json") && listing.contains("info/files"), listing);
        assertEquals(
                "bin/hello\nbin/hello2\netc/hello.conf\nlib/libhello.so\nlib/libhello.so.1\n",
                sh("tar xjOf " + p.archive() + " info/files"));
    }

    @Test
    void noarchPythonCarriesLinkJson() throws Exception {
        BuiltPackage p = CondaPackageWriter.builder("tool", "2.0", "py_0")
                .noarch("python")
                .file("site-packages/tool/__init__.py", "", 0644)
                .entryPoint("tool = tool.cli:main")
                .write(tmp, ArchiveFormat.CONDA);
        assertEquals("noarch", p.subdir());
        JsonNode link = JSON.readTree(
                sh("unzip -p " + p.archive() + " info-tool-2.0-py_0.tar.zst | zstd -dc | tar xO info/link.json"));
        assertEquals("python", link.at("/noarch/type").asText());
        assertEquals("tool = tool.cli:main", link.at("/noarch/entry_points/0").asText());
        assertEquals("python", p.index().get("noarch"));
    }

    @Test
    void longAndNonAsciiNamesUsePaxHeadersTarReads() throws Exception {
        String longName = "share/" + "deep/".repeat(40) + "file.txt";
        BuiltPackage p = CondaPackageWriter.builder("names", "1", "0")
                .file(longName, "x", 0644)
                .file("share/caf\u00e9/na\u00efve.txt", "y", 0644)
                .symlink("share/link", "deep/".repeat(30) + "target")
                .write(tmp, ArchiveFormat.TAR_BZ2);
        String listing = sh("tar --quoting-style=literal -tjf " + p.archive());
        assertTrue(listing.contains(longName + "\n"), listing);
        assertTrue(listing.contains("share/caf\u00e9/na\u00efve.txt\n"), listing);
        assertTrue(sh("tar tvjf " + p.archive()).contains("share/link -> " + "deep/".repeat(30) + "target"));
    }

    @Test
    void outputIsDeterministic() throws Exception {
        for (ArchiveFormat f : ArchiveFormat.values()) {
            byte[] a = Files.readAllBytes(sample().write(tmp.resolve("a"), f).archive());
            byte[] b = Files.readAllBytes(sample().write(tmp.resolve("b"), f).archive());
            assertArrayEquals(a, b, f.toString());
        }
    }

    @Test
    void channelWriterWritesRepodataPerSubdir() throws Exception {
        Path channel = tmp.resolve("channel");
        List<BuiltPackage> built = ChannelWriter.writePackages(
                channel,
                ArchiveFormat.CONDA,
                List.of(
                        sample(),
                        CondaPackageWriter.builder("pure", "1", "py_0")
                                .noarch("python")
                                .file("site-packages/p.py", "", 0644)));
        BuiltPackage tarBz2 = sample().write(tmp.resolve("elsewhere"), ArchiveFormat.TAR_BZ2);
        ChannelWriter.write(channel, List.of(built.get(0), built.get(1), tarBz2));
        JsonNode linux = JSON.readTree(channel.resolve("linux-64/repodata.json").toFile());
        assertEquals("linux-64", linux.at("/info/subdir").asText());
        JsonNode rec = linux.get("packages.conda").get("hello-1.0-h0_3.conda");
        assertEquals(built.get(0).sha256(), rec.get("sha256").asText());
        assertEquals(
                Files.size(channel.resolve("linux-64/hello-1.0-h0_3.conda")),
                rec.get("size").asLong());
        assertEquals("libz >=1.2", rec.get("depends").get(0).asText());
        assertEquals(
                tarBz2.md5(),
                linux.get("packages").get("hello-1.0-h0_3.tar.bz2").get("md5").asText());
        assertTrue(Files.exists(channel.resolve("linux-64/hello-1.0-h0_3.tar.bz2")));
        JsonNode noarch = JSON.readTree(channel.resolve("noarch/repodata.json").toFile());
        assertEquals(
                "python", noarch.at("/packages.conda/pure-1-py_0.conda/noarch").asText());
    }

    /** Runs a shell pipeline with the GNU tools and returns stdout; fails on a non-zero exit. */
    static String sh(String command) throws IOException, InterruptedException {
        assumeTrue(
                Files.isExecutable(Path.of("/usr/bin/zstd")) || Files.isExecutable(Path.of("/bin/zstd")),
                "zstd not installed");
        Process p = new ProcessBuilder("bash", "-o", "pipefail", "-c", command)
                .redirectErrorStream(false)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), command + ": " + err);
        return out;
    }
}
