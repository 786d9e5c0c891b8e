package dev.condock.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.condock.model.PackageRecord;
import dev.condock.model.Platform;
import dev.condock.solve.Resolution;
import dev.condock.solve.SolvedPackage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

class LockWriterTest {
    @TempDir
    Path tmp;

    static Resolution sample() {
        PackageRecord py = PackageRecord.builder("python", "3.11.0", "h1_0")
                .buildNumber(0)
                .subdir("linux-64")
                .fn("python-3.11.0-h1_0.conda")
                .url("https://user:pw@mirror.example/t/SECRET/conda-forge/linux-64/python-3.11.0-h1_0.conda")
                .channel("https://mirror.example/conda-forge")
                .md5("a".repeat(32))
                .sha256("b".repeat(64))
                .size(10)
                .timestamp(1)
                .depends(List.of("libzlib >=1.2.13,<2.0a0", "tzdata"))
                .build();
        PackageRecord z = PackageRecord.builder("libzlib", "1.3", "0")
                .buildNumber(0)
                .subdir("linux-64")
                .fn("libzlib-1.3-0.conda")
                .url("https://mirror.example/conda-forge/linux-64/libzlib-1.3-0.conda")
                .channel("https://mirror.example/conda-forge")
                .md5("c".repeat(32))
                .sha256("d".repeat(64))
                .size(10)
                .timestamp(1)
                .build();
        TreeMap<String, List<SolvedPackage>> pk = new TreeMap<>();
        pk.put("linux-64", List.of(new SolvedPackage("conda-forge", z), new SolvedPackage("conda-forge", py)));
        return new Resolution(
                pk,
                List.of("https://user:pw@mirror.example/t/SECRET/conda-forge"),
                Map.of("linux-64", "e".repeat(64)),
                List.of());
    }

    @Test
    void condaLockHasHashesAndNoSecrets() throws Exception {
        String y = LockWriter.condaLockYaml(sample(), List.of("environment.yml"));
        assertFalse(y.contains("SECRET") || y.contains("pw@"), y);
        Map<String, Object> doc = new Yaml().load(y);
        assertEquals(1, doc.get("version"));
        List<Map<String, Object>> pk = (List<Map<String, Object>>) doc.get("package");
        assertEquals("libzlib", pk.get(0).get("name"));
        Map<String, Object> py = pk.get(1);
        assertEquals(Map.of("md5", "a".repeat(32), "sha256", "b".repeat(64)), py.get("hash"));
        assertEquals(Map.of("libzlib", ">=1.2.13,<2.0a0", "tzdata", "*"), py.get("dependencies"));
        assertEquals("https://mirror.example/conda-forge/linux-64/python-3.11.0-h1_0.conda", py.get("url"));
        Map<String, Object> meta = (Map<String, Object>) doc.get("metadata");
        assertEquals(Map.of("linux-64", "e".repeat(64)), meta.get("content_hash"));
        assertEquals(y, LockWriter.condaLockYaml(sample(), List.of("environment.yml")), "deterministic");
    }

    @Test
    void explicitListsUrlsInInstallOrder() throws Exception {
        String e = LockWriter.explicit(sample(), Platform.LINUX_64);
        Path f = tmp.resolve("explicit.txt");
        LockWriter.write(f, e);
        List<String> lines = Files.readAllLines(f);
        assertTrue(lines.contains("@EXPLICIT"));
        int at = lines.indexOf("@EXPLICIT");
        // sha256 when the record has it (CEP 23), the stronger hash the fetcher then verifies
        assertEquals(
                "https://mirror.example/conda-forge/linux-64/libzlib-1.3-0.conda#sha256:" + "d".repeat(64),
                lines.get(at + 1));
        assertFalse(e.contains("SECRET"));
    }

    @Test
    void explicitCarriesPipRequirementsAsCommentsThatReadersSkip() throws Exception {
        Resolution base = sample();
        Resolution withPip = new Resolution(
                base.packages(), base.channels(), base.contentHash(), List.of("requests==2.31.0", "torchmetrics>=1.0"));
        Path f = tmp.resolve("pip.txt");
        LockWriter.write(f, LockWriter.explicit(withPip, Platform.LINUX_64));
        List<String> lines = Files.readAllLines(f);
        assertTrue(lines.contains("# pip: requests==2.31.0"), lines.toString());
        assertTrue(lines.indexOf("# pip: torchmetrics>=1.0") < lines.indexOf("@EXPLICIT"));
        assertEquals(
                base.packages().get("linux-64").size(),
                LockReader.read(f, Platform.LINUX_64).packages().size());
    }
}
