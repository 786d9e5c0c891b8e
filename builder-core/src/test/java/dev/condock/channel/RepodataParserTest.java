package dev.condock.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.condock.model.PackageRecord;
import dev.condock.util.CondockException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class RepodataParserTest {
    static final Path REPO = Path.of("../shared/conda-testdata/repodata");

    static RepodataParser.Subdir parse(String file, String subdir, String base) throws Exception {
        try (InputStream in = Files.newInputStream(REPO.resolve(file))) {
            return RepodataParser.parse(in, file, subdir, base, "https://example.org/ch");
        }
    }

    @Test
    void prefersCondaOverTarBz2AndTrustsTheRecord() throws Exception {
        RepodataParser.Subdir sd = parse("rattler-dummy_linux-64.json", "linux-64", "https://example.org/ch/linux-64/");
        List<PackageRecord> foo = sd.records().stream()
                .filter(r -> r.dist().equals("foo-3.0.2-py36h1af98f8_1"))
                .toList();
        assertEquals(1, foo.size());
        assertTrue(foo.get(0).fn().endsWith(".conda"));
        // relative base_url "../linux-64" resolves against the subdir URL
        assertEquals(
                "https://example.org/ch/linux-64/foo-3.0.2-py36h1af98f8_1.conda",
                foo.get(0).url());
        assertTrue(sd.records().stream()
                .anyMatch(r -> r.name().equals("bar") && r.version().equals("1.2.3")));
    }

    @Test
    void readsNullDependsAndSecondTimestamps() throws Exception {
        RepodataParser.Subdir sd = parse("mamba-conda-forge-numpy_linux-64.json", "linux-64", null);
        assertTrue(sd.records().size() > 5);
        PackageRecord any = sd.records().get(0);
        assertTrue(any.timestamp() > 1_000_000_000_000L, "timestamps normalised to ms: " + any.timestamp());
    }

    @Test
    void readsV2AndFlatIndexes() throws Exception {
        RepodataParser.Subdir v2 = parse("mamba-conda-forge-repodata-version-2.json", "linux-64", null);
        assertTrue(v2.records().stream().anyMatch(r -> r.fn().endsWith(".conda")));
        assertTrue(v2.records().stream().allMatch(r -> r.depends() != null));
        RepodataParser.Subdir flat = parse("conda-channel-1_index.json", "linux-64", null);
        assertEquals(1149, flat.records().size());
        assertTrue(flat.records().stream()
                .filter(r -> r.name().equals("accelerate"))
                .allMatch(r -> r.trackFeatures().equals(List.of("mkl"))));
    }

    @Test
    void corruptJsonNamesFileAndLine() {
        String bad = "{\n  \"packages\": {\n    \"a-1-0.tar.bz2\": {\"name\": \"a\",, }\n  }\n}\n";
        CondockException e = assertThrows(
                CondockException.class,
                () -> RepodataParser.parse(
                        new ByteArrayInputStream(bad.getBytes(StandardCharsets.UTF_8)),
                        "bad.json",
                        "linux-64",
                        null,
                        "c"));
        assertTrue(e.getMessage().startsWith("bad.json:3:"), e.getMessage());
        assertEquals(2, e.exitCode());
    }
}
