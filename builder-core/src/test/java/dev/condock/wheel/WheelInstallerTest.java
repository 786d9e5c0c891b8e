package dev.condock.wheel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.condock.install.NoarchPython;
import dev.condock.model.PythonAbi;
import dev.condock.model.TreeEntry;
import dev.condock.util.CondockException;
import dev.condock.util.Hashing;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Wheels written by {@link TestWheels}, installed and checked entry by entry. */
class WheelInstallerTest {
    static final PythonAbi PY = new PythonAbi("3.11", false);
    static final String SP = "lib/python3.11/site-packages/";

    @TempDir
    Path tmp;

    private InstalledWheel install(Path wheel, boolean requested, String directUrl) throws Exception {
        return new WheelInstaller("/opt/conda", PY, tmp.resolve("staging"), 1L << 30)
                .install(new WheelToInstall(
                        wheel.getFileName().toString(), wheel, Hashing.sha256Hex(wheel), requested, directUrl));
    }

    static Map<String, TreeEntry> byPath(InstalledWheel w) {
        return w.entries().stream().collect(Collectors.toMap(TreeEntry::path, e -> e, (a, b) -> a, TreeMap::new));
    }

    static String text(TreeEntry e) throws IOException {
        return Files.readString(e.content());
    }

    @Test
    void pureWheelLandsInSitePackagesWithRewrittenRecord() throws Exception {
        Path whl = TestWheels.pure("tiny_pkg", "1.0")
                .file("tiny_pkg/__init__.py", "X = 1\n")
                .file("tiny_pkg/sub/mod.py", "def f():\n    return 2\n")
                .write(tmp.resolve("in"));
        InstalledWheel w = install(whl, true, null);
        assertEquals("tiny-pkg", w.name());
        assertEquals("1.0", w.version());
        Map<String, TreeEntry> e = byPath(w);
        String di = SP + "tiny_pkg-1.0.dist-info/";
        assertEquals(
                List.of(
                        di + "INSTALLER",
                        di + "METADATA",
                        di + "RECORD",
                        di + "REQUESTED",
                        di + "WHEEL",
                        SP + "tiny_pkg/__init__.py",
                        SP + "tiny_pkg/sub/mod.py"),
                List.copyOf(e.keySet()));
        assertEquals("X = 1\n", text(e.get(SP + "tiny_pkg/__init__.py")));
        assertEquals(0644, e.get(SP + "tiny_pkg/__init__.py").mode());
        assertEquals("condock\n", text(e.get(di + "INSTALLER")));
        assertEquals(0, e.get(di + "REQUESTED").size());
        // RECORD names every installed file with its installed hash and size, and itself without a hash
        List<String> record = Files.readAllLines(e.get(di + "RECORD").content());
        assertEquals(e.size(), record.size());
        assertEquals("tiny_pkg-1.0.dist-info/RECORD,,", record.get(record.size() - 1));
        for (String line : record.subList(0, record.size() - 1)) {
            String[] f = line.split(",");
            TreeEntry t = e.get(SP + f[0]);
            byte[] content = Files.readAllBytes(t.content());
            assertEquals("sha256=" + TestWheels.b64sha256(content), f[1], line);
            assertEquals(Long.toString(content.length), f[2], line);
        }
    }

    @Test
    void notRequestedHasNoRequestedFileAndDirectUrlIsPep610() throws Exception {
        Path whl = TestWheels.pure("dep", "2.0").file("dep.py", "").write(tmp.resolve("in"));
        Map<String, TreeEntry> e = byPath(install(whl, false, null));
        assertFalse(e.containsKey(SP + "dep-2.0.dist-info/REQUESTED"));
        assertFalse(e.containsKey(SP + "dep-2.0.dist-info/direct_url.json"));
        Map<String, TreeEntry> d = byPath(install(whl, true, "https://example.org/dep-2.0-py3-none-any.whl"));
        String sha = Hashing.sha256Hex(whl);
        assertEquals(
                "{\"archive_info\": {\"hash\": \"sha256=" + sha + "\", \"hashes\": {\"sha256\": \"" + sha
                        + "\"}}, \"url\": \"https://example.org/dep-2.0-py3-none-any.whl\"}\n",
                text(d.get(SP + "dep-2.0.dist-info/direct_url.json")));
        assertTrue(text(d.get(SP + "dep-2.0.dist-info/RECORD")).contains("dep-2.0.dist-info/direct_url.json,sha256="));
    }

