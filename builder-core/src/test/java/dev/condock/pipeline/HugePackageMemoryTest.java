package dev.condock.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.condock.pkgbuild.HugePackage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14's bounded memory, at a size a unit test affords: a package of 40,000 empty files builds in a JVM whose
 * heap is capped at 64 MB (before: OutOfMemoryError at 64 MB). What used to hold memory per entry (the conda-meta record built in a byte array, the
 * tree CreatedTime parsed of that record, the raw paths.json, the linker's per-member objects and path maps
 * kept until the record was written) needed about 1.3 KB per path, which does not fit; the 300,000-file figure
 * of record is measured whole-process by {@code scripts/bench-memory.sh huge 300000}.
 */
class HugePackageMemoryTest {
    static final int FILES = 40_000;
    static final String HEAP = "-Xmx64m";

    @TempDir
    Path tmp;

    @Test
    void hugePackageBuildsInASmallHeap() throws Exception {
        Path lock = HugePackage.write(tmp.resolve("in"), FILES);
        Path oci = tmp.resolve("oci");
        Process p = new ProcessBuilder(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        HEAP,
                        "-XX:+UseSerialGC",
                        "-cp",
                        System.getProperty("java.class.path"),
                        Build.class.getName(),
                        lock.toString(),
                        tmp.resolve("cache").toString(),
                        oci.toString()))
                .redirectErrorStream(true)
                .redirectOutput(tmp.resolve("out.log").toFile())
                .start();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "build did not finish");
        String log = Files.readString(tmp.resolve("out.log"));
        assertEquals(0, p.exitValue(), log);
        assertTrue(log.contains("digest sha256:"), log);
        assertTrue(Files.isRegularFile(oci.resolve("index.json")));
    }

    /** The build in its own JVM, so its heap can be capped. */
    static final class Build {
        public static void main(String[] args) throws Exception {
            BuildResult r = new Condock(new BuildListener() {
                        @Override
                        public void info(String message) {}

                        @Override
                        public void warn(String message) {}
                    })
                    .build(LockFixtures.request(Path.of(args[0]), Path.of(args[1]), 2)
                            .to("oci:" + args[2])
                            .build());
            System.out.println("digest " + r.digest());
        }
    }
}
