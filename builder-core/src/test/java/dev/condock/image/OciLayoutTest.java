package dev.condock.image;

import static dev.condock.image.ImageFixtures.image;
import static dev.condock.image.ImageFixtures.json;
import static dev.condock.image.ImageFixtures.sha256;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.condock.model.Platform;
import dev.condock.util.CondockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OciLayoutTest {
    @TempDir
    Path tmp;

    private JsonNode indexJson() throws Exception {
        return json(Files.readAllBytes(tmp.resolve("index.json")));
    }

    private static List<String> refs(JsonNode index) {
        List<String> out = new ArrayList<>();
        index.path("manifests")
                .forEach(m ->
                        out.add(m.path("annotations").path(OciLayout.REF_NAME).asText(null)));
        return out;
    }

    @Test
    void writesALayoutAndReadsItBack() throws Exception {
        ImageBlobs img = image(Platform.LINUX_64, "one", "two");
        new OciLayout(tmp).write(img, "v1");

        assertEquals(
                "1.0.0",
                json(Files.readAllBytes(tmp.resolve("oci-layout")))
                        .path("imageLayoutVersion")
                        .asText());
        JsonNode index = indexJson();
        assertEquals(2, index.path("schemaVersion").asInt());
        assertEquals(Descriptor.OCI_INDEX, index.path("mediaType").asText());
        assertEquals(1, index.path("manifests").size());
        JsonNode m = index.path("manifests").get(0);
        assertEquals(Descriptor.OCI_MANIFEST, m.path("mediaType").asText());
        assertEquals(img.manifest().digest(), m.path("digest").asText());
        assertEquals(img.manifestBytes().length, m.path("size").asLong());
        assertEquals("v1", m.path("annotations").path(OciLayout.REF_NAME).asText());

        // every blob is named by the sha256 of its bytes, and there are exactly the image's blobs
        Set<String> names = new TreeSet<>();
        try (Stream<Path> blobs = Files.list(tmp.resolve("blobs/sha256"))) {
            for (Path p : blobs.toList()) {
                assertEquals(p.getFileName().toString(), sha256(Files.readAllBytes(p)), p.toString());
                names.add("sha256:" + p.getFileName());
            }
        }
        Set<String> expected = new TreeSet<>(List.of(
                img.manifest().digest(),
                img.config().digest(),
                img.layers().get(0).descriptor().digest(),
                img.layers().get(1).descriptor().digest()));
        assertEquals(expected, names);

        ImageBlobs back = new OciLayout(tmp).read("v1");
        assertEquals(img.manifest().digest(), back.manifest().digest());
        assertArrayEquals(img.manifestBytes(), back.manifestBytes());
        assertArrayEquals(img.configBytes(), back.configBytes());
        assertEquals(img.config(), back.config());
        assertEquals(2, back.layers().size());
        for (int i = 0; i < 2; i++) {
            assertEquals(img.layers().get(i).descriptor(), back.layers().get(i).descriptor());
            assertEquals(
                    "pkg-" + (i == 0 ? "one" : "two"),
                    back.layers().get(i).descriptor().annotations().get("dev.condock.packages"));
            assertArrayEquals(
                    ImageFixtures.read(img.layers().get(i).source()),
                    ImageFixtures.read(back.layers().get(i).source()));
        }
    }

    @Test
    void tagsShareALayoutAndRetaggingReplacesOnlyThatTag() throws Exception {
        ImageBlobs a = image(Platform.LINUX_64, "a");
        ImageBlobs b = image(Platform.LINUX_64, "b");
        OciLayout layout = new OciLayout(tmp);
        layout.write(a, null);
        layout.write(b, "v2");
        assertEquals(List.of("latest", "v2"), refs(indexJson()));
        assertEquals(a.manifest().digest(), layout.read(null).manifest().digest(), "no tag reads 'latest'");
        assertEquals(b.manifest().digest(), layout.read("v2").manifest().digest());

        layout.write(b, "latest");
        JsonNode index = indexJson();
        assertEquals(List.of("v2", "latest"), refs(index));
        for (JsonNode m : index.path("manifests")) {
            assertEquals(b.manifest().digest(), m.path("digest").asText());
        }
        // a's blobs stay (nothing garbage-collects), the shared layout still reads
        assertTrue(Files.exists(layout.blobPath(a.manifest().digest())));
        assertEquals(b.manifest().digest(), layout.read("latest").manifest().digest());
    }

    @Test
    void anUntaggedReadOfSeveralImagesAsksForATag() throws Exception {
        OciLayout layout = new OciLayout(tmp);
        layout.write(image(Platform.LINUX_64, "a"), "x");
        layout.write(image(Platform.LINUX_64, "b"), "y");
        CondockException e = assertThrows(CondockException.class, () -> layout.read(null));
        assertEquals(tmp + ": holds 2 images; name one with oci:" + tmp + ":TAG", e.getMessage());
    }

    @Test
    void anUnknownTagOrAMissingLayoutIsAUserError() throws Exception {
        OciLayout layout = new OciLayout(tmp);
        CondockException none = assertThrows(CondockException.class, () -> layout.read("v1"));
        assertEquals(tmp + ": not an OCI image layout (no index.json)", none.getMessage());
        layout.write(image(Platform.LINUX_64, "a"), "v1");
        CondockException e = assertThrows(CondockException.class, () -> layout.read("v9"));
        assertEquals(tmp + ": no image tagged 'v9'", e.getMessage());
        assertEquals(2, e.exitCode());
    }

    @Test
    void writesAnIndexForSeveralPlatformsAndReadsOneBack() throws Exception {
        Platform arm = Platform.of("linux-aarch64");
        ImageBlobs amd64 = image(Platform.LINUX_64, "x86 bits");
        ImageBlobs arm64 = image(arm, "arm bits");
        ImageIndex index = ImageIndex.assemble(
                List.of(
                        new ImageIndex.PlatformImage(Platform.LINUX_64, amd64),
                        new ImageIndex.PlatformImage(arm, arm64)),
                Map.of());
        OciLayout layout = new OciLayout(tmp);
        layout.write(index, "multi");

        JsonNode m = indexJson().path("manifests").get(0);
        assertEquals(Descriptor.OCI_INDEX, m.path("mediaType").asText());
        assertEquals(index.descriptor().digest(), m.path("digest").asText());
        assertArrayEquals(
                index.bytes(),
                Files.readAllBytes(layout.blobPath(index.descriptor().digest())));
        for (ImageBlobs img : List.of(amd64, arm64)) {
            assertTrue(Files.exists(layout.blobPath(img.manifest().digest())));
            assertTrue(Files.exists(
                    layout.blobPath(img.layers().get(0).descriptor().digest())));
        }

        ImageBlobs got = layout.read("multi", arm);
        assertEquals(arm64.manifest().digest(), got.manifest().digest());
        assertEquals("arm64", json(got.configBytes()).path("architecture").asText());
        assertEquals(
                amd64.manifest().digest(),
                layout.read("multi", Platform.LINUX_64).manifest().digest());

        CondockException noPlatform = assertThrows(CondockException.class, () -> layout.read("multi"));
        assertEquals(tmp + ": multi is an image index; name a platform (--platform)", noPlatform.getMessage());
        CondockException missing =
                assertThrows(CondockException.class, () -> layout.read("multi", Platform.of("linux-ppc64le")));
        assertEquals(
                tmp + ": multi has no image for linux/ppc64le (it has linux/amd64, linux/arm64)", missing.getMessage());
    }

    @Test
    void aLayerWithoutLocalBytesIsRefusedBeforeTheIndexNamesIt() throws Exception {
        ImageBlobs img = image(Platform.LINUX_64, "a");
        ImageBlobs.Layer remote = new ImageBlobs.Layer(img.layers().get(0).descriptor(), null, "docker.io/library/x");
        ImageBlobs noBytes =
                new ImageBlobs(img.manifest(), img.manifestBytes(), img.config(), img.configBytes(), List.of(remote));
        CondockException e = assertThrows(CondockException.class, () -> new OciLayout(tmp).write(noBytes, "v1"));
        assertTrue(e.getMessage().contains("is not available locally"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("index.json")));
    }

    @Test
    void ociTargetWritesUnderItsTagOrLatest() throws Exception {
        ImageBlobs img = image(Platform.LINUX_64, "a");
        ((OciTarget) ImageTarget.parse("oci:" + tmp)).write(img);
        ((OciTarget) ImageTarget.parse("oci:" + tmp + ":v3")).write(img);
        assertEquals(List.of("latest", "v3"), refs(indexJson()));
        assertEquals(
                img.manifest().digest(),
                ((OciTarget) ImageTarget.parse("oci:" + tmp + ":v3"))
                        .read()
                        .manifest()
                        .digest());
    }

    /** A blob written moments ago is linked, not copied; any other source is copied and checked as before. */
    @Test
    void aVerifiedBlobIsLinkedAndAnyOtherIsHashedOnTheWay() throws Exception {
        Path cache = Files.createDirectories(tmp.resolve("cache"));
        byte[] bytes = ImageFixtures.utf8("layer bytes");
        String digest = "sha256:" + sha256(bytes);
        Path cached = Files.write(cache.resolve(digest.substring(7)), bytes);
        Descriptor d = new Descriptor(Descriptor.LAYER_GZIP, digest, bytes.length, Map.of());
        byte[] config = ConfigBuilder.build(
                null,
                Platform.LINUX_64,
                "/opt/conda",
                0,
                List.of(new ConfigBuilder.AddedLayer(digest, "x", null)),
                Map.of());
        Descriptor cd = new Descriptor(Descriptor.OCI_CONFIG, "sha256:" + sha256(config), config.length);
        ImageBlobs fresh = Manifests.assemble(
                cd, config, List.of(new ImageBlobs.Layer(d, new VerifiedBlob(cached), null)), Map.of());
        Path a = tmp.resolve("a");
        new OciLayout(a).write(fresh, "v1");
        Path linked = a.resolve("blobs/sha256").resolve(digest.substring(7));
        assertTrue(Files.isSameFile(cached, linked), "linked to the cache's blob");
        assertArrayEquals(bytes, Files.readAllBytes(linked));

        // the same bytes behind a plain source are copied (their own file) and hashed: a wrong one never lands
        ImageBlobs plain = Manifests.assemble(
                cd, config, List.of(new ImageBlobs.Layer(d, () -> Files.newInputStream(cached), null)), Map.of());
        Path b = tmp.resolve("b");
        new OciLayout(b).write(plain, "v1");
        assertFalse(Files.isSameFile(cached, b.resolve("blobs/sha256").resolve(digest.substring(7))));
        Files.write(cached, ImageFixtures.utf8("corrupt"));
        Path c = tmp.resolve("c");
        assertThrows(CondockException.class, () -> new OciLayout(c).write(plain, "v1"));
        assertFalse(Files.exists(c.resolve("blobs/sha256").resolve(digest.substring(7))));
    }
}
