package dev.condock.lock;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.condock.model.Platform;
import dev.condock.util.CondockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/** pip wheels in both lock formats: written as conda-lock writes them, read back by both readers. */
class PipLockTest {
    @TempDir
    Path tmp;

    static final LockedWheel REQUESTS = new LockedWheel(
            "requests",
            "2.31.0",
            "https://files.example/packages/requests-2.31.0-py3-none-any.whl",
            "1".repeat(64),
            List.of("certifi"));
    static final LockedWheel CERTIFI = new LockedWheel(
            "certifi",
            "2024.2.2",
            "https://files.example/packages/certifi-2024.2.2-py3-none-any.whl",
            "2".repeat(64),
            List.of());

    @Test
    @SuppressWarnings("unchecked")
    void condaLockYamlCarriesPipEntriesAndReadsBack() throws Exception {
        LockedWheel secret = new LockedWheel(
                "tiny-pkg",
                "1.0",
                "https://user:pw@files.example/packages/tiny_pkg-1.0-py3-none-any.whl",
                "3".repeat(64),
                List.of());
        String y = LockWriter.condaLockYaml(
                LockWriterTest.sample(),
                List.of("environment.yml"),
                Map.of("linux-64", List.of(CERTIFI, REQUESTS, secret)));
        assertFalse(y.contains("pw@"), y);
        List<Map<String, Object>> pk =
                (List<Map<String, Object>>) ((Map<String, Object>) new Yaml().load(y)).get("package");
        Map<String, Object> req = pk.stream()
                .filter(m -> m.get("name").equals("requests"))
                .findFirst()
                .orElseThrow();
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("name", "requests");
        expected.put("version", "2.31.0");
        expected.put("manager", "pip");
        expected.put("platform", "linux-64");
        expected.put("dependencies", Map.of("certifi", "*"));
        expected.put("url", REQUESTS.url());
        expected.put("hash", Map.of("sha256", "1".repeat(64)));
        expected.put("category", "main");
        expected.put("optional", false);
        assertEquals(expected, req);
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(req.keySet()), "conda-lock's key order");
        Path f = tmp.resolve("conda-lock.yml");
        Files.writeString(f, y);
        LockFile lock = LockReader.read(f, Platform.LINUX_64);
        assertEquals(2, lock.packages().size(), "conda records unchanged");
        assertEquals(
                List.of(
                        CERTIFI,
                        REQUESTS,
                        new LockedWheel(
                                "tiny-pkg",
                                "1.0",
                                "https://files.example/packages/tiny_pkg-1.0-py3-none-any.whl",
                                "3".repeat(64),
                                List.of())),
                lock.pip());
        assertFalse(LockedWheel.requested(CERTIFI, lock.pip()), "a dependency of requests");
        assertTrue(LockedWheel.requested(lock.pip().get(1), lock.pip()));
    }

    @Test
    void explicitCarriesPipLinesAndTheInMemoryLockEqualsTheFile() throws Exception {
        String e = LockWriter.explicit(LockWriterTest.sample(), Platform.LINUX_64, List.of(REQUESTS, CERTIFI));
        assertTrue(
                e.endsWith("# pip certifi @ https://files.example/packages/certifi-2024.2.2-py3-none-any.whl#sha256="
                        + "2".repeat(64)
                        + "\n# pip requests @ https://files.example/packages/requests-2.31.0-py3-none-any.whl"
                        + "#sha256=" + "1".repeat(64) + "\n"),
                e);
        Path f = tmp.resolve("explicit.txt");
        Files.writeString(f, e);
        LockFile read = LockReader.read(f, Platform.LINUX_64);
        LockFile mem = LockWriter.explicitLock(
                LockWriterTest.sample(), Platform.LINUX_64, f.toString(), List.of(REQUESTS, CERTIFI));
        assertArrayEquals(read.content(), mem.content());
        assertEquals(read.pip(), mem.pip());
        assertEquals(read.packages(), mem.packages());
        assertEquals(
                List.of("certifi", "requests"),
                read.pip().stream().map(LockedWheel::name).toList());
        assertEquals("2.31.0", read.pip().get(1).version());
        assertEquals(List.of(), read.pip().get(1).dependencies());
    }

    @Test
    void condaLockWrittenByCondaLockIsRead() throws Exception {
        Path f = tmp.resolve("conda-lock.yml");
        Files.writeString(
                f,
                String.join(
                        "\n",
                        "version: 1",
                        "metadata: {platforms: [linux-64]}",
                        "package:",
                        "- name: zlib",
                        "  version: '1.3'",
                        "  manager: conda",
                        "  platform: linux-64",
                        "  dependencies: {}",
                        "  url: https://conda.example/linux-64/zlib-1.3-0.conda",
                        "  hash: {md5: " + "a".repeat(32) + "}",
                        "  category: main",
                        "  optional: false",
                        "- name: Typing_Extensions",
                        "  version: 4.9.0",
                        "  manager: pip",
                        "  platform: linux-64",
                        "  dependencies:",
                        "    some.dep: '>=1.0'",
                        "  url: https://files.example/typing_extensions-4.9.0-py3-none-any.whl",
                        "  hash:",
                        "    sha256: " + "A".repeat(64),
                        "  category: main",
                        "  optional: false",
                        "- name: devtool",
                        "  version: '1'",
                        "  manager: pip",
                        "  platform: linux-64",
                        "  url: https://files.example/devtool-1-py3-none-any.whl",
                        "  hash: {sha256: " + "b".repeat(64) + "}",
                        "  category: dev",
                        "  optional: true",
                        ""));
        LockFile lock = LockReader.read(f, Platform.LINUX_64);
        assertEquals(
                List.of(new LockedWheel(
                        "typing-extensions",
                        "4.9.0",
                        "https://files.example/typing_extensions-4.9.0-py3-none-any.whl",
                        "a".repeat(64),
                        Map.of("some-dep", ">=1.0"),
                        null,
                        false)),
                lock.pip());
    }

    @Test
    void pipDependenciesAreWrittenAsCondaLockWritesThem() throws Exception {
        // the shapes conda-lock 2.5 wrote into ../shared's real locks (requests 2.31.0, pydantic 2.5)
        assertEquals(">=2,<4", PipLockEntries.condaLockSpecifier("<4,>=2"));
        assertEquals(">=2017.4.17", PipLockEntries.condaLockSpecifier(">=2017.4.17"));
        assertEquals("2.14.3", PipLockEntries.condaLockSpecifier("==2.14.3"));
        assertEquals("*", PipLockEntries.condaLockSpecifier(""));
        assertEquals("==1.*", PipLockEntries.condaLockSpecifier("==1.*"));
        assertEquals(">=1.2,!=1.3,<2", PipLockEntries.condaLockSpecifier("!=1.3, <2, >=1.2"));
        LockedWheel req = new LockedWheel(
                REQUESTS.name(),
                REQUESTS.version(),
                REQUESTS.url(),
                REQUESTS.sha256(),
                Map.of("certifi", ">=2017.4.17", "idna", "<4,>=2.5"),
                true,
                false);
        String y = LockWriter.condaLockYaml(
                LockWriterTest.sample(), List.of("environment.yml"), Map.of("linux-64", List.of(CERTIFI, req)));
        assertTrue(y.contains("  dependencies:\n    certifi: '>=2017.4.17'\n    idna: '>=2.5,<4'\n"), y);
        Path f = tmp.resolve("conda-lock.yml");
        Files.writeString(f, y);
        List<LockedWheel> read = LockReader.read(f, Platform.LINUX_64).pip();
        assertEquals(
                Map.of("certifi", ">=2017.4.17", "idna", ">=2.5,<4"),
                read.get(1).requires());
        assertEquals(Boolean.TRUE, read.get(1).requested(), "the header's # pip-requested: line");
        assertEquals(Boolean.FALSE, read.get(0).requested(), "named in no # pip-requested: line");
    }

    @Test
    void realCondaLockFileWithPipDependencies() throws Exception {
        LockFile lock = LockReader.read(
                Path.of("../shared/conda-testdata/locks/conda-lock/test-install-with-pip-deps/" + "conda-lock.yml"),
                Platform.LINUX_64);
        assertEquals(
                List.of("certifi", "charset-normalizer", "requests", "urllib3"),
                lock.pip().stream().map(LockedWheel::name).toList());
        LockedWheel cn = lock.pip().get(1);
        assertEquals("3.3.2", cn.version());
        assertEquals("90d558489962fd4918143277a773316e56c72da56ec7aa3dc3dbbe20fdfed15b", cn.sha256());
        assertEquals(
                "charset_normalizer-3.3.2-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl", cn.filename());
        assertTrue(lock.pip().stream().allMatch(LockedWheel::isWheel));
        assertEquals(
                List.of("certifi", "charset-normalizer", "idna", "urllib3"),
                lock.pip().get(2).dependencies());
        assertTrue(LockedWheel.requested(lock.pip().get(2), lock.pip()));
        assertFalse(LockedWheel.requested(lock.pip().get(0), lock.pip()));
    }

    private CondockException bad(String name, String text) throws Exception {
        Path f = tmp.resolve(name);
        Files.writeString(f, text);
        CondockException ex = assertThrows(CondockException.class, () -> LockReader.read(f, Platform.LINUX_64));
        assertEquals(2, ex.exitCode());
        assertTrue(ex.getMessage().startsWith(f.toString() + ":"), ex.getMessage());
        return ex;
    }

    @Test
    void badPipEntriesNameTheLine() throws Exception {
        String head = "@EXPLICIT\nhttps://conda.example/linux-64/zlib-1.3-0.conda#" + "a".repeat(32) + "\n";
        assertTrue(bad("a.txt", head + "# pip x @ https://f.example/x-1-py3-none-any.whl\n")
                .getMessage()
                .contains(":3: pip package x has no #sha256"));
        assertTrue(bad("b.txt", head + "# pip x https://f.example/x-1-py3-none-any.whl\n")
                .getMessage()
                .contains(":3: malformed pip line"));
        assertTrue(
                bad("c.txt", head + "# pip x @ https://f.example/y-1-py3-none-any.whl#sha256=" + "c".repeat(64) + "\n")
                        .getMessage()
                        .contains("does not match its URL's wheel y-1-py3-none-any.whl"));
        assertTrue(bad("d.txt", head + "# pip x @ https://f.example/x-1.tar.gz#sha256=" + "c".repeat(64) + "\n")
                .getMessage()
                .contains("is not a wheel"));
        String y = "version: 1\npackage:\n- {name: zlib, version: '1.3', manager: conda, platform: linux-64, "
                + "url: 'https://conda.example/linux-64/zlib-1.3-0.conda', hash: {md5: " + "a".repeat(32) + "}}\n"
                + "- {name: x, version: '1', manager: pip, platform: linux-64, "
                + "url: 'https://f.example/x-1-py3-none-any.whl', hash: {md5: " + "a".repeat(32) + "}}\n";
        assertTrue(bad("e.yml", y).getMessage().contains(":4: pip package x has no sha256 hash"));
    }
}
