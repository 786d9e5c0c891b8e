package dev.condock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.condock.pkgbuild.ArchiveFormat;
import dev.condock.pkgbuild.BuiltPackage;
import dev.condock.pkgbuild.ChannelWriter;
import dev.condock.pkgbuild.CondaPackageWriter;
import dev.condock.util.Json;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** platforms: [linux-64, linux-aarch64] → one OCI index; each manifest's config and layers are its platform's. */
@Tag("e2e")
class MultiArchBuildTest {
    @TempDir
    Path tmp;

    static JsonNode blob(Path layout, String digest) throws Exception {
        return Json.CANONICAL.readTree(
                layout.resolve("blobs/sha256/" + digest.substring(7)).toFile());
    }

    /** path → content of every regular file in the layers of a manifest. */
    static Map<String, String> files(Path layout, JsonNode manifest) throws Exception {
        Map<String, String> out = new TreeMap<>();
        for (JsonNode l : manifest.path("layers")) {
            try (InputStream in = new GZIPInputStream(Files.newInputStream(layout.resolve(
                            "blobs/sha256/" + l.path("digest").asText().substring(7))));
                    TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
                for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                    if (e.isFile()) {
                        out.put(e.getName(), new String(tar.readAllBytes(), StandardCharsets.UTF_8));
                    }
                }
            }
        }
        return out;
    }

    @Test
    void buildsAnIndexWithOneImagePerPlatform() throws Exception {
        Path ch = tmp.resolve("channel");
        List<BuiltPackage> b = ChannelWriter.writePackages(
                ch,
                ArchiveFormat.CONDA,
                List.of(
                        CondaPackageWriter.builder("hello", "1.0", "h0_0")
                                .subdir("linux-64")
                                .file("bin/hello", "x86_64 build\n", 0755),
                        CondaPackageWriter.builder("hello", "1.0", "h0_0")
                                .subdir("linux-aarch64")
                                .file("bin/hello", "aarch64 build\n", 0755),
                        CondaPackageWriter.builder("data", "1.0", "0")
                                .noarch("generic")
                                .file("share/data.txt", "same everywhere\n", 0644)));
        Path locks = Files.createDirectories(tmp.resolve("app/locks"));
        Fixtures.explicitLock(locks.resolve("linux-64.txt"), ch, List.of(b.get(0), b.get(2)), "linux-64");
        Fixtures.explicitLock(locks.resolve("linux-aarch64.txt"), ch, List.of(b.get(1), b.get(2)), "linux-aarch64");
        Files.writeString(tmp.resolve("app/condock.yaml"), """
                lock: locks/{platform}.txt
                platforms: [linux-64, linux-aarch64]
                tags: ["oci:../out:multi"]
                """);
        Fixtures.Run r = Fixtures.cli(
                "build",
                tmp.resolve("app").toString(),
                "--cache",
                tmp.resolve("cache").toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("virtual packages (linux-aarch64): __archspec=1=aarch64"), r.err());

        Path out = tmp.resolve("out");
        JsonNode top = Json.CANONICAL
                .readTree(out.resolve("index.json").toFile())
                .path("manifests")
                .path(0);
        assertEquals(
                "application/vnd.oci.image.index.v1+json", top.path("mediaType").asText());
        assertEquals(r.out().strip(), top.path("digest").asText(), "the printed digest is the index's");
        JsonNode index = blob(out, top.path("digest").asText());
        assertEquals(2, index.path("manifests").size());
        List<String> seen = new ArrayList<>();
        for (JsonNode m : index.path("manifests")) {
            String arch = m.path("platform").path("architecture").asText();
            seen.add(m.path("platform").path("os").asText() + "/" + arch);
            JsonNode manifest = blob(out, m.path("digest").asText());
            JsonNode config = blob(out, manifest.path("config").path("digest").asText());
            assertEquals(arch, config.path("architecture").asText());
            Map<String, String> files = files(out, manifest);
            assertEquals(arch.equals("amd64") ? "x86_64 build\n" : "aarch64 build\n", files.get("opt/conda/bin/hello"));
            assertEquals("same everywhere\n", files.get("opt/conda/share/data.txt"));
            assertEquals(
                    arch.equals("amd64") ? "linux-64" : "linux-aarch64",
                    config.path("config")
                            .path("Labels")
                            .path("dev.condock.platform")
                            .asText());
        }
        assertEquals(List.of("linux/amd64", "linux/arm64"), seen);
        Fixtures.Run insp = Fixtures.cli("inspect", "oci:" + out + ":multi", "--platform", "linux-aarch64", "--json");
        assertEquals(0, insp.exit(), insp.err());
        assertEquals(
                index.path("manifests").path(1).path("digest").asText(),
                Json.CANONICAL.readTree(insp.out()).path("digest").asText());
        String raw = BuildCommandTest.sh(tmp, "skopeo", "inspect", "--raw", "oci:" + out + ":multi");
        assertTrue(raw.contains("\"arm64\""), raw);

        // a build on the index takes the base image of its own platform
        Fixtures.Run arm = Fixtures.cli(
                "build",
                "--lock",
                locks.resolve("linux-aarch64.txt").toString(),
                "--platform",
                "linux-aarch64",
                "--base",
                "oci:" + out + ":multi",
                "--prefix",
                "/opt/other",
                "--cache",
                tmp.resolve("cache").toString(),
                "--to",
                "oci:" + tmp.resolve("arm"));
        assertEquals(0, arm.exit(), arm.err());
        JsonNode armManifest = blob(
                tmp.resolve("arm"),
                Json.CANONICAL
                        .readTree(tmp.resolve("arm/index.json").toFile())
                        .path("manifests")
                        .path(0)
                        .path("digest")
                        .asText());
        JsonNode baseArm =
                blob(out, index.path("manifests").path(1).path("digest").asText());
        assertEquals(
                baseArm.path("layers").path(0).path("digest"),
                armManifest.path("layers").path(0).path("digest"));
    }
}
