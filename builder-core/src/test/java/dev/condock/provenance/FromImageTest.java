package dev.condock.provenance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.condock.pipeline.BuildListener;
import dev.condock.pipeline.BuildRequest;
import dev.condock.pipeline.Condock;
import dev.condock.util.CondockException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** build --from-image: the record's inputs and the image's labels give the same image again. */
class FromImageTest {
    @TempDir
    Path tmp;

    @Test
    void rebuildOfASolvedImageFromItsRecordHasTheSameDigest() throws Exception {
        Path spec = ProvenanceFixtures.spec(tmp.resolve("spec"), ProvenanceFixtures.channel(tmp));
        String original = new Condock(BuildListener.SILENT)
                .build(BuildRequest.builder()
                        .spec(spec)
                        .cacheRoot(tmp.resolve("cache"))
                        .mtime(1700000000)
                        .sbom(SbomFormat.CYCLONEDX)
                        .to("oci:" + tmp.resolve("a"))
                        .lockOut(tmp.resolve("a.lock"))
                        .build())
                .digest();
        // another cache, no spec directory: everything comes from the image
        BuildRequest again = BuildRequest.builder()
                .fromImage("oci:" + tmp.resolve("a"))
                .cacheRoot(tmp.resolve("cache2"))
                .to("oci:" + tmp.resolve("b"))
                .build();
        assertEquals(original, again.provenance().rebuildOf().digest());
        assertEquals("/opt/env", again.prefix());
        // the record holds the lock: rebuilt from it, not solved again (channels move)
        assertEquals(
                java.util.List.of("conda-lock.explicit.txt"),
                again.source() instanceof BuildRequest.FromLock l
                        ? java.util.List.of(l.path().getFileName().toString())
                        : java.util.List.of(again.source().toString()));
        assertEquals(original, new Condock(BuildListener.SILENT).build(again).digest());
        // a flag still wins, and then the digest honestly differs
        String other = new Condock(BuildListener.SILENT)
                .build(BuildRequest.builder()
                        .fromImage("oci:" + tmp.resolve("a"))
                        .mtime(1)
                        .cacheRoot(tmp.resolve("cache2"))
                        .to("oci:" + tmp.resolve("c"))
                        .build())
                .digest();
        assertNotEquals(original, other);
    }

    @Test
    void rebuildOfALockBuiltImageAndMisuse() throws Exception {
        Path spec = ProvenanceFixtures.spec(tmp.resolve("spec"), ProvenanceFixtures.channel(tmp));
        new Condock(BuildListener.SILENT)
                .build(BuildRequest.builder()
                        .spec(spec)
                        .cacheRoot(tmp.resolve("cache"))
                        .to("oci:" + tmp.resolve("a"))
                        .lockOut(tmp.resolve("a.lock"))
                        .build());
        String fromLock = new Condock(BuildListener.SILENT)
                .build(BuildRequest.builder()
                        .lock(tmp.resolve("a.lock"))
                        .prefix("/opt/x")
                        .cacheRoot(tmp.resolve("cache"))
                        .to("oci:" + tmp.resolve("l"))
                        .build())
                .digest();
        String rebuilt = new Condock(BuildListener.SILENT)
                .build(BuildRequest.builder()
                        .fromImage("oci:" + tmp.resolve("l"))
                        .cacheRoot(tmp.resolve("cache3"))
                        .to("oci:" + tmp.resolve("r"))
                        .build())
                .digest();
        assertEquals(fromLock, rebuilt);
        CondockException both = assertThrows(
                CondockException.class,
                () -> BuildRequest.builder()
                        .fromImage("oci:" + tmp.resolve("l"))
                        .lock(tmp.resolve("a.lock"))
                        .to("oci:x")
                        .build());
        assertEquals(2, both.exitCode());
    }
}
