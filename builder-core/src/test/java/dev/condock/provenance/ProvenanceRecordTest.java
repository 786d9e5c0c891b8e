package dev.condock.provenance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.packageurl.PackageURL;
import dev.condock.image.ImageBlobs;
import dev.condock.image.OciTarget;
import dev.condock.pipeline.BuildListener;
import dev.condock.pipeline.BuildRequest;
import dev.condock.pipeline.BuildResult;
import dev.condock.pipeline.Condock;
import dev.condock.util.Hashing;
import dev.condock.util.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The record layer a build embeds: its files are the inputs, its labels their hashes, its bytes reproducible. */
class ProvenanceRecordTest {
    @TempDir
    Path tmp;

    private BuildResult build(Path spec, Path out, Path cache, SbomFormat sbom) throws Exception {
        return new Condock(BuildListener.SILENT)
                .build(BuildRequest.builder()
                        .spec(spec)
                        .cacheRoot(cache)
                        .mtime(1700000000)
                        .sbom(sbom)
                        .to("oci:" + out)
                        .lockOut(out.resolveSibling(out.getFileName() + ".lock"))
                        .build());
    }

    @Test
    void recordHoldsTheInputsAsGivenAndLabelsTheirHashes() throws Exception {
        Path spec = ProvenanceFixtures.spec(tmp.resolve("spec"), ProvenanceFixtures.channel(tmp));
        BuildResult r = build(spec, tmp.resolve("img"), tmp.resolve("cache"), SbomFormat.SPDX);
        Map<String, byte[]> files = ProvenanceFixtures.record(tmp.resolve("img"));
        assertEquals(
                java.util.Set.of("environment.yml", "condock.yaml", "conda-lock.explicit.txt", "sbom.spdx.json"),
                files.keySet());
        assertArrayEquals(Files.readAllBytes(spec.resolve("environment.yml")), files.get("environment.yml"));
        assertArrayEquals(Files.readAllBytes(spec.resolve("condock.yaml")), files.get("condock.yaml"));
        // the one lock rendering every route stores: the @EXPLICIT lock the solve wrote
        String lock = new String(files.get("conda-lock.explicit.txt"), StandardCharsets.UTF_8);
        assertTrue(lock.contains("@EXPLICIT\n") && lock.contains("numpy-2.1.0"), lock);
        assertEquals(Files.readString(tmp.resolve("img.lock")), lock);

        ImageBlobs image = new OciTarget(tmp.resolve("img"), "latest").read();
        ImageBlobs.Layer top = image.layers().get(image.layers().size() - 1);
        assertEquals("record", top.descriptor().annotations().get("dev.condock.layer"));
        JsonNode labels = ProvenanceFixtures.labels(image);
        JsonNode ann = Json.CANONICAL.readTree(image.manifestBytes()).path("annotations");
        for (String role : List.of("environment", "spec", "lock", "sbom")) {
            String file = labels.path("dev.condock.record." + role + ".file").asText();
            String sha = Hashing.sha256Hex(files.get(file));
            assertEquals(
                    sha, labels.path("dev.condock.record." + role + ".sha256").asText(), role);
            assertEquals(sha, ann.path("dev.condock.record." + role + ".sha256").asText(), role);
        }
        // a temp directory is no git work tree: no source labels, and no error
        assertTrue(labels.path("org.opencontainers.image.revision").isMissingNode());
        assertTrue(labels.path("org.opencontainers.image.source").isMissingNode());
        assertEquals(r.digest(), image.manifest().digest());
    }

