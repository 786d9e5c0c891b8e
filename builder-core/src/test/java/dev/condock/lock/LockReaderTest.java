package dev.condock.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.condock.model.PackageRecord;
import dev.condock.model.Platform;
import dev.condock.util.CondockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LockReaderTest {
    static final Path LOCKS = Path.of("../shared/conda-testdata/locks");

    @Test
    void readsRealExplicitLockInFileOrder() throws Exception {
        LockFile lock = LockReader.read(LOCKS.resolve("conda-lock/zlib/conda-linux-64.lock"), Platform.LINUX_64);
        List<String> names = lock.packages().stream().map(PackageRecord::name).toList();
        assertEquals(List.of("_libgcc_mutex", "libgomp", "_openmp_mutex", "libgcc-ng", "libzlib", "zlib"), names);
        PackageRecord z = lock.packages().get(5);
        assertEquals("1.2.11", z.version());
        assertEquals("h36c2ea0_1013", z.build());
        assertEquals("linux-64", z.subdir());
        assertEquals("https://conda.anaconda.org/conda-forge", z.channel());
        assertEquals("cf7190238072a41e9579e4476a6a60b8", z.md5());
        assertNull(z.sha256());
        assertEquals(64, lock.sha256().length());
    }

    @Test
    void explicitLockForAnotherPlatformIsRefused() {
        CondockException e = assertThrows(
                CondockException.class,
                () -> LockReader.read(LOCKS.resolve("conda-lock/zlib/conda-osx-64.lock"), Platform.LINUX_64));
        assertTrue(e.getMessage().contains("osx-64"), e.getMessage());
        assertEquals(2, e.exitCode());
    }

    @Test
    void readsCondaLockYmlTopologically() throws Exception {
        LockFile lock = LockReader.read(LOCKS.resolve("conda-lock/test-lockfile/conda-lock.yml"), Platform.LINUX_64);
        List<String> names = lock.packages().stream().map(PackageRecord::name).toList();
        assertTrue(names.size() > 5);
        // every locked dependency comes before its dependent, unless the two are in a dependency cycle
        java.util.Map<String, PackageRecord> byName = new java.util.HashMap<>();
        lock.packages().forEach(r -> byName.put(r.name(), r));
        for (int i = 0; i < lock.packages().size(); i++) {
            for (String dep : lock.packages().get(i).depends()) {
                String dn = dep.split(" ")[0];
                int j = names.indexOf(dn);
                assertTrue(j < 0 || j < i || reaches(byName, dn, names.get(i)), dep + " after " + names.get(i));
            }
        }
        assertTrue(names.indexOf("_libgcc_mutex") < names.indexOf("_openmp_mutex"));
    }

    private static boolean reaches(java.util.Map<String, PackageRecord> byName, String from, String to) {
        java.util.Deque<String> todo = new java.util.ArrayDeque<>(List.of(from));
        java.util.Set<String> seen = new java.util.HashSet<>();
        while (!todo.isEmpty()) {
            String n = todo.pop();
            if (n.equals(to)) {
                return true;
            }
            if (seen.add(n) && byName.containsKey(n)) {
                byName.get(n).depends().forEach(d -> todo.push(d.split(" ")[0]));
            }
        }
        return false;
    }

    @Test
    void condaLockForMissingPlatformNamesWhatItHas() {
        CondockException e = assertThrows(
                CondockException.class,
                () -> LockReader.read(
                        LOCKS.resolve("conda-lock/test-lockfile/conda-lock.yml"), Platform.of("linux-aarch64")));
        assertTrue(e.getMessage().contains("linux-aarch64") && e.getMessage().contains("osx-64"), e.getMessage());
    }

    @Test
    void explicitHashesAndLocalPaths(@TempDir Path dir) throws Exception {
        String sha = "a".repeat(64);
        Path f = dir.resolve("lock.txt");
        Files.writeString(
                f,
                "# comment\n@EXPLICIT\n" + dir.resolve("pkgs/linux-64/foo-1.0-h1_0.conda") + "#sha256:" + sha
                        + "\nfile:///srv/chan/noarch/bar-2.0-py_0.tar.bz2#" + "b".repeat(32) + "\n");
        LockFile lock = LockReader.read(f, Platform.LINUX_64);
        PackageRecord foo = lock.packages().get(0);
        assertEquals(sha, foo.sha256());
        assertTrue(foo.url().startsWith("file:/"), foo.url());
        assertEquals("foo", foo.name());
        PackageRecord bar = lock.packages().get(1);
        assertEquals("noarch", bar.subdir());
        assertEquals("b".repeat(32), bar.md5());
        assertEquals("bar-2.0-py_0.tar.bz2", bar.fn());
    }

    @Test
    void malformedLineNamesFileAndLine(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.txt");
        Files.writeString(f, "@EXPLICIT\nhttps://x/c/linux-64/a-1-0.conda\nhttps://x/c/linux-64/b-1-0.conda#nothex\n");
        CondockException e = assertThrows(CondockException.class, () -> LockReader.read(f, Platform.LINUX_64));
        assertTrue(e.getMessage().startsWith(f + ":3: malformed hash"), e.getMessage());
        assertEquals(2, e.exitCode());

        Files.writeString(f, "@EXPLICIT\nhttps://x/c/linux-64/notapackage.zip\n");
        e = assertThrows(CondockException.class, () -> LockReader.read(f, Platform.LINUX_64));
        assertTrue(e.getMessage().startsWith(f + ":2:"), e.getMessage());
    }

    @Test
    void missingFileAndBrokenYaml(@TempDir Path dir) throws Exception {
        CondockException e =
                assertThrows(CondockException.class, () -> LockReader.read(dir.resolve("nope.yml"), Platform.LINUX_64));
        assertTrue(e.getMessage().contains("not found"));
        Path f = dir.resolve("conda-lock.yml");
        Files.writeString(f, "version: 1\npackage:\n  - name: [unclosed\n");
        e = assertThrows(CondockException.class, () -> LockReader.read(f, Platform.LINUX_64));
        assertTrue(e.getMessage().startsWith(f + ":"), e.getMessage());
        assertTrue(e.getMessage().contains("YAML"), e.getMessage());
    }
}
