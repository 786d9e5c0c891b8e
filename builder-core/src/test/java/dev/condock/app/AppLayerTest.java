package dev.condock.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.condock.layer.Compression;
import dev.condock.util.CondockException;
import dev.condock.util.Workers;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The app layer's bytes: only paths, contents, executable bits, mode: and owner: reach them. */
class AppLayerTest {
    @TempDir
    Path tmp;

    /** One entry as the tar holds it. */
    record Entry(String type, int mode, int uid, int gid, long mtime, String link) {}

    private AppLayer layer(List<AppFile> files) throws Exception {
        return AppLayer.write(files, Compression.GZIP, 1_700_000_000L, Workers.callerRuns(), tmp.resolve("blobs"));
    }

    private static Map<String, Entry> entries(AppLayer l) throws Exception {
        Map<String, Entry> out = new LinkedHashMap<>();
        try (InputStream in =
                        new GZIPInputStream(Files.newInputStream(l.written().blob()));
                TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                String type = e.isDirectory() ? "dir" : e.isSymbolicLink() ? "link" : "file";
                out.put(
                        e.getName(),
                        new Entry(
                                type,
                                e.getMode(),
                                (int) e.getLongUserId(),
                                (int) e.getLongGroupId(),
                                e.getModTime().getTime() / 1000,
                                e.isSymbolicLink() ? e.getLinkName() : null));
            }
        }
        return out;
    }

    /** A project tree; {@code loose}: group-writable modes (another umask), other mtimes, reverse creation order. */
    private Path project(String name, boolean loose, String trainCode) throws Exception {
        Path d = Files.createDirectories(tmp.resolve(name));
        List<String[]> files = new ArrayList<>(List.of(
                new String[] {"src/train.py", trainCode, "n"},
                new String[] {"src/util/io.py", "def read(): pass\n", "n"},
                new String[] {"scripts/run.sh", "#!/bin/sh\npython src/train.py\n", "x"},
                new String[] {"notebooks/explore.ipynb", "{}\n", "n"}));
        if (loose) {
            java.util.Collections.reverse(files);
        }
        for (String[] f : files) {
            Path p = d.resolve(f[0]);
            Files.createDirectories(p.getParent());
            Files.writeString(p, f[1]);
            String perms = f[2].equals("x") ? (loose ? "rwxrwxr-x" : "rwxr-xr-x") : (loose ? "rw-rw-r--" : "rw-r--r--");
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
            Files.setLastModifiedTime(p, FileTime.fromMillis(loose ? 1_000_000_000_000L : 1_600_000_000_000L));
        }
        return d;
    }

    @Test
    void sameTreeSameBytesWhateverMtimesUmaskAndCreationOrder() throws Exception {
        Path a = project("a", false, "print('train')\n");
        Path b = project("b", true, "print('train')\n");
        AppLayer la = layer(List.of(AppFile.of(a, ".", "/app", null, List.of(), null, "t")));
        AppLayer lb = layer(List.of(AppFile.of(b, ".", "/app", null, List.of(), null, "t")));
        assertEquals(
                la.written().descriptor().digest(), lb.written().descriptor().digest());
        assertEquals(la.written().diffId(), lb.written().diffId());
        Map<String, Entry> e = entries(la);
        assertEquals(
                List.of(
                        "app/",
                        "app/notebooks/",
                        "app/notebooks/explore.ipynb",
                        "app/scripts/",
                        "app/scripts/run.sh",
                        "app/src/",
                        "app/src/train.py",
                        "app/src/util/",
                        "app/src/util/io.py"),
                List.copyOf(e.keySet()),
                "sorted, parents first");
        assertEquals(0755, e.get("app/scripts/run.sh").mode());
        assertEquals(0644, e.get("app/src/train.py").mode());
        assertEquals(1_700_000_000L, e.get("app/src/train.py").mtime());
        assertEquals(0, e.get("app/src/train.py").uid());
    }

    @Test
    void aCodeEditChangesTheLayer() throws Exception {
        AppLayer before =
                layer(List.of(AppFile.of(project("a", false, "lr = 0.1\n"), ".", "/app", null, List.of(), null, "t")));
        AppLayer after =
                layer(List.of(AppFile.of(project("b", false, "lr = 0.2\n"), ".", "/app", null, List.of(), null, "t")));
        assertNotEquals(
                before.written().descriptor().digest(),
                after.written().descriptor().digest());
    }

    @Test
    void ignoreFilesExcludeAndExceptions() throws Exception {
        Path d = project("p", false, "x\n");
        Files.writeString(d.resolve("secret.env"), "TOKEN=1\n");
        Files.createDirectories(d.resolve("src/__pycache__"));
        Files.writeString(d.resolve("src/__pycache__/train.pyc"), "bytecode");
        Files.writeString(d.resolve(".dockerignore"), "secret.env\n");
        // .condockignore wins over .dockerignore: secret.env is not in it
        Files.writeString(
                d.resolve(".condockignore"),
                "**/__pycache__\nnotebooks\n!notebooks/explore.ipynb\n" + ".condockignore\n.dockerignore\n");
        Map<String, Entry> e = entries(layer(List.of(AppFile.of(d, ".", "/app", null, List.of("scripts"), null, "t"))));
        assertTrue(e.containsKey("app/secret.env"), ".dockerignore is not read when .condockignore exists");
        assertFalse(e.containsKey("app/src/__pycache__/train.pyc"));
        assertFalse(e.containsKey("app/src/__pycache__/"));
        assertTrue(e.containsKey("app/notebooks/explore.ipynb"), "re-included by an exception");
        assertFalse(e.containsKey("app/scripts/run.sh"), "exclude: of the entry, relative to src");
        assertFalse(e.containsKey("app/.condockignore"));
    }

    @Test
    void modeOwnerGlobsAndSingleFiles() throws Exception {
        Path d = project("p", false, "x\n");
        Map<String, Entry> e = entries(layer(List.of(
                AppFile.of(d, "src", "/opt/app/src", "0700", List.of(), "1000:100", "t"),
                AppFile.of(d, "scripts/*.sh", "/usr/local/bin", null, List.of(), null, "t"),
                AppFile.of(d, "src/train.py", "/etc/train.py", null, List.of(), "42", "t"),
                AppFile.of(d, "src/util/io.py", "/srv/", null, List.of(), null, "t"))));
        assertEquals(new Entry("file", 0700, 1000, 100, 1_700_000_000L, null), e.get("opt/app/src/train.py"));
        assertEquals(new Entry("dir", 0755, 1000, 100, 1_700_000_000L, null), e.get("opt/app/src/util/"));
        assertEquals(1000, e.get("opt/app/src/").uid(), "dest itself belongs to the owner");
        assertEquals(0, e.get("opt/app/").uid(), "its parents stay root's");
        assertEquals(0755, e.get("usr/local/bin/run.sh").mode());
        assertEquals(42, e.get("etc/train.py").gid());
        assertTrue(e.containsKey("srv/io.py"), "a dest ending in / keeps the file's name");
    }

    @Test
    void symlinksInsideTheTreeAreKeptOthersRefused() throws Exception {
        Path d = project("p", false, "x\n");
        Files.createSymbolicLink(d.resolve("src/latest.py"), Path.of("train.py"));
        Files.createSymbolicLink(d.resolve("src/util/up.py"), Path.of("../train.py"));
        Map<String, Entry> e = entries(layer(List.of(AppFile.of(d, "src", "/app", null, List.of(), null, "t"))));
        assertEquals("train.py", e.get("app/latest.py").link());
        assertEquals("../train.py", e.get("app/util/up.py").link());

        Files.createSymbolicLink(d.resolve("src/escape"), Path.of("../../outside"));
        CondockException out = assertThrows(
                CondockException.class,
                () -> layer(List.of(AppFile.of(d, "src", "/app", null, List.of(), null, "condock.yaml:4"))));
        assertEquals(2, out.exitCode());
        assertTrue(
                out.getMessage()
                        .startsWith("condock.yaml:4: " + d.resolve("src/escape") + " is a symlink to "
                                + "../../outside, outside the copied tree"),
                out.getMessage());
        Files.delete(d.resolve("src/escape"));
        Files.createSymbolicLink(d.resolve("src/abs"), Path.of("/etc/passwd"));
        assertThrows(
                CondockException.class, () -> layer(List.of(AppFile.of(d, "src", "/app", null, List.of(), null, "t"))));
    }

    @Test
    void specialFilesAreRefusedNamingThePath() throws Exception {
        Path d = project("p", false, "x\n");
        Path fifo = d.resolve("src/pipe");
        Process p = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertEquals(0, p.waitFor());
        CondockException e = assertThrows(
                CondockException.class,
                () -> layer(List.of(AppFile.of(d, ".", "/app", null, List.of(), null, "--file .:/app"))));
        assertEquals("--file .:/app: " + fifo + " is a special file (fifo, socket or device): refused", e.getMessage());
    }

    @Test
    void badValuesAreUserErrors() {
        assertThrows(CondockException.class, () -> AppFile.of(tmp, "x", "app", null, List.of(), null, "t"));
        assertThrows(CondockException.class, () -> AppFile.of(tmp, "x", "/a/../b", null, List.of(), null, "t"));
        assertThrows(CondockException.class, () -> AppFile.of(tmp, "x", "/a", "rwx", List.of(), null, "t"));
        assertThrows(CondockException.class, () -> AppFile.of(tmp, "x", "/a", null, List.of(), "root", "t"));
        assertThrows(CondockException.class, () -> AppFile.parseFlag("nodest", tmp));
        CondockException missing = assertThrows(
                CondockException.class,
                () -> layer(List.of(AppFile.of(tmp, "nope", "/a", null, List.of(), null, "condock.yaml:3"))));
        assertEquals("condock.yaml:3: " + tmp.resolve("nope") + " not found", missing.getMessage());
    }
}
