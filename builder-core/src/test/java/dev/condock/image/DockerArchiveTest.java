package dev.condock.image;

import static dev.condock.image.ImageFixtures.image;
import static dev.condock.image.ImageFixtures.json;
import static dev.condock.image.ImageFixtures.sha256;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.condock.model.Platform;
import dev.condock.util.CondockException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerArchiveTest {
    @TempDir
    Path tmp;

    /** Every member in order, name to bytes (a name twice would lose one: counted by the caller). */
    private static Map<String, byte[]> members(Path tar, List<String> order) throws Exception {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(tar);
                TarArchiveInputStream t = new TarArchiveInputStream(in)) {
            TarArchiveEntry e;
            while ((e = t.getNextEntry()) != null) {
                order.add(e.getName());
                out.put(e.getName(), t.readAllBytes());
            }
        }
        return out;
    }

    @Test
    void manifestJsonNamesConfigTagsAndLayersThatAreInTheTar() throws Exception {
        ImageBlobs img = image(Platform.LINUX_64, "one", "two");
        Path file = tmp.resolve("img.tar");
        DockerArchive.write(img, file, "repo/app:1.0");

        List<String> order = new ArrayList<>();
        Map<String, byte[]> m = members(file, order);
        JsonNode manifest = json(m.get("manifest.json"));
        assertEquals(1, manifest.size());
        JsonNode entry = manifest.get(0);
        assertEquals("blobs/sha256/" + img.config().hex(), entry.path("Config").asText());
        assertEquals(
                List.of("repo/app:1.0"), List.of(entry.path("RepoTags").get(0).asText()));
        assertEquals(1, entry.path("RepoTags").size());
        JsonNode layers = entry.path("Layers");
        assertEquals(2, layers.size());
        for (int i = 0; i < 2; i++) {
            String path = layers.get(i).asText();
            assertEquals("blobs/sha256/" + img.layers().get(i).descriptor().hex(), path);
            assertEquals(path.substring("blobs/sha256/".length()), sha256(m.get(path)));
        }
        assertArrayEquals(img.configBytes(), m.get(entry.path("Config").asText()));
        assertArrayEquals(
                img.manifestBytes(), m.get("blobs/sha256/" + img.manifest().hex()));
        assertEquals(
                "1.0.0", json(m.get("oci-layout")).path("imageLayoutVersion").asText());
        JsonNode index = json(m.get("index.json")).path("manifests").get(0);
        assertEquals(img.manifest().digest(), index.path("digest").asText());
        assertEquals(
                "repo/app:1.0",
                index.path("annotations").path("io.containerd.image.name").asText());
        assertEquals("1.0", index.path("annotations").path(OciLayout.REF_NAME).asText());
        assertEquals(order.size(), m.size(), "no member twice: " + order);
        assertEquals(List.of("blobs/", "blobs/sha256/"), order.subList(0, 2));

        ImageBlobs back = DockerArchive.read(file);
        assertEquals(img.manifest().digest(), back.manifest().digest());
        assertArrayEquals(img.configBytes(), back.configBytes());
        assertEquals(img.layers().get(1).descriptor(), back.layers().get(1).descriptor());
        assertArrayEquals(
                "two".getBytes(StandardCharsets.UTF_8),
                ImageFixtures.read(back.layers().get(1).source()));
    }

    @Test
    void aLayerUsedTwiceIsStoredOnce() throws Exception {
        ImageBlobs img = image(Platform.LINUX_64, "same", "same");
        Path file = tmp.resolve("img.tar");
        DockerArchive.write(img, file, "a:b");
        List<String> order = new ArrayList<>();
        Map<String, byte[]> m = members(file, order);
        String path = "blobs/sha256/" + img.layers().get(0).descriptor().hex();
        assertEquals(1, order.stream().filter(path::equals).count());
        JsonNode layers = json(m.get("manifest.json")).get(0).path("Layers");
        assertEquals(path, layers.get(0).asText());
        assertEquals(path, layers.get(1).asText());
    }

    @Test
    void tarListsAndExtractsIt() throws Exception {
        ProcessBuilder probe = new ProcessBuilder("tar", "--version").redirectErrorStream(true);
        boolean haveTar;
        try {
            Process p = probe.start();
            p.getInputStream().readAllBytes();
            haveTar = p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (java.io.IOException e) {
            haveTar = false;
        }
        assumeTrue(haveTar, "no tar on PATH");

        ImageBlobs img = image(Platform.LINUX_64, "layer");
        Path file = tmp.resolve("img.tar");
        new DockerArchiveTarget(file, java.util.Optional.empty()).write(img);
        Process list = new ProcessBuilder("tar", "-tf", file.toString())
                .redirectErrorStream(true)
                .start();
        List<String> names = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                .lines()
                .toList();
        assertEquals(0, list.waitFor());
        assertEquals(
                List.of(
                        "blobs/",
                        "blobs/sha256/",
                        "blobs/sha256/" + img.layers().get(0).descriptor().hex(),
                        "blobs/sha256/" + img.config().hex(),
                        "blobs/sha256/" + img.manifest().hex(),
                        "manifest.json",
                        "oci-layout",
                        "index.json"),
                names);

        Path out = Files.createDirectory(tmp.resolve("x"));
        Process extract = new ProcessBuilder("tar", "-xf", file.toString(), "-C", out.toString())
                .redirectErrorStream(true)
                .start();
        String err = new String(extract.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, extract.waitFor(), err);
        JsonNode manifest = json(Files.readAllBytes(out.resolve("manifest.json")));
        assertEquals("condock:latest", manifest.get(0).path("RepoTags").get(0).asText(), "the default name");
        Path layer = out.resolve(manifest.get(0).path("Layers").get(0).asText());
        assertEquals("layer", Files.readString(layer));
    }

    @Test
    void aLayerWithoutLocalBytesLeavesNoFile() throws Exception {
        ImageBlobs img = image(Platform.LINUX_64, "a");
        ImageBlobs noBytes = new ImageBlobs(
                img.manifest(),
                img.manifestBytes(),
                img.config(),
                img.configBytes(),
                List.of(new ImageBlobs.Layer(img.layers().get(0).descriptor(), null, "docker.io/library/x")));
        Path file = tmp.resolve("img.tar");
        CondockException e = assertThrows(CondockException.class, () -> DockerArchive.write(noBytes, file, "a:b"));
        assertEquals(
                "layer " + img.layers().get(0).descriptor().digest()
                        + " is not available locally; docker-archive needs every layer",
                e.getMessage());
        assertFalse(Files.exists(file));
        try (var left = Files.list(tmp)) {
            assertEquals(0, left.count(), "no temporary file left behind");
        }
    }

    @Test
    void readingSomethingElseIsAUserError() throws Exception {
        CondockException missing =
                assertThrows(CondockException.class, () -> DockerArchive.read(tmp.resolve("nope.tar")));
        assertEquals(tmp.resolve("nope.tar") + ": docker archive not found", missing.getMessage());
    }
}
