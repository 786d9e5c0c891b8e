package dev.condock.solve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.condock.channel.RepodataParser;
import dev.condock.model.PackageRecord;
import dev.condock.spec.MatchSpec;
import dev.condock.util.CondockException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** rattler's dummy-channel known answers: .conda preferred, virtual packages, missing names, conflicts. */
class RattlerDummyCasesTest {
    static final String BASE = "https://conda.anaconda.org/conda-forge/linux-64/";

    @TestFactory
    Stream<DynamicTest> rattlerDummyCases() throws Exception {
        Path data = KnownAnswerCases.DATA;
        JsonNode root = new ObjectMapper()
                .readTree(data.resolve("expectations/rattler-dummy-channel-cases.json")
                        .toFile());
        List<PackageRecord> recs;
        try (InputStream in = Files.newInputStream(data.resolve("repodata/rattler-dummy_linux-64.json"))) {
            recs = RepodataParser.parse(in, "rattler-dummy", "linux-64", BASE, "https://conda.anaconda.org/conda-forge")
                    .records();
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : root.get("cases")) {
            tests.add(DynamicTest.dynamicTest(c.get("test").asText(), () -> {
                List<MatchSpec> specs = new ArrayList<>();
                c.get("specs").forEach(s -> specs.add(MatchSpec.parse(s.asText())));
                List<PackageRecord> virt = new ArrayList<>();
                c.get("virtual_packages")
                        .forEach(v -> virt.add(PackageRecord.of(
                                v.get("name").asText(),
                                v.get("version").asText(),
                                v.get("build").asText())));
                SolveOptions o = new SolveOptions(true, 0, virt);
                List<CondaSolver.Source> src = List.of(new CondaSolver.Source("conda-forge", recs));
                JsonNode exp = c.get("expected");
                if (exp.isTextual()) {
                    CondockException e = assertThrows(CondockException.class, () -> CondaSolver.solve(src, specs, o));
                    assertTrue(e.getMessage().startsWith("cannot solve"), e.getMessage());
                    if (exp.asText().contains("asdfasdf"))
                        assertTrue(e.getMessage().contains("asdfasdf"), e.getMessage());
                    return;
                }
                List<SolvedPackage> got = CondaSolver.solve(src, specs, o);
                assertEquals(exp.size(), got.size(), got.toString());
                for (int i = 0; i < exp.size(); i++) {
                    String want = exp.get(i).asText();
                    PackageRecord r = got.get(i).record();
                    assertTrue(
                            want.equals(r.fn()) || want.equals(r.name() + "-" + r.version()), want + " vs " + r.fn());
                }
                if (c.has("also")) {
                    JsonNode a = c.get("also");
                    PackageRecord r = got.get(0).record();
                    assertEquals(a.get("url").asText(), r.url());
                    assertEquals(a.get("sha256").asText(), r.sha256());
                    assertEquals(a.get("md5").asText(), r.md5());
                    assertEquals(a.get("build_number").asLong(), r.buildNumber());
                }
            }));
        }
        return tests.stream();
    }
}
