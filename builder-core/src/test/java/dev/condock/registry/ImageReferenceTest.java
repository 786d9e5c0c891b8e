package dev.condock.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.condock.util.CondockException;
import org.junit.jupiter.api.Test;

class ImageReferenceTest {
    private static final String D = "sha256:" + "ab".repeat(32);

    @Test
    void hostPortRepoTag() throws Exception {
        ImageReference r = ImageReference.parse("127.0.0.1:5301/team/app:v1.2");
        assertEquals("127.0.0.1:5301", r.registry());
        assertEquals("team/app", r.repository());
        assertEquals("v1.2", r.tag());
        assertNull(r.digest());
        assertEquals("127.0.0.1:5301/team/app:v1.2", r.toString());
        assertEquals("127.0.0.1:5301", r.apiHost());
    }

    @Test
    void dockerPrefixAndDigest() throws Exception {
        ImageReference r = ImageReference.parse("docker://localhost/app@" + D);
        assertEquals("localhost", r.registry());
        assertEquals(D, r.digest());
        assertEquals(D, r.qualifier());
        assertNull(r.tag());
    }

    @Test
    void dockerHubDefaults() throws Exception {
        ImageReference r = ImageReference.parse("busybox");
        assertEquals("docker.io", r.registry());
        assertEquals("library/busybox", r.repository());
        assertEquals("latest", r.tag());
        assertEquals("registry-1.docker.io", r.apiHost());
        assertEquals(
                "library/busybox",
                ImageReference.parse("index.docker.io/busybox:1").repository());
        // "user/app": the first component has no '.' or ':' so it is a Hub namespace, not a host
        assertEquals("docker.io", ImageReference.parse("user/app").registry());
    }

    @Test
    void portWithoutTagIsNotATag() throws Exception {
        ImageReference r = ImageReference.parse("reg.example:5000/app");
        assertEquals("reg.example:5000", r.registry());
        assertEquals("latest", r.tag());
    }

    @Test
    void rejectsBadInputWithOneLine() {
        for (String bad : new String[] {
            "", "Reg/UPPER:1", "host:5000/app:bad tag", "app@sha256:123", "https://host/app", "host/app//x"
        }) {
            CondockException e = assertThrows(CondockException.class, () -> ImageReference.parse(bad), bad);
            assertEquals(CondockException.USER_ERROR, e.exitCode());
            assertTrue(e.getMessage().startsWith("invalid image reference"), e.getMessage());
            assertTrue(!e.getMessage().contains("\n"));
        }
    }
}