    @Test
    void sameInputsSameDigestAndAChangedSpecChangesIt() throws Exception {
        Path ch = ProvenanceFixtures.channel(tmp);
        Path spec = ProvenanceFixtures.spec(tmp.resolve("spec"), ch);
        String a = build(spec, tmp.resolve("a"), tmp.resolve("cache-a"), SbomFormat.SPDX)
                .digest();
        String b = build(spec, tmp.resolve("b"), tmp.resolve("cache-b"), SbomFormat.SPDX)
                .digest();
        assertEquals(a, b);
        // the same cache: the build cache must not hand back an image with another record
        Files.writeString(spec.resolve("environment.yml"), "\n", java.nio.file.StandardOpenOption.APPEND);
        String c = build(spec, tmp.resolve("c"), tmp.resolve("cache-a"), SbomFormat.SPDX)
                .digest();
        assertNotEquals(a, c);
        String d = build(spec, tmp.resolve("d"), tmp.resolve("cache-a"), SbomFormat.CYCLONEDX)
                .digest();
        assertNotEquals(c, d);
        assertTrue(ProvenanceFixtures.record(tmp.resolve("d")).containsKey("sbom.cdx.json"));
    }

    @Test
    void gitSourceAndRevisionInsideAWorkTreeWithoutCredentials() throws Exception {
        Path repo = tmp.resolve("repo");
        Path spec = ProvenanceFixtures.spec(repo, ProvenanceFixtures.channel(tmp));
        git(repo, "init", "-q");
        git(repo, "remote", "add", "origin", "https://ci-user:s3cret-token@git.example.com/ml/train.git");
        git(repo, "add", ".");
        git(repo, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "spec");
        String head = new String(
                        new ProcessBuilder("git", "-C", repo.toString(), "rev-parse", "HEAD")
                                .start()
                                .getInputStream()
                                .readAllBytes(),
                        StandardCharsets.UTF_8)
                .strip();
        build(spec, tmp.resolve("img"), tmp.resolve("cache"), SbomFormat.NONE);
        ImageBlobs image = new OciTarget(tmp.resolve("img"), "latest").read();
        JsonNode labels = ProvenanceFixtures.labels(image);
        assertEquals(
                "https://git.example.com/ml/train.git",
                labels.path("org.opencontainers.image.source").asText());
        assertEquals(head, labels.path("org.opencontainers.image.revision").asText());
        String manifest = new String(image.manifestBytes(), StandardCharsets.UTF_8);
        assertTrue(manifest.contains("\"org.opencontainers.image.revision\":\"" + head + "\""), manifest);
        assertFalse(manifest.contains("s3cret")
                || new String(image.configBytes(), StandardCharsets.UTF_8).contains("s3cret"));
        assertFalse(
                ProvenanceFixtures.record(tmp.resolve("img")).keySet().stream().anyMatch(f -> f.startsWith("sbom")));
    }

    @Test
    void buildFromALockRecordsTheLockAsGiven() throws Exception {
        Path ch = ProvenanceFixtures.channel(tmp);
        Path spec = ProvenanceFixtures.spec(tmp.resolve("spec"), ch);
        build(spec, tmp.resolve("a"), tmp.resolve("cache"), SbomFormat.SPDX);
        Path lock = tmp.resolve("a.lock"); // the @EXPLICIT lock the solve wrote
        new Condock(BuildListener.SILENT)
                .build(BuildRequest.builder()
                        .lock(lock)
                        .cacheRoot(tmp.resolve("cache"))
                        .to("oci:" + tmp.resolve("b"))
                        .build());
        Map<String, byte[]> files = ProvenanceFixtures.record(tmp.resolve("b"));
        assertEquals(java.util.Set.of("conda-lock.explicit.txt", "sbom.spdx.json"), files.keySet());
        assertArrayEquals(Files.readAllBytes(lock), files.get("conda-lock.explicit.txt"));
        JsonNode sbom = Json.CANONICAL.readTree(files.get("sbom.spdx.json"));
        List<String> purls = new ArrayList<>();
        sbom.path("packages")
                .forEach(p -> p.path("externalRefs")
                        .forEach(e -> purls.add(e.path("referenceLocator").asText())));
        assertEquals(3, purls.size(), purls.toString());
        for (String p : purls) {
            PackageURL u = new PackageURL(p);
            assertEquals("conda", u.getType());
            assertEquals("channel", u.getNamespace());
            assertEquals("linux-64", u.getQualifiers().get("subdir"));
        }
    }

    private static void git(Path dir, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("git", "-C", dir.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).inheritIO().start();
        assertEquals(0, p.waitFor(), String.join(" ", cmd));
    }
}