    @Test
    void platlibDataSchemesScriptsAndEntryPoints() throws Exception {
        TestWheels t = new TestWheels("fastthing", "0.3", "cp311-cp311-manylinux_2_28_x86_64").platlib();
        Path whl = t.file("fastthing/_core.so", new byte[] {0x7f, 'E', 'L', 'F', 1, 2}, 0755)
                .file("fastthing/__init__.py", "from ._core import *\n")
                .file(t.data() + "/scripts/fast-run", "#!python\nimport fastthing\nprint('run')\n")
                .file(t.data() + "/scripts/fast-sh", "#!/bin/sh\necho hi\n")
                .file(t.data() + "/data/share/fastthing/table.txt", "1 2 3\n")
                .file(t.data() + "/headers/fast.h", "#define FAST 1\n")
                .file(t.data() + "/purelib/fastthing_extra.py", "Y = 2\n")
                .consoleScript("fast", "fastthing.cli:main")
                .consoleScript("fast-x", "fastthing:App.run [extra]")
                .write(tmp.resolve("in"));
        Map<String, TreeEntry> e = byPath(install(whl, true, null));
        assertEquals(0755, e.get(SP + "fastthing/_core.so").mode());
        assertArrayEquals(
                new byte[] {0x7f, 'E', 'L', 'F', 1, 2},
                Files.readAllBytes(e.get(SP + "fastthing/_core.so").content()));
        assertEquals("#!/opt/conda/bin/python3.11\nimport fastthing\nprint('run')\n", text(e.get("bin/fast-run")));
        assertEquals(0755, e.get("bin/fast-run").mode());
        assertEquals("#!/bin/sh\necho hi\n", text(e.get("bin/fast-sh")));
        assertEquals(0755, e.get("bin/fast-sh").mode());
        assertEquals("1 2 3\n", text(e.get("share/fastthing/table.txt")));
        assertEquals("#define FAST 1\n", text(e.get("include/python3.11/fastthing/fast.h")));
        assertEquals("Y = 2\n", text(e.get(SP + "fastthing_extra.py")));
        assertArrayEquals(
                NoarchPython.launcher("/opt/conda", PY, "fastthing.cli", "main"),
                Files.readAllBytes(e.get("bin/fast").content()));
        assertEquals(0755, e.get("bin/fast").mode());
        String launcher = text(e.get("bin/fast-x"));
        assertTrue(launcher.startsWith("#!/opt/conda/bin/python3.11\n"), launcher);
        assertTrue(
                launcher.contains("from fastthing import App\n") && launcher.contains("sys.exit(App.run())"), launcher);
        String record = text(e.get(SP + "fastthing-0.3.dist-info/RECORD"));
        assertTrue(record.contains("../../../bin/fast,sha256="), record);
        assertTrue(record.contains("../../../share/fastthing/table.txt,sha256="), record);
        assertFalse(
                e.keySet().stream().anyMatch(p -> p.contains(".data/")),
                e.keySet().toString());
    }

    @Test
    void sameWheelSameEntriesAndBytes() throws Exception {
        Path whl = TestWheels.pure("det", "1")
                .file("det/a.py", "a")
                .file("det/b.py", "b")
                .consoleScript("det", "det.a:main")
                .write(tmp.resolve("in"));
        InstalledWheel a = install(whl, true, null);
        Map<String, String> first = new TreeMap<>();
        for (TreeEntry t : a.entries()) {
            first.put(t.path(), t.mode() + " " + Hashing.sha256Hex(t.content()));
        }
        InstalledWheel b = install(whl, true, null);
        Map<String, String> second = new TreeMap<>();
        for (TreeEntry t : b.entries()) {
            second.put(t.path(), t.mode() + " " + Hashing.sha256Hex(t.content()));
        }
        assertEquals(first, second);
    }

    private void refused(TestWheels t, String expected) throws Exception {
        Path whl = t.write(tmp.resolve("hostile-" + System.nanoTime()));
        CondockException ex = assertThrows(CondockException.class, () -> install(whl, true, null));
        assertEquals(2, ex.exitCode(), ex.getMessage());
        assertTrue(ex.getMessage().contains(t.filename()) && ex.getMessage().contains(expected), ex.getMessage());
        assertFalse(ex.getMessage().contains("\n"), ex.getMessage());
    }

    @Test
    void hostileWheelsAreRefused() throws Exception {
        refused(TestWheels.pure("h", "1").file("../../etc/evil", "x"), "'..' component");
        refused(TestWheels.pure("h", "1").file("/etc/evil", "x"), "absolute path");
        TestWheels d = TestWheels.pure("h", "1");
        refused(d.file(d.data() + "/data/../../../etc/evil", "x"), "'..' component");
        TestWheels s = TestWheels.pure("h", "1");
        refused(s.file(s.data() + "/scripts/sub/x", "x"), "subdirectory of .data/scripts");
        TestWheels u = TestWheels.pure("h", "1");
        refused(u.file(u.data() + "/bogus/x", "x"), "unknown .data scheme 'bogus'");
        refused(TestWheels.pure("h", "1").symlink("h/link", "/etc/passwd"), "is a symlink");
        refused(TestWheels.pure("h", "1").file("h/back\\slash", "x"), "backslash");
        refused(TestWheels.pure("h", "1").consoleScript("../evil", "h:main"), "entry_points.txt");
    }

    @Test
    void recordMismatchesAreRefused() throws Exception {
        refused(
                TestWheels.pure("r", "1")
                        .withRecordHash(
                                "r.py",
                                "real",
                                "sha256=" + TestWheels.b64sha256("other".getBytes(StandardCharsets.UTF_8))),
                "does not match its RECORD hash");
        refused(TestWheels.pure("r", "1").withRecordHash("r.py", "x", ""), "not listed in RECORD");
        refused(TestWheels.pure("r", "1").withRecordHash("r.py", "x", "md5=abc"), "sha256 or stronger");
        refused(TestWheels.pure("r", "1").withRecordHash("r.py", "x", ""), "'r.py'");
    }

    @Test
    void metadataDirectoryMustBeTheWheels() throws Exception {
        Path whl = TestWheels.pure("right", "1").file("right.py", "").write(tmp.resolve("in"));
        Path renamed = Files.copy(whl, tmp.resolve("wrong-1-py3-none-any.whl"));
        CondockException ex = assertThrows(CondockException.class, () -> install(renamed, true, null));
        assertTrue(ex.getMessage().contains("not for wrong"), ex.getMessage());
        Path notZip = Files.writeString(tmp.resolve("z-1-py3-none-any.whl"), "not a zip");
        ex = assertThrows(CondockException.class, () -> install(notZip, true, null));
        assertTrue(ex.getMessage().contains("not a readable zip"), ex.getMessage());
        assertEquals(2, ex.exitCode());
    }
}
