package dev.condock.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.condock.pkgbuild.ArchiveFormat;
import dev.condock.pkgbuild.ChannelWriter;
import dev.condock.pkgbuild.CondaPackageWriter;
import dev.condock.util.Hashing;
import dev.condock.wheel.TestWheels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * REQUESTED and direct_url.json (PEP 376, PEP 610) are the same whether the build solved or installed its lock
 * (@EXPLICIT or conda-lock.yml): the locks carry the pip: section's top-level names and direct references in
 * {@code # pip-requested:} header lines, so a top-level requirement that is also another's dependency keeps
 * REQUESTED, and a {@code name @ URL} or local wheel path gets direct_url.json on every route.
 */
class PipRequestedTest {
    static final String SP = PipEnvironmentBuildTest.SP;

    @TempDir
    Path tmp;

    @Test
    void requestedAndDirectUrlOnEveryRoute() throws Exception {
        Path ch = tmp.resolve("channel");
        ChannelWriter.writePackages(
                ch,
                ArchiveFormat.CONDA,
                List.of(CondaPackageWriter.builder("python", "3.11.9", "h0_0_cpython")
                        .subdir("linux-64")
                        .file("bin/python3.11", "ELF", 0755)));
        Path index = tmp.resolve("index");
        TestWheels.pure("tiny_pkg", "1.0")
                .requires("helper")
                .file("tiny_pkg/__init__.py", "X = 1\n")
                .write(index.resolve("tiny-pkg"));
        TestWheels.pure("helper", "1.5").file("helper.py", "H = 1\n").write(index.resolve("helper"));
        TestWheels.pure("dep_only", "1.0").file("dep_only.py", "").write(index.resolve("dep-only"));
        Path local = TestWheels.pure("local_whl", "0.1")
                .requires("dep-only")
                .file("local_whl.py", "L = 1\n")
                .write(tmp.resolve("spec/wheels"));
        Path byUrl = TestWheels.pure("by_url", "2.0").file("by_url.py", "").write(tmp.resolve("elsewhere"));
        Path env = tmp.resolve("spec/environment.yml");
        Files.writeString(
                env,
                "channels: [" + ch.toUri() + "]\n"
                        + "dependencies:\n  - python=3.11\n  - pip:\n"
                        + "    - --index-url " + index.toUri() + "\n"
                        + "    - tiny-pkg==1.0\n"
                        + "    - helper\n" // also tiny-pkg's dependency: still requested
                        + "    - ./wheels/" + local.getFileName() + "\n"
                        + "    - by-url @ " + byUrl.toUri() + "\n");

        Path explicit = tmp.resolve("out/env.lock");
        BuildResult solved = build(BuildRequest.builder().environment(env).lockOut(explicit), "s");
        Path condaLock = tmp.resolve("out/conda-lock.yml");
        new Condock(BuildListener.SILENT)
                .lock(
                        BuildRequest.builder()
                                .environment(env)
                                .platform("linux-64")
                                .cacheRoot(tmp.resolve("cache"))
                                .build(),
                        condaLock,
                        null);
        assertTrue(Files.readString(explicit).contains("# pip-requested: by-url direct\n"));
        assertTrue(Files.readString(condaLock).contains("# pip-requested: linux-64 helper\n"));
        String recorded = PipLockBuildTestAccess.files(solved, new ArrayList<>())
                .get("opt/conda/conda-meta/condock/conda-lock.explicit.txt");
        assertTrue(
                recorded.contains("# pip helper @ ")
                        && recorded.contains("# pip-requested: helper\n")
                        && recorded.contains("# pip-requested: by-url direct\n"),
                "the solved build's record holds its pip wheels: " + recorded);

        for (BuildResult r : List.of(
                solved,
                build(BuildRequest.builder().lock(explicit), "e"),
                build(BuildRequest.builder().lock(condaLock), "c"))) {
            Map<String, String> f = PipLockBuildTestAccess.files(r, new ArrayList<>());
            assertTrue(f.containsKey(SP + "tiny_pkg-1.0.dist-info/REQUESTED"));
            assertTrue(f.containsKey(SP + "helper-1.5.dist-info/REQUESTED"), "top-level and a dependency");
            assertFalse(f.containsKey(SP + "dep_only-1.0.dist-info/REQUESTED"), "only a dependency");
            assertFalse(f.containsKey(SP + "helper-1.5.dist-info/direct_url.json"), "from the index");
            assertEquals(
                    "644 {\"archive_info\": {\"hash\": \"sha256=" + Hashing.sha256Hex(local) + "\", \"hashes\": "
                            + "{\"sha256\": \"" + Hashing.sha256Hex(local) + "\"}}, \"url\": \""
                            + local.toUri()
                            + "\"}\n",
                    f.get(SP + "local_whl-0.1.dist-info/direct_url.json"));
            assertTrue(
                    f.get(SP + "by_url-2.0.dist-info/direct_url.json").contains("by_url-2.0-py3-none-any.whl\"}"),
                    f.get(SP + "by_url-2.0.dist-info/direct_url.json"));
        }
    }

    private BuildResult build(BuildRequest.Builder b, String name) throws Exception {
        return new Condock(BuildListener.SILENT)
                .build(b.platform("linux-64")
                        .cacheRoot(tmp.resolve("cache-" + name))
                        .mtime(0)
                        .to("oci:" + tmp.resolve(name))
                        .build());
    }
}
