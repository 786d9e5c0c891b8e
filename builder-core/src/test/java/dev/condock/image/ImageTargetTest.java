package dev.condock.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.condock.util.CondockException;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ImageTargetTest {
    @Test
    void parsesTargets() throws Exception {
        assertEquals(new OciTarget(Path.of("out/img"), Optional.of("v1")), ImageTarget.parse("oci:out/img:v1"));
        assertEquals(new OciTarget(Path.of("out/img"), Optional.empty()), ImageTarget.parse("oci:out/img"));
        assertEquals(new OciTarget(Path.of("/abs/dir"), "v1"), ImageTarget.parse("oci:/abs/dir:v1"));
        assertEquals(
                new DockerArchiveTarget(Path.of("img.tar"), Optional.of("repo/name:tag")),
                ImageTarget.parse("docker-archive:img.tar:repo/name:tag"));
        assertEquals(new RegistryTarget("localhost:5000/a/b:c"), ImageTarget.parse("localhost:5000/a/b:c"));
        assertEquals(new RegistryTarget("localhost:5000/a"), ImageTarget.parse("docker://localhost:5000/a"));
    }

    @Test
    void printsAsParsed() throws Exception {
        for (String s : new String[] {
            "oci:out/img:v1",
            "oci:out/img",
            "docker-archive:img.tar",
            "docker-archive:img.tar:repo/name:tag",
            "localhost:5000/a/b:c"
        }) {
            assertEquals(s, ImageTarget.parse(s).toString());
        }
        assertEquals(
                "localhost:5000/a",
                ImageTarget.parse("docker://localhost:5000/a").toString());
    }

    @Test
    void dockerArchiveNameDefaults() throws Exception {
        assertEquals("condock:latest", ((DockerArchiveTarget) ImageTarget.parse("docker-archive:a.tar")).repoTag());
        assertEquals(
                "repo/x:latest", ((DockerArchiveTarget) ImageTarget.parse("docker-archive:a.tar:repo/x")).repoTag());
        assertEquals("repo/x:1", ((DockerArchiveTarget) ImageTarget.parse("docker-archive:a.tar:repo/x:1")).repoTag());
    }

    @Test
    void resolvesPathsButNotReferences() throws Exception {
        Path dir = Path.of("/specs/app");
        assertEquals(
                "oci:/specs/out:v1",
                ImageTarget.parse("oci:../out:v1").resolveAgainst(dir).toString());
        assertEquals(
                "docker-archive:/specs/app/a.tar:n:t",
                ImageTarget.parse("docker-archive:a.tar:n:t")
                        .resolveAgainst(dir)
                        .toString());
        assertEquals(
                "oci:/abs", ImageTarget.parse("oci:/abs").resolveAgainst(dir).toString());
        assertEquals(
                "example.com/a:b",
                ImageTarget.parse("example.com/a:b").resolveAgainst(dir).toString());
    }

    @Test
    void dockerArchiveRefusesAnIndex() throws Exception {
        ImageTarget t = ImageTarget.parse("docker-archive:a.tar");
        CondockException e = assertThrows(CondockException.class, () -> t.checkWriteIndex(null));
        assertEquals(
                "a multi-platform image cannot go into a docker-archive (it holds one platform): "
                        + "docker-archive:a.tar",
                e.getMessage());
    }

    @Test
    void rejectsBadTargets() {
        assertEquals(
                "'oci:': oci: needs a directory (oci:DIR[:TAG])",
                assertThrows(CondockException.class, () -> ImageTarget.parse("oci:"))
                        .getMessage());
        assertEquals(
                "'oci:dir:bad tag': invalid tag 'bad tag'",
                assertThrows(CondockException.class, () -> ImageTarget.parse("oci:dir:bad tag"))
                        .getMessage());
        assertThrows(CondockException.class, () -> ImageTarget.parse("docker-archive:"));
        assertThrows(CondockException.class, () -> ImageTarget.parse("dir:/tmp/x"));
    }
}
