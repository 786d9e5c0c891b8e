package dev.condock.image;

import dev.condock.util.CondockException;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ImageTargetTest {
    @Test
    void parsesTargets() throws Exception {
        ImageTarget t = ImageTarget.parse("oci:out/img:v1");
        assertEquals(ImageTarget.Kind.OCI_LAYOUT, t.kind());
        assertEquals(Path.of("out/img"), t.path());
        assertEquals("v1", t.tag());
        assertNull(ImageTarget.parse("oci:out/img").tag());
        assertEquals("v1", ImageTarget.parse("oci:/abs/dir:v1").tag());
        ImageTarget d = ImageTarget.parse("docker-archive:img.tar:repo/name:tag");
        assertEquals(ImageTarget.Kind.DOCKER_ARCHIVE, d.kind());
        assertEquals("repo/name:tag", d.tag());
        assertEquals(ImageTarget.Kind.REGISTRY, ImageTarget.parse("localhost:5000/a/b:c").kind());
        assertEquals("localhost:5000/a", ImageTarget.parse("docker://localhost:5000/a").reference());
    }

    @Test
    void rejectsBadTargets() {
        assertThrows(CondockException.class, () -> ImageTarget.parse("oci:"));
        assertThrows(CondockException.class, () -> ImageTarget.parse("oci:dir:bad tag"));
        assertThrows(CondockException.class, () -> ImageTarget.parse("dir:/tmp/x"));
    }
}
